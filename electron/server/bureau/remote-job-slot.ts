/**
 * A request thread's view of the server's one job slot (job-slot.ts), which lives in the main thread:
 * questions go by message and their answers come back to the awaiting handler; the three flags a call
 * reads without waiting (a job runs, it was cancelled, calls wait for locks) are shared memory.
 */
import type { JobProgress } from '../../../shared/api/contract.ts';
import type { UserInfo } from '../../../shared/domain/users.ts';
import type { JobInput, JobKindName, JobOutput } from '../../backend/jobs/job-kinds.ts';
import { errorFromData } from '../../backend/jobs/job-runner.ts';
import { lockWaitSlot, NO_JOB_THREAD, type ServerJobs, SLOT_FLAGS } from './job-slot.ts';
import type { FromThread, SlotQuestion, ToThread } from './request-thread-protocol.ts';

export class RemoteJobSlot implements ServerJobs {
  private readonly flags: Int32Array;
  /** This thread's own lock-wait counter in the shared flags. */
  private readonly lockWaits: number;
  private readonly post: (m: FromThread) => void;
  private nextId = 1;
  private readonly waiting = new Map<number, { resolve(v: unknown): void; reject(e: Error): void }>();

  constructor(slotFlags: SharedArrayBuffer, threadIndex: number, post: (m: FromThread) => void) {
    this.flags = new Int32Array(slotFlags);
    this.lockWaits = lockWaitSlot(threadIndex);
    this.post = post;
  }

  /** The main thread's answer to one of this thread's questions. */
  answered(m: Extract<ToThread, { type: 'slotAnswer' | 'slotFailed' }>): void {
    const w = this.waiting.get(m.id);
    this.waiting.delete(m.id);
    if (!w) return;
    if (m.type === 'slotFailed') w.reject(errorFromData(m.error));
    else w.resolve(m.noJobThread ? NO_JOB_THREAD : m.value);
  }

  private ask(q: SlotQuestion): Promise<unknown> {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.waiting.set(id, { resolve, reject });
      this.post({ type: 'ask', id, ...q });
    });
  }

  running(): boolean {
    return Atomics.load(this.flags, SLOT_FLAGS.RUNNING) === 1;
  }

  cancelled(): boolean {
    return Atomics.load(this.flags, SLOT_FLAGS.CANCEL) === 1;
  }

  lockWaiting(delta: 1 | -1): void {
    Atomics.add(this.flags, this.lockWaits, delta);
  }

  progress(): Promise<JobProgress> {
    return this.ask({ op: 'progress' }) as Promise<JobProgress>;
  }

  async claim(owner: string, progress: JobProgress): Promise<void> {
    await this.ask({ op: 'claim', owner, progress });
  }

  report(progress: JobProgress): void {
    this.post({ type: 'report', progress });
  }

  release(): void {
    this.post({ type: 'release' });
  }

  requestCancel(user: UserInfo | null): Promise<boolean> {
    return this.ask({ op: 'cancel', user }) as Promise<boolean>;
  }

  runKind<K extends JobKindName>(
    kind: K,
    input: JobInput<K>,
    user: UserInfo,
    at: string,
    stage: string,
  ): Promise<JobOutput<K> | typeof NO_JOB_THREAD> {
    return this.ask({ op: 'runKind', kind, input, user, at, stage }) as Promise<
      JobOutput<K> | typeof NO_JOB_THREAD
    >;
  }

  /** The slot is the main thread's: it closes it. */
  close(): void {}
}
