/**
 * A blocking PostgreSQL connection (issue 17, the bureau server's first landing; docs/bureau-server.md).
 * Repositories and services are synchronous, as they are on better-sqlite3; node-postgres is
 * asynchronous. The connection lives in a worker thread of its own and every call here blocks the
 * calling thread on Atomics.wait until that thread answers — synckit's technique, in the few lines we
 * need. Concurrency comes later from several backend threads, each with its own connection.
 *
 * What comes back:
 * - rows as node-postgres parses them, except int8 (bigint columns, count(*)): a number when exact,
 *   a bigint beyond 2^53 (never a rounded number);
 * - bytea as a Uint8Array (a Buffer becomes a plain Uint8Array when it crosses threads);
 * - numeric (sum() of bigint, avg()) as a string, node-postgres's default: a repository casts where it
 *   wants a number;
 * - errors as thrown PgError with the server's SQLSTATE in `code` (23505 unique_violation …).
 *
 * Limit: a `query` result crosses from the thread in one message, so it holds its whole result twice
 * for a moment. Reads of hundreds of thousands of rows (grading, exports) use `iterate`, a cursor
 * fetched a page at a time.
 */
import { existsSync } from 'node:fs';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import type { SqlValue } from '../sql.ts';
import {
  type Answer,
  GONE,
  type PgErrorFields,
  type Request,
  type Row,
  HEARTBEAT,
  SIGNAL,
  SLOTS,
  WAITING,
} from './protocol.ts';

const CRASH = Symbol('crash');

export class PgError extends Error {
  readonly code: string | undefined;
  readonly detail: string | undefined;
  readonly constraint: string | undefined;
  readonly table: string | undefined;

  constructor(f: PgErrorFields) {
    super(f.message);
    this.name = 'PgError';
    this.code = f.code;
    this.detail = f.detail;
    this.constraint = f.constraint;
    this.table = f.table;
  }
}

/** Thrown when the connection's thread is gone: nothing sent on this connection will be answered. */
export const CONNECTION_GONE = 'CD000';

export interface SyncConnection {
  /** Rows of one statement with $1, $2 … parameters. */
  query<T = Row>(text: string, params?: readonly SqlValue[]): T[];
  /**
   * Rows of a large read, fetched `pageRows` at a time through a cursor, so the whole result is never
   * held at once (a county's credit files). Outside a transaction it opens one for the cursor's life and
   * commits it when the loop ends or breaks (statements run between rows join it); inside one,
   * statements may run between rows as on SQLite.
   * Use it with for…of, which closes the cursor when the loop is left early.
   */
  iterate<T = Row>(
    text: string,
    params?: readonly SqlValue[],
    pageRows?: number,
  ): Generator<T, void, undefined>;
  /** One statement; the rows it changed (or returned). */
  run(text: string, params?: readonly SqlValue[]): number;
  /** Statements without parameters, several at once (DDL, migrations). */
  exec(text: string): void;
  /**
   * `fn` in one transaction: commits when it returns, rolls back when it throws. Nested calls are
   * savepoints, as on better-sqlite3. `fn` must be synchronous.
   */
  transaction<T>(fn: () => T): T;
  readonly inTransaction: boolean;
  close(): void;
}

export interface OpenOptions {
  /** The worker's module; defaults to the file beside this one (.ts in tests, .js when bundled). */
  workerUrl?: URL;
  /** How long a connection attempt may take. */
  connectTimeoutMs?: number;
  /**
   * How long the thread's heartbeat may stand still before the connection is given up (default 30 s:
   * far above a garbage-collection pause or the cloning of a large result, far below "hung").
   */
  stallMs?: number;
}

/**
 * How often the waiting thread looks up from Atomics.wait. The answer (or the worker's exit handler)
 * wakes it at once; the slice is how often it checks the heartbeat of a thread that went silent.
 */
const WAIT_SLICE_MS = 200;

function defaultWorkerUrl(): URL {
  for (const rel of [
    './sync-connection-worker.ts',
    './sync-connection-worker.js',
    '../sync-connection-worker.js',
  ]) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === 'file:' && existsSync(url)) return url;
  }
  throw new PgError({
    message: '找不到数据库连接线程的程序文件（sync-connection-worker）',
    code: CONNECTION_GONE,
  });
}

/** Opens a blocking connection to `url` (postgres://…). Throws PgError when it cannot connect. */
export function openSyncConnection(url: string, opts: OpenOptions = {}): SyncConnection {
  const signal = new SharedArrayBuffer(4 * SLOTS);
  const slot = new Int32Array(signal);
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(opts.workerUrl ?? defaultWorkerUrl(), {
    workerData: { url, port: port2, signal },
    transferList: [port2],
  });
  // The thread lives as long as the connection is open, but must not keep a finished process alive.
  worker.unref();
  let exited = false;
  worker.once('exit', () => {
    exited = true;
  });
  let closed = false;
  let depth = 0;
  const stallMs = opts.stallMs ?? 30_000;
  /** Gives the thread up: nothing it might still send is read. */
  const abandon = () => {
    closed = true;
    port1.close();
    void worker.terminate();
  };

  const gone = (why: string): PgError =>
    new PgError({ message: `数据库连接线程已停止，连接不可再用（${why}）`, code: CONNECTION_GONE });

  function call(r: Request, timeoutMs = Number.POSITIVE_INFINITY): Extract<Answer, { ok: true }> {
    if (closed) throw new PgError({ message: '数据库连接已关闭', code: CONNECTION_GONE });
    if (Atomics.load(slot, SIGNAL) === GONE || exited) throw gone('之前已退出');
    Atomics.store(slot, SIGNAL, WAITING);
    port1.postMessage(r);
    const deadline = performance.now() + timeoutMs;
    let beat = Atomics.load(slot, HEARTBEAT);
    let beatAt = performance.now();
    for (;;) {
      Atomics.wait(slot, SIGNAL, WAITING, WAIT_SLICE_MS);
      // The answer may be on the port even if the thread died right after sending it.
      const m = receiveMessageOnPort(port1 as MessagePort);
      if (m) {
        const a = m.message as Answer;
        if (!a.ok) throw new PgError(a.error);
        return a;
      }
      if (Atomics.load(slot, SIGNAL) === GONE) throw gone('线程在处理请求时退出');
      const now = performance.now();
      const latest = Atomics.load(slot, HEARTBEAT);
      if (latest !== beat) {
        beat = latest;
        beatAt = now;
      } else if (now - beatAt > stallMs) {
        abandon();
        throw gone('线程无响应');
      }
      if (now > deadline) {
        abandon();
        throw new PgError({ message: '连接数据库服务器超时', code: CONNECTION_GONE });
      }
    }
  }

  try {
    call({ op: 'connect' }, opts.connectTimeoutMs ?? 15_000);
  } catch (e) {
    abandon();
    throw e;
  }

  const query = <T>(text: string, params: readonly SqlValue[] = []): T[] =>
    call({ op: 'query', text, params }).rows as T[];

  let cursors = 0;
  function* iterate<T>(
    text: string,
    params: readonly SqlValue[] = [],
    pageRows = 5_000,
  ): Generator<T, void, undefined> {
    const cursor = `cd_cursor_${++cursors}`;
    const own = depth === 0;
    if (own) {
      call({ op: 'exec', text: 'BEGIN' });
      depth++;
    }
    let failed = false;
    try {
      call({ op: 'query', text: `DECLARE ${cursor} NO SCROLL CURSOR FOR ${text}`, params });
      for (;;) {
        const rows = query<T>(`FETCH ${Math.max(1, Math.floor(pageRows))} FROM ${cursor}`);
        yield* rows;
        if (rows.length < pageRows) break;
      }
    } catch (e) {
      failed = true;
      if (own) {
        depth--;
        try {
          call({ op: 'exec', text: 'ROLLBACK' });
        } catch {
          // The connection itself failed: the server rolls back on its own.
        }
      }
      throw e;
    } finally {
      // Read to the end, or left early by the caller (for…of calls return()).
      if (!failed) endCursor(cursor, own);
    }
  }

  function endCursor(cursor: string, own: boolean): void {
    if (own) {
      depth--;
      call({ op: 'exec', text: 'COMMIT' });
      return;
    }
    // The caller's transaction stays. When the caller left the loop because a statement failed, that
    // transaction is aborted and CLOSE fails too; the caller's own error is the one that matters.
    try {
      call({ op: 'exec', text: `CLOSE ${cursor}` });
    } catch {}
  }

  const conn: SyncConnection = {
    query,
    iterate,
    run: (text, params = []) => call({ op: 'query', text, params }).rowCount,
    exec: (text) => {
      call({ op: 'exec', text });
    },
    transaction<T>(fn: () => T): T {
      const savepoint = depth > 0 ? `cd_sp_${depth}` : null;
      call({ op: 'exec', text: savepoint ? `SAVEPOINT ${savepoint}` : 'BEGIN' });
      depth++;
      let result: T;
      try {
        result = fn();
        if (result instanceof Promise) throw new TypeError('transaction(fn): fn must be synchronous');
      } catch (e) {
        depth--;
        try {
          call({ op: 'exec', text: savepoint ? `ROLLBACK TO SAVEPOINT ${savepoint}` : 'ROLLBACK' });
        } catch {
          // The connection itself failed (thread gone, socket closed): the server rolls back on its own.
        }
        throw e;
      }
      depth--;
      call({ op: 'exec', text: savepoint ? `RELEASE SAVEPOINT ${savepoint}` : 'COMMIT' });
      return result;
    },
    get inTransaction() {
      return depth > 0;
    },
    close() {
      if (closed) return;
      try {
        if (!exited && Atomics.load(slot, SIGNAL) !== GONE) call({ op: 'close' }, 5_000);
      } catch {
        // Closing a broken connection: nothing left to tell the server.
      } finally {
        abandon();
      }
    },
  };
  Object.defineProperty(conn, CRASH, { value: (op: 'crash' | 'hang') => call({ op }) });
  return conn;
}

/**
 * Test only: the connection's thread dies while the caller waits ('crash', as an uncaught error would),
 * or stops answering without exiting ('hang', as running out of memory does).
 */
export function breakForTest(conn: SyncConnection, how: 'crash' | 'hang'): void {
  const fail = (conn as SyncConnection & { [CRASH]?: (how: 'crash' | 'hang') => void })[CRASH];
  if (!fail) throw new TypeError('not a connection from openSyncConnection');
  fail(how);
}
