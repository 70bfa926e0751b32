/**
 * The backend's side of the job worker (job-worker.ts): started on demand at the first job of a session
 * with a copy of the session's data key, answering each job's promise and relaying its progress; ended
 * with the session. When no worker can be started (no entry file beside the bundle), the runner says
 * so once and the backend runs jobs in its own thread as before.
 */
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import type { JobProgress } from '../../../shared/api/contract.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { UserInfo } from '../../../shared/domain/users.ts';
import type { JobInput, JobKindName, JobOutput } from './job-kinds.ts';
import type { JobErrorData, JobReply, JobRequest, JobWorkerData } from './job-protocol.ts';
import { estimateProgress } from './estimate-progress.ts';
import { watchFileGrowth } from './watch-file-growth.ts';

/** Thrown by run() when the worker could not start: the caller runs the job in its own thread. */
export class JobWorkerUnavailable extends Error {}

const SESSION_ENDED = '会话已结束，后台任务已停止，未完成的改动没有保存。';

const CANNOT_START = new Set([
  'ERR_MODULE_NOT_FOUND',
  'MODULE_NOT_FOUND',
  'ERR_WORKER_PATH',
  'ENOENT',
  'ERR_UNKNOWN_FILE_EXTENSION',
]);

/** The TypeScript source beside this module (tests, CLI), or the bundle's `job-worker.js` entry. */
export function defaultJobWorkerUrl(): URL | null {
  for (const rel of ['./job-worker.ts', './job-worker.js', '../job-worker.js', '../../job-worker.js']) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === 'file:' && existsSync(url)) return url;
  }
  return null;
}

export interface JobRunnerOptions {
  dbPath: string;
  /** The session's data key; copied, the caller keeps its own. Absent for a bureau server (pgUrl). */
  key?: Buffer;
  /** A bureau server's database: the worker connects to it rather than to the desk's file. */
  pgUrl?: string;
  cancelBuffer: SharedArrayBuffer;
  onProgress: (p: JobProgress) => void;
  workerUrl?: URL | null;
  log: (message: string) => void;
}

export function errorFromData(d: JobErrorData): Error {
  if ('api' in d) return ApiError.fromData(d.api);
  const e = new Error(d.message) as Error & { code?: string };
  if (d.code) e.code = d.code;
  if (d.stack) e.stack = d.stack;
  return e;
}

export class JobRunner {
  private worker: Worker | null = null;
  private unavailable = false;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();
  private readonly opts: JobRunnerOptions;
  private readonly key: Uint8Array;

  constructor(opts: JobRunnerOptions) {
    this.opts = opts;
    this.key = new Uint8Array(opts.key ? 32 : 0);
    if (opts.key) this.key.set(opts.key);
  }

  /** Jobs sent and not yet answered (the one running and those queued behind it). */
  busy(): boolean {
    return this.pending.size > 0;
  }

  run<K extends JobKindName>(kind: K, input: JobInput<K>, user: UserInfo, at: string): Promise<JobOutput<K>> {
    const worker = this.start();
    if (!worker) return Promise.reject(new JobWorkerUnavailable());
    const id = this.nextId++;
    // Held while jobs are pending, let go between them (see start()).
    worker.ref();
    return new Promise<JobOutput<K>>((resolve, reject) => {
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject });
      worker.postMessage({ type: 'run', id, kind, input, user, at } satisfies JobRequest);
    });
  }

  /** Ends the worker (a job still running is cut off and rolls back) and zeroes the key copy. */
  close(): void {
    this.key.fill(0);
    const w = this.worker;
    this.worker = null;
    this.unavailable = true;
    this.failAll(new ApiError('cancelled', SESSION_ENDED));
    if (w) void w.terminate();
  }

  private start(): Worker | null {
    if (this.worker || this.unavailable) return this.worker;
    const url = this.opts.workerUrl === undefined ? defaultJobWorkerUrl() : this.opts.workerUrl;
    if (!url) {
      this.unavailable = true;
      this.opts.log('job worker: no entry file; jobs run in the backend thread');
      return null;
    }
    const key = new Uint8Array(this.key.length);
    key.set(this.key);
    const data: JobWorkerData = {
      dbPath: this.opts.dbPath,
      key,
      cancelBuffer: this.opts.cancelBuffer,
      ...(this.opts.pgUrl ? { pgUrl: this.opts.pgUrl } : {}),
    };
    let worker: Worker;
    try {
      worker = new Worker(url, { workerData: data, transferList: [key.buffer] });
    } catch (e) {
      key.fill(0);
      this.unavailable = true;
      this.opts.log(`job worker could not start: ${e instanceof Error ? e.message : String(e)}`);
      return null;
    }
    // A job worker idling between jobs must not keep a command-line process (or a test) alive.
    worker.unref();
    worker.on('message', (msg: JobReply) => {
      if (msg.type === 'progress') {
        this.opts.onProgress(msg.progress);
        return;
      }
      if (msg.type === 'watchFile' || msg.type === 'estimate' || msg.type === 'unwatch') {
        this.stopWatching();
        if (msg.type === 'watchFile')
          this.watching = watchFileGrowth(msg.path, msg.progress, this.opts.onProgress);
        if (msg.type === 'estimate')
          this.watching = estimateProgress(msg.progress, msg.expectedMs, this.opts.onProgress);
        return;
      }
      this.stopWatching();
      const p = this.pending.get(msg.id);
      this.pending.delete(msg.id);
      if (this.pending.size === 0) worker.unref();
      if (!p) return;
      if (msg.type === 'done') p.resolve(msg.value);
      else p.reject(errorFromData(msg.error));
    });
    worker.on('error', (e: Error & { code?: string }) => {
      this.opts.log(`job worker error: ${e.stack ?? e.message}`);
      this.worker = null;
      // Module-loading errors happen before any job ran: those jobs can still run in the backend thread.
      if (CANNOT_START.has(e.code ?? '')) {
        this.unavailable = true;
        this.failAll(new JobWorkerUnavailable());
      } else {
        this.failAll(new ApiError('internal', '后台任务意外停止，操作未完成，数据未作改动。请重试。'));
      }
    });
    worker.on('exit', () => {
      if (this.worker === worker) this.worker = null;
      this.failAll(new ApiError('internal', '后台任务意外停止，操作未完成，数据未作改动。请重试。'));
    });
    this.worker = worker;
    return worker;
  }

  private watching: (() => void) | null = null;

  private stopWatching(): void {
    this.watching?.();
    this.watching = null;
  }

  private failAll(e: Error): void {
    this.stopWatching();
    const all = [...this.pending.values()];
    this.pending.clear();
    for (const p of all) p.reject(e);
  }
}
