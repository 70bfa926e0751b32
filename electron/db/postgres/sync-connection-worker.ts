/**
 * The thread that holds one PostgreSQL connection for a blocking caller (sync-connection.ts). It does
 * one request at a time — the caller is blocked until the answer, so there is never a second one in
 * flight — posts the answer on the port and then wakes the caller through the shared signal slot.
 */
import { type MessagePort, workerData } from 'node:worker_threads';
import pg from 'pg';
import {
  ANSWERED,
  type Answer,
  GONE,
  HEARTBEAT,
  HEARTBEAT_MS,
  type PgErrorFields,
  type Request,
  SIGNAL,
} from './protocol.ts';

const { url, port, signal } = workerData as { url: string; port: MessagePort; signal: SharedArrayBuffer };
const slot = new Int32Array(signal);
setInterval(() => Atomics.add(slot, HEARTBEAT, 1), HEARTBEAT_MS);

/**
 * int8 (count(*), bigint ids) as a number when it is one exactly, else as a bigint: a value beyond
 * 2^53 is never rounded, and code that does arithmetic with it fails loudly (number + bigint throws).
 */
function parseInt8(text: string): number | bigint {
  const n = Number(text);
  return Number.isSafeInteger(n) ? n : BigInt(text);
}

const types = {
  getTypeParser: ((oid: number, format?: 'text' | 'binary') =>
    oid === pg.types.builtins.INT8 && format !== 'binary'
      ? parseInt8
      : pg.types.getTypeParser(oid, format)) as typeof pg.types.getTypeParser,
};

const client = new pg.Client({ connectionString: url, types });
/** Set when the connection broke between requests; every later request answers it. */
let lost: PgErrorFields | null = null;
client.on('error', (e) => {
  lost = { message: `与数据库服务器的连接已断开：${e.message}`, code: (e as { code?: string }).code };
});

function answer(a: Answer): void {
  port.postMessage(a);
  Atomics.store(slot, SIGNAL, ANSWERED);
  Atomics.notify(slot, SIGNAL);
}

function failure(e: unknown): PgErrorFields {
  if (lost) return lost;
  const f = e as Partial<PgErrorFields> & { message?: string };
  const fields: PgErrorFields = { message: f.message ?? String(e) };
  for (const k of ['code', 'detail', 'constraint', 'table', 'column'] as const) {
    if (typeof f[k] === 'string') fields[k] = f[k];
  }
  return fields;
}

async function handle(r: Request): Promise<Answer> {
  if (lost && r.op !== 'close') return { ok: false, error: lost };
  switch (r.op) {
    case 'connect':
      await client.connect();
      return { ok: true, rows: [], rowCount: 0 };
    case 'query': {
      const res = await client.query({ text: r.text, values: r.params as unknown[] });
      return { ok: true, rows: res.rows, rowCount: res.rowCount ?? 0 };
    }
    case 'exec': {
      // Simple protocol: several statements in one round trip, no parameters.
      await client.query(r.text);
      return { ok: true, rows: [], rowCount: 0 };
    }
    case 'close':
      await client.end().catch(() => undefined);
      return { ok: true, rows: [], rowCount: 0 };
    case 'crash':
      process.exit(3);
      break;
    case 'hang':
      for (;;) {
        // Never yields: the heartbeat stops, the thread stays.
      }
  }
}

port.on('message', (r: Request) => {
  handle(r).then(answer, (e: unknown) => answer({ ok: false, error: failure(e) }));
});

// However the thread ends (process.exit, an uncaught error), the caller stops waiting for it.
process.on('exit', () => {
  Atomics.store(slot, SIGNAL, GONE);
  Atomics.notify(slot, SIGNAL);
});
