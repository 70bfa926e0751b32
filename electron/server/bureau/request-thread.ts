/**
 * One request thread of the bureau server (request-threads.ts starts N of them): today's backend for
 * calls — handlers, session lookup, request scope, lock-wait retries — over a PostgreSQL connection of
 * its own, so while this thread waits on the database (the connection is synchronous) the other threads
 * go on answering. The server's one job slot stays in the main thread (remote-job-slot.ts).
 */
import { parentPort, workerData } from 'node:worker_threads';
import { ApiError } from '../../../shared/api/errors.ts';
import { openPgDb, type PgDatabase } from '../../db/postgres/pg-db.ts';
import { type BureauAnswer, BureauBackend, type BureauCall } from './bureau-backend.ts';
import { RemoteJobSlot } from './remote-job-slot.ts';
import type { FromThread, RequestThreadData, ToThread } from './request-thread-protocol.ts';

const INTERNAL = '程序内部错误，操作未完成。请重试；如反复出现，请联系管理员。';

export type Dispatch = (method: unknown, input: unknown, call: BureauCall) => Promise<BureauAnswer>;

export interface RequestThreadHooks {
  /** Tests only: wraps the backend's dispatch (a call that sleeps in the database, or crashes). */
  around?: (dispatch: Dispatch, db: PgDatabase) => Dispatch;
}

export function runRequestThread(hooks: RequestThreadHooks = {}): void {
  const port = parentPort;
  if (!port) throw new Error('runRequestThread runs in a worker thread');
  const data = workerData as RequestThreadData;
  const post = (m: FromThread) => port.postMessage(m);
  const jobs = new RemoteJobSlot(data.slotFlags, data.index, post);
  // No migration here: the main thread brought the schema up to date before starting any thread.
  const db = openPgDb(data.url);
  const backend = new BureauBackend({
    db,
    url: data.url,
    dataDir: data.dataDir,
    jobs,
    log: (message) => post({ type: 'log', message }),
    ...(data.scrypt ? { scrypt: data.scrypt } : {}),
    ...(data.checkOutputs !== undefined ? { checkOutputs: data.checkOutputs } : {}),
  });
  const plain: Dispatch = (method, input, call) => backend.dispatch(method, input, call);
  const dispatch = hooks.around ? hooks.around(plain, db) : plain;
  port.on('message', (m: ToThread) => {
    if (m.type !== 'call') {
      jobs.answered(m);
      return;
    }
    dispatch(m.method, m.input, m.call)
      .catch((e): BureauAnswer => {
        // dispatch answers every error itself; this last resort keeps the call from hanging.
        post({ type: 'log', message: `request thread: ${e instanceof Error ? (e.stack ?? e.message) : e}` });
        return { envelope: { ok: false, error: new ApiError('internal', INTERNAL).toData() }, cookie: null };
      })
      .then((answer) => post({ type: 'answer', id: m.id, answer }));
  });
  post({ type: 'ready' });
}
