/**
 * Probes a bureau server address before the desktop app is pointed at it: connects with node:https,
 * reads the certificate's SHA-256 fingerprint, checks it against the pinned one, and asks the server's
 * app.status whether it is a CreditDesk bureau server. Runs in plain Node (tests, browser mode), not in
 * Chromium, so the rules are those Electron's certificate check (main/certificate-pin.ts) applies too:
 * - a pinned fingerprint must match, whether or not the system trusts the certificate;
 * - with no pin, a certificate the system does not trust is reported (trusted: false) so the officer can
 *   compare its fingerprint with the administrator's and confirm it; nothing is stored by the probe.
 * The request carries no password or session: app.status is what the login page asks anyone.
 */
import { createHash } from 'node:crypto';
import { type ClientRequest, request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import type { TLSSocket } from 'node:tls';
import { ApiError } from '../../shared/api/errors.ts';
import { normaliseFingerprint, normaliseServerUrl } from './choice.ts';

export const UNREACHABLE_MESSAGE =
  '无法连接到单位服务器。请核对服务器地址，确认服务器已开启、本机网络可以访问它；如仍不行，请联系管理员。';
export const MISMATCH_MESSAGE = '服务器证书与记录的指纹不一致，可能不是本单位的服务器';
export const NOT_CREDITDESK_MESSAGE =
  '该地址上的服务不是信用监管工作台的单位服务器，请核对服务器地址（含端口号）。';

export interface ProbeResult {
  url: string;
  fingerprint: string | null;
  trusted: boolean;
  bureau: string | null;
}

export interface ProbeOptions {
  timeoutMs?: number;
  /** Extra trusted CA certificates (tests: to show a "system-trusted" certificate). */
  ca?: string | Buffer;
}

const DEFAULT_TIMEOUT_MS = 8_000;
/** app.status answers a few hundred bytes; a server that sends more is not ours. */
const MAX_ANSWER_BYTES = 64 * 1024;

/** SHA-256 of a certificate's DER bytes, lower-case hex. */
export function certificateFingerprint(der: Buffer): string {
  return createHash('sha256').update(der).digest('hex');
}

export async function probeServer(
  rawUrl: string,
  rawPin: string | null,
  opts: ProbeOptions = {},
): Promise<ProbeResult> {
  const url = normaliseServerUrl(rawUrl);
  const pin = rawPin ? normaliseFingerprint(rawPin) : null;
  const target = new URL('api/app.status', url);
  const secure = target.protocol === 'https:';
  let certificate: { fingerprint: string; trusted: boolean } | null = null;

  const answer = await new Promise<{ status: number; body: string }>((resolve, reject) => {
    const body = '{}';
    const options = {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', 'Content-Length': Buffer.byteLength(body) },
      timeout: opts.timeoutMs ?? DEFAULT_TIMEOUT_MS,
      // A fresh connection every time: a pooled one would skip the certificate check below.
      agent: false,
      ...(secure
        ? {
            // The probe must see an untrusted certificate to report its fingerprint; it refuses one
            // itself below, before anything but this anonymous status request is sent.
            rejectUnauthorized: false,
            ...(opts.ca ? { ca: opts.ca } : {}),
          }
        : {}),
    };
    const onAnswer = (res: IncomingMessage) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (c: Buffer) => {
        size += c.length;
        if (size > MAX_ANSWER_BYTES) req.destroy(new ApiError('invalid_input', NOT_CREDITDESK_MESSAGE));
        else chunks.push(c);
      });
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
      );
      res.on('error', reject);
    };
    const req: ClientRequest = secure
      ? httpsRequest(target, options, onAnswer)
      : httpRequest(target, options, onAnswer);
    req.on('socket', (socket) => {
      if (!secure) return;
      (socket as TLSSocket).once('secureConnect', () => {
        const tls = socket as TLSSocket;
        const peer = tls.getPeerX509Certificate();
        if (!peer) {
          req.destroy(new ApiError('invalid_input', NOT_CREDITDESK_MESSAGE));
          return;
        }
        certificate = { fingerprint: certificateFingerprint(peer.raw), trusted: tls.authorized };
        if (pin !== null && certificate.fingerprint !== pin) {
          req.destroy(new ApiError('forbidden', MISMATCH_MESSAGE, { fingerprint: MISMATCH_MESSAGE }));
        }
      });
    });
    req.on('timeout', () => req.destroy(new ApiError('not_found', UNREACHABLE_MESSAGE)));
    req.on('error', (err) =>
      reject(
        err instanceof ApiError
          ? err
          : new ApiError('not_found', UNREACHABLE_MESSAGE, { url: UNREACHABLE_MESSAGE }),
      ),
    );
    req.end(body);
  });

  const value = creditDeskStatus(answer.status, answer.body);
  const cert = certificate as { fingerprint: string; trusted: boolean } | null;
  return {
    url,
    fingerprint: cert?.fingerprint ?? null,
    // Plain http on loopback has nothing to trust; only tests and a server on this very computer use it.
    trusted: secure ? (cert?.trusted ?? false) : true,
    bureau: value.bureau,
  };
}

/** The answer of a bureau server's app.status: `{ ok: true, value: { server: true, county } }`. */
function creditDeskStatus(status: number, text: string): { bureau: string | null } {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new ApiError('invalid_input', NOT_CREDITDESK_MESSAGE, { url: NOT_CREDITDESK_MESSAGE });
  }
  const value = isRecord(body) && body.ok === true && isRecord(body.value) ? body.value : null;
  if (status !== 200 || value === null || value.server !== true) {
    throw new ApiError('invalid_input', NOT_CREDITDESK_MESSAGE, { url: NOT_CREDITDESK_MESSAGE });
  }
  const county = isRecord(value.county) ? value.county : null;
  const nonEmpty = (v: unknown) => (typeof v === 'string' && v !== '' ? v : null);
  const bureau = nonEmpty(county?.bureau);
  const name = nonEmpty(county?.name);
  return { bureau: bureau && name ? `${bureau}（${name}）` : (bureau ?? name) };
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
