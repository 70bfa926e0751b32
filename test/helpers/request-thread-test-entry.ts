/**
 * A bureau server's request thread for tests (request-threads.test.ts): the real thread
 * (runRequestThread) with one test-only door. A `lock.touch` call whose input carries `test` (never
 * valid input: the real handler's contract refuses it) either holds this thread in the database for
 * `sleepMs` (pg_sleep through this thread's own blocking connection, as a slow query would) or throws
 * an uncaught error that ends the thread. Production threads start request-thread-entry.ts.
 */
import { run, sql } from '../../electron/db/sql.ts';
import { runRequestThread } from '../../electron/server/bureau/request-thread.ts';

interface TestDoor {
  sleepMs?: number;
  crash?: boolean;
}

runRequestThread({
  around: (dispatch, db) => async (method, input, call) => {
    const test = (input as { test?: TestDoor } | null)?.test;
    if (method !== 'lock.touch' || !test) return dispatch(method, input, call);
    if (test.crash) {
      setImmediate(() => {
        throw new Error('test: this request thread fails');
      });
      return new Promise(() => {});
    }
    run(db, sql`SELECT pg_sleep(${(test.sleepMs ?? 0) / 1000}::float8)`);
    return { envelope: { ok: true, value: {} }, cookie: null };
  },
});
