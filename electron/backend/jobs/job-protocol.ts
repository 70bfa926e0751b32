import type { JobProgress } from '../../../shared/api/contract.ts';
import { ApiError, type ApiErrorData } from '../../../shared/api/errors.ts';
import type { UserInfo } from '../../../shared/domain/users.ts';
import type { JobKindName } from './job-kinds.ts';

export interface JobWorkerData {
  dbPath: string;
  /** The data key, transferred (not cloned); the worker zeroes it once its connection is keyed. Empty for a server. */
  key: Uint8Array;
  /** A bureau server's database (postgres://…): the worker connects to it instead of opening the desk's file. */
  pgUrl?: string;
  /** Int32Array slot 0: 1 once app.cancel asked the running job to stop (shared with the backend). */
  cancelBuffer: SharedArrayBuffer;
}

export type JobRequest = {
  type: 'run';
  id: number;
  kind: JobKindName;
  input: unknown;
  user: UserInfo;
  at: string;
};

/** An error as it crosses the thread: an ApiError's data, or a plain error with SQLite's / Node's code. */
export type JobErrorData = { api: ApiErrorData } | { message: string; code?: string; stack?: string };

/** An error as it is posted to another thread (job-runner.ts errorFromData turns it back). */
export function errorData(e: unknown): JobErrorData {
  if (e instanceof ApiError) return { api: e.toData() };
  if (e instanceof Error) {
    const code = (e as { code?: unknown }).code;
    return {
      message: e.message,
      ...(typeof code === 'string' ? { code } : {}),
      ...(e.stack ? { stack: e.stack } : {}),
    };
  }
  return { message: String(e) };
}

export type JobReply =
  | { type: 'progress'; progress: JobProgress }
  /** Watch `path` grow while the worker is blocked in one native call: progress is its size of `total`. */
  | { type: 'watchFile'; path: string; progress: JobProgress }
  /** Report a time-based estimate of a blocking step expected to take `expectedMs` (estimate-progress.ts). */
  | { type: 'estimate'; expectedMs: number; progress: JobProgress }
  /** The blocking step is over: stop watching or estimating. */
  | { type: 'unwatch' }
  | { type: 'done'; id: number; value: unknown }
  | { type: 'failed'; id: number; error: JobErrorData };
