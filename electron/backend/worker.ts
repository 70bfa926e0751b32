/**
 * Worker-thread entry: all database work runs here, off the Electron main thread, so a long query or
 * a large demo generation never freezes the window.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { dbPathIn } from '../paths.ts';
import { Backend } from './backend.ts';
import type { WorkerData, WorkerReply, WorkerRequest } from './worker-protocol.ts';

const data = workerData as WorkerData;
const backend = new Backend({
  dbPath: dbPathIn(data.dataDir),
  firstRunDemo: data.firstRunDemo,
  log: (m) => console.error(m),
  cancelFlag: new Int32Array(data.cancelBuffer),
  dailyBackups: true,
  // The first screen loads before the integrity check and the daily backup start reading the file.
  backgroundDelayMs: 1500,
  jobWorker: true,
  // Size (bytes) above which the SPEC §9 check runs after login, in the background (e2e tests force it).
  syncCheckMaxBytes: process.env.CREDITDESK_SYNC_CHECK_MAX_BYTES
    ? Number(process.env.CREDITDESK_SYNC_CHECK_MAX_BYTES)
    : undefined,
  onProgress: (progress) => parentPort?.postMessage({ type: 'progress', progress } satisfies WorkerReply),
});

// Calls are handled one at a time: a session's state changes (login, setup) must not interleave. A call
// that hands a long job to the job worker, or waits for a job's write lock, releases the queue so the
// next calls are answered meanwhile (Backend.dispatch's `release`).
let queue: Promise<void> = Promise.resolve();
parentPort?.on('message', (msg: WorkerRequest) => {
  if (msg.type === 'close') {
    queue = queue.then(() => {
      backend.close();
      parentPort?.postMessage({ type: 'closed' } satisfies WorkerReply);
    });
    return;
  }
  queue = queue.then(
    () =>
      new Promise<void>((release) => {
        void backend.dispatch(msg.method, msg.input, release).then((envelope) => {
          parentPort?.postMessage({ type: 'reply', id: msg.id, envelope } satisfies WorkerReply);
          // Every answer lets the queue go on, also one given before the handler ran (bad input).
          release();
        });
      }),
  );
});
