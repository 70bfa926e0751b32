/**
 * Worker-thread entry of the long jobs (job-kinds.ts): grading runs, imports and their undo, demo
 * generation, backups. It holds its own connection to the same encrypted database, so while a job
 * reads and writes here for minutes, the backend's thread keeps answering requests on the session's
 * connection (WAL: readers proceed beside the one writer). Jobs run one at a time, in arrival order.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { IDLE_PROGRESS } from '../../../shared/api/contract.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { leaveWalForLater, mergeWalSoon } from '../../db/checkpoint.ts';
import { type Db, openDatabase } from '../../db/open.ts';
import type { DataDoor } from '../../db/sql.ts';
import { rememberDbPath } from '../../services/audit/deferred.ts';
import type { JobControl } from '../../services/jobs.ts';
import { JOB_KINDS, type JobKind } from './job-kinds.ts';
import { errorData, type JobReply, type JobRequest, type JobWorkerData } from './job-protocol.ts';

const data = workerData as JobWorkerData;
const cancelFlag = new Int32Array(data.cancelBuffer);
const post = (reply: JobReply) => parentPort?.postMessage(reply);

let db: DataDoor | null = null;
/** This thread's desk connection, whose log it merges after each answer (checkpoint.ts). */
let deskDb: Db | null = null;
let openError: unknown = null;
/**
 * A grading run's reader threads open read-only connections of their own, so this thread keeps the key
 * for as long as the session's (the backend terminates it when the session ends, job-runner.ts).
 */
let readerKey: Uint8Array | undefined;
try {
  if (data.pgUrl) {
    // A bureau server's job thread; loaded only there, so a desk's job thread never loads node-postgres.
    const { openPgDb } = await import('../../db/postgres/pg-db.ts');
    db = openPgDb(data.pgUrl);
  } else {
    const desk = openDatabase(
      data.dbPath,
      Buffer.from(data.key.buffer, data.key.byteOffset, data.key.byteLength),
    );
    rememberDbPath(desk, data.dbPath);
    leaveWalForLater(desk);
    db = deskDb = desk;
    readerKey = Uint8Array.from(data.key);
  }
} catch (e) {
  openError = e;
} finally {
  data.key.fill(0);
}

async function run(req: JobRequest): Promise<unknown> {
  if (!db) throw openError;
  // A job defined with its input type is called with the input the backend checked against the contract.
  const jobKind = JOB_KINDS[req.kind] as unknown as JobKind<unknown, unknown>;
  let stage = jobKind.stage;
  post({ type: 'progress', progress: { job: req.kind, stage, done: 0, total: 0 } });
  const job: JobControl = {
    progress: (done, total, s) => {
      if (s) stage = s;
      post({ type: 'progress', progress: { job: req.kind, stage, done, total } });
    },
    checkCancelled: () => {
      if (Atomics.load(cancelFlag, 0) === 1)
        throw new ApiError('cancelled', '操作已取消，数据未作任何改动。');
    },
  };
  const watchFile = (path: string, expectedBytes: number) => {
    post({ type: 'watchFile', path, progress: { job: req.kind, stage, done: 0, total: expectedBytes } });
    return () => post({ type: 'unwatch' });
  };
  const estimate = (stepStage: string, expectedMs: number) => {
    stage = stepStage;
    post({ type: 'estimate', expectedMs, progress: { job: req.kind, stage, done: 0, total: 100 } });
    return () => post({ type: 'unwatch' });
  };
  return jobKind.run(
    { db, dbPath: data.dbPath, key: readerKey, user: req.user, at: req.at, job, watchFile, estimate },
    req.input,
  );
}

let waiting = 0;
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (req: JobRequest) => {
  waiting++;
  queue = queue.then(async () => {
    // A cancel asked for an earlier job does not stop this one.
    Atomics.store(cancelFlag, 0, 0);
    let reply: JobReply;
    try {
      reply = { type: 'done', id: req.id, value: await run(req) };
    } catch (e) {
      reply = { type: 'failed', id: req.id, error: errorData(e) };
    }
    waiting--;
    // Idle first: whoever awaits the answer and then polls app.progress must not see the job still running.
    if (waiting === 0) post({ type: 'progress', progress: IDLE_PROGRESS });
    post(reply);
    // After the answer, not inside the job's commit: the officer does not wait for the merge.
    try {
      if (deskDb) mergeWalSoon(deskDb);
    } catch {
      // Never stops the queue: the log stays whole and durable, and the next commit merges it.
    }
  });
});
