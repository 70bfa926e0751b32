import { Worker } from 'node:worker_threads';
import { IDLE_PROGRESS, type JobProgress, type Method } from '../../shared/api/contract.ts';
import { ApiError, type Envelope } from '../../shared/api/errors.ts';
import { acquireInstanceLock, type InstanceLock } from '../db/instance-lock.ts';
import { dbPathIn } from '../paths.ts';
import type { BackendClient } from './client.ts';
import type { WorkerData, WorkerReply, WorkerRequest } from './worker-protocol.ts';

const CRASHED: Envelope<never> = {
  ok: false,
  error: {
    code: 'internal',
    message: '后台服务意外停止，操作未完成。请重新启动程序；数据库中已提交的数据不受影响。',
  },
};

const UNCOPYABLE_INPUT: Envelope<never> = {
  ok: false,
  error: { code: 'invalid_input', message: '请求内容的结构过于复杂（嵌套层数过多），无法处理。' },
};

/**
 * Starts the backend in a worker thread and returns a client whose calls are answered in order.
 * The process holds the data folder's instance lock (SPEC §9: one running program per database) from
 * here until close() or exit; taken here, in the main thread, because the lock belongs to the process
 * (its pid) and process exit runs here. When another program holds it, no worker starts and every call
 * answers with the Chinese 'conflict' message, which the first screen shows.
 */
export function startBackendWorker(opts: {
  dataDir: string;
  workerUrl: URL;
  firstRunDemo?: WorkerData['firstRunDemo'];
}): BackendClient {
  let lock: InstanceLock;
  try {
    lock = acquireInstanceLock(dbPathIn(opts.dataDir), { owner: 'app' });
  } catch (e) {
    if (!(e instanceof ApiError)) throw e;
    console.error(`[backend] ${e.message}`);
    const refused: Envelope<never> = { ok: false, error: e.toData() };
    return { call: () => Promise.resolve(refused), close: () => Promise.resolve() };
  }
  const cancelBuffer = new SharedArrayBuffer(4);
  const cancelFlag = new Int32Array(cancelBuffer);
  const data: WorkerData = { dataDir: opts.dataDir, firstRunDemo: opts.firstRunDemo ?? null, cancelBuffer };
  const worker = new Worker(opts.workerUrl, { workerData: data });
  const pending = new Map<number, (env: Envelope<unknown>) => void>();
  let nextId = 1;
  let dead = false;
  let onClosed: (() => void) | null = null;
  // The worker is busy for the whole of a long job, so progress is answered here, from its last report.
  let progress: JobProgress = IDLE_PROGRESS;

  const failAll = () => {
    dead = true;
    for (const resolve of pending.values()) resolve(CRASHED);
    pending.clear();
    onClosed?.();
  };
  worker.on('message', (msg: WorkerReply) => {
    if (msg.type === 'progress') {
      progress = msg.progress;
      return;
    }
    if (msg.type === 'closed') {
      onClosed?.();
      return;
    }
    pending.get(msg.id)?.(msg.envelope);
    pending.delete(msg.id);
  });
  worker.on('error', (e) => {
    console.error('backend worker error:', e);
    failAll();
  });
  worker.on('exit', failAll);

  return {
    call(method: Method, input: unknown) {
      if (dead) return Promise.resolve(CRASHED);
      if (method === 'app.progress') return Promise.resolve({ ok: true, value: progress });
      // The worker is busy with the job, so the cancel is flagged here in shared memory; the job polls it.
      if (method === 'app.cancel') {
        const requested = progress.job !== null;
        if (requested) Atomics.store(cancelFlag, 0, 1);
        return Promise.resolve({ ok: true, value: { requested } });
      }
      const id = nextId++;
      return new Promise((resolve) => {
        pending.set(id, resolve);
        try {
          worker.postMessage({ type: 'call', id, method, input } satisfies WorkerRequest);
        } catch {
          // An input the thread copy cannot take (nested thousands deep) is bad input, not a crash.
          pending.delete(id);
          resolve(UNCOPYABLE_INPUT);
        }
      });
    },
    async close() {
      try {
        if (dead) return;
        await new Promise<void>((resolve) => {
          onClosed = resolve;
          worker.postMessage({ type: 'close' } satisfies WorkerRequest);
        });
        await worker.terminate();
      } finally {
        lock.release();
      }
    },
  };
}
