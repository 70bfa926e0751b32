import type { JobProgress } from '../../shared/api/contract.ts';
import type { Envelope } from '../../shared/api/errors.ts';

export interface WorkerData {
  dataDir: string;
  firstRunDemo: { entities: number; seed: string } | null;
  /** Int32Array slot 0: set to 1 by the client on app.cancel, read by the busy backend (see BackendOptions). */
  cancelBuffer: SharedArrayBuffer;
}

export type WorkerRequest = { type: 'call'; id: number; method: string; input: unknown } | { type: 'close' };
export type WorkerReply =
  | { type: 'reply'; id: number; envelope: Envelope<unknown> }
  | { type: 'progress'; progress: JobProgress }
  | { type: 'closed' };
