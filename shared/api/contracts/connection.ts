/**
 * How the desktop app reaches its data (issue 17): this desk's own encrypted database, or the bureau's
 * server. The choice lives with the desktop app (a file beside the desk's data, never in a database), so
 * these calls are answered by the desk's side: the desktop app's main process, or browser mode (where a
 * new choice is saved for the desktop app but cannot change how this browser page is served). A bureau
 * server answers 'unavailable'.
 */
import { z } from 'zod';
import type { ContractTable } from './table.ts';
import { empty } from './core.ts';

/** Hex SHA-256, with or without colons, any case: what an officer may copy from a certificate dialog. */
export const fingerprintInputSchema = z.string().trim().max(200);

export const connectionChoiceSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('desk') }).strict(),
  z
    .object({
      mode: z.literal('server'),
      /** https://host[:port]/ (plain http only on this computer's own address, for tests). */
      url: z.string().trim().min(1, '请填写单位服务器地址').max(300),
      /** SHA-256 of the server certificate (DER), 64 hex digits; null when the system trusts it. */
      fingerprint: fingerprintInputSchema.nullable(),
    })
    .strict(),
]);
export type ConnectionChoiceInput = z.input<typeof connectionChoiceSchema>;

/** A stored choice, normalised: the URL's origin with a trailing slash, the fingerprint as 64 lower-case hex. */
export const storedChoiceSchema = z.discriminatedUnion('mode', [
  z.object({ mode: z.literal('desk') }),
  z.object({ mode: z.literal('server'), url: z.string(), fingerprint: z.string().nullable() }),
]);
export type StoredChoice = z.infer<typeof storedChoiceSchema>;

export const connectionContract = {
  /**
   * The stored choice (null: none yet, or the file was unreadable — `notice` says so), whether a change
   * applies to this window (`appliesHere`: the desktop app) and whether to ask now (`ask`: the desktop
   * app's first run).
   */
  'connection.get': {
    input: empty,
    output: z.object({
      choice: storedChoiceSchema.nullable(),
      ask: z.boolean(),
      appliesHere: z.boolean(),
      /** Chinese, for the screen: why the choice is being asked again, or where a change takes effect. */
      notice: z.string().nullable(),
    }),
  },
  /**
   * Connects to a server address and reports its certificate: the fingerprint for the officer to compare
   * with the one the server's administrator gave, whether the system trusts the certificate, and the
   * server's county. Refuses (Chinese) an address that cannot be reached, a certificate that differs from
   * the given fingerprint, or a server that is not a CreditDesk bureau server.
   */
  'connection.probe': {
    input: z
      .object({
        url: z.string().trim().min(1, '请填写单位服务器地址').max(300),
        fingerprint: fingerprintInputSchema.nullable(),
      })
      .strict(),
    output: z.object({
      url: z.string(),
      /** 64 lower-case hex digits; null over plain http (loopback tests), which has no certificate. */
      fingerprint: z.string().nullable(),
      /** The system's certificate store accepts the certificate (then no fingerprint need be pinned). */
      trusted: z.boolean(),
      /** The server's 单位 and county, for the officer to recognise it. */
      bureau: z.string().nullable(),
    }),
  },
  /**
   * Stores the choice. A server is probed again first (with its fingerprint, when the system does not
   * trust its certificate), so nothing unreachable or unpinned is stored. `restarting`: the desktop app
   * reopens its window on the new choice; otherwise `message` says where it takes effect.
   */
  'connection.set': {
    input: connectionChoiceSchema,
    output: z.object({ choice: storedChoiceSchema, restarting: z.boolean(), message: z.string() }),
  },
} as const satisfies ContractTable;
