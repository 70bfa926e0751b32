/**
 * Messages between the bureau server's main thread (request-threads.ts) and its request threads
 * (request-thread.ts). Main sends calls and answers the threads' questions about the server's one job
 * slot (job-slot.ts); a thread sends answers, its job's progress, and log lines. Everything here must
 * survive a structured clone.
 */
import type { JobProgress } from '../../../shared/api/contract.ts';
import type { UserInfo } from '../../../shared/domain/users.ts';
import type { JobErrorData } from '../../backend/jobs/job-protocol.ts';
import type { ScryptParams } from '../../db/keyfile.ts';
import type { BureauAnswer, BureauCall } from './bureau-backend.ts';

export interface RequestThreadData {
  /** The database's address: each thread opens its own connection. */
  url: string;
  dataDir: string;
  scrypt?: ScryptParams;
  checkOutputs?: boolean;
  /** The job slot's flags (job-slot.ts SLOT_FLAGS), shared with the main thread and the job thread. */
  slotFlags: SharedArrayBuffer;
  /** This thread's place in the pool (its lock-wait counter; log lines). */
  index: number;
}

/** What a request thread asks of the main thread's job slot, and waits for. */
export type SlotQuestion =
  | { op: 'claim'; owner: string; progress: JobProgress }
  | { op: 'runKind'; kind: string; input: unknown; user: UserInfo; at: string; stage: string }
  | { op: 'cancel'; user: UserInfo | null }
  | { op: 'progress' };

export type ToThread =
  | { type: 'call'; id: number; method: unknown; input: unknown; call: BureauCall }
  | { type: 'slotAnswer'; id: number; value: unknown; noJobThread?: true }
  | { type: 'slotFailed'; id: number; error: JobErrorData };

export type FromThread =
  | { type: 'ready' }
  | { type: 'answer'; id: number; answer: BureauAnswer }
  | ({ type: 'ask'; id: number } & SlotQuestion)
  | { type: 'report'; progress: JobProgress }
  | { type: 'release' }
  | { type: 'log'; message: string };
