/**
 * What the blocking side (sync-connection.ts) and the connection's thread (sync-connection-worker.ts)
 * say to each other. Requests and answers travel on a MessagePort; the answer is also signalled in a
 * shared Int32 slot the blocking side waits on with Atomics.wait, then takes the message off the port
 * with receiveMessageOnPort — so no event loop turn is needed on the blocking side.
 */
import type { SqlValue } from '../sql.ts';

/** Index of the signal slot in the shared Int32Array. */
export const SIGNAL = 0;
/**
 * Index of the heartbeat: the worker adds one every HEARTBEAT_MS while its event loop turns (it turns
 * while a query waits on the server), so a thread that stopped without its exit handler (out of
 * memory) or is stuck in JavaScript shows as a heartbeat that stands still.
 */
export const HEARTBEAT = 1;
export const HEARTBEAT_MS = 100;
export const SLOTS = 2;
/** Slot values. */
export const WAITING = 0;
export const ANSWERED = 1;
/** Written by the worker's exit handler: nothing will ever answer again. */
export const GONE = 2;

export type Request =
  | { op: 'connect' }
  | { op: 'query'; text: string; params: readonly SqlValue[] }
  /** Several statements without parameters (simple protocol): migrations, BEGIN/COMMIT. */
  | { op: 'exec'; text: string }
  | { op: 'close' }
  /** Test only: the thread dies while a caller waits, as a crash would. */
  | { op: 'crash' }
  /** Test only: the thread stops answering without exiting (its JavaScript never yields). */
  | { op: 'hang' };

/** Row values as the worker's type parsers leave them (see sync-connection.ts on int8 and bytea). */
export type Row = Record<string, unknown>;

export interface PgErrorFields {
  message: string;
  /** SQLSTATE, e.g. 23505 unique_violation; absent when the error is not the server's (socket closed). */
  code?: string;
  detail?: string;
  constraint?: string;
  table?: string;
  column?: string;
}

export type Answer = { ok: true; rows: Row[]; rowCount: number } | { ok: false; error: PgErrorFields };
