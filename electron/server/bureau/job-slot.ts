/**
 * The bureau server's one job slot: one long job at a time for the whole server, whichever request
 * thread asked for it. It holds who owns the job in flight, its progress (app.progress shows it to
 * everyone), the cancel flag (the owner or a 管理员 may set it) and the JobRunner (the job thread with its
 * own connection). It lives in the server's main thread; request threads reach it by message
 * (remote-job-slot.ts) and read its three flags straight from shared memory (SLOT_FLAGS).
 */
import { IDLE_PROGRESS, type JobProgress } from '../../../shared/api/contract.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { UserInfo } from '../../../shared/domain/users.ts';
import type { JobInput, JobKindName, JobOutput } from '../../backend/jobs/job-kinds.ts';
import { JobRunner, JobWorkerUnavailable } from '../../backend/jobs/job-runner.ts';
import { WRITE_WAITING_NOTICE } from '../../db/write-errors.ts';

/**
 * Int32 slots of the shared buffer. CANCEL is slot 0 because the job thread reads its cancel flag there
 * (job-worker.ts); RUNNING mirrors "a job holds the slot" for the request threads' lock waits; from
 * LOCK_WAITS on, one counter per holder (lockWaitSlot) of its calls waiting for a lock right now
 * (app.progress's notice) — one each, so a thread that dies mid-wait can have its count cleared.
 */
export const SLOT_FLAGS = { CANCEL: 0, RUNNING: 1, LOCK_WAITS: 2 } as const;

/** The lock-wait counter of a holder: the main thread's backend first, then request thread i. */
export function lockWaitSlot(holder: SlotHolder): number {
  return SLOT_FLAGS.LOCK_WAITS + (holder === 'main' ? 0 : holder + 1);
}

/** Returned by runKind when no job thread can start: the caller runs the job in its own thread. */
export const NO_JOB_THREAD = Symbol('no job thread');

/** Who holds the slot: the main thread's own backend, or a request thread (by its index). */
export type SlotHolder = 'main' | number;

/**
 * What a backend needs of the job slot. The main thread's JobSlot answers at once; a request thread's
 * proxy (remote-job-slot.ts) answers by message, hence the promises.
 */
export interface ServerJobs {
  /** A job holds the slot now (a lock wait then lasts longer: it may be the job's lock). */
  running(): boolean;
  /** The running job was asked to stop. */
  cancelled(): boolean;
  /** A call starts (+1) or stops (-1) waiting for a lock. */
  lockWaiting(delta: 1 | -1): void;
  /** The job in flight, with the lock-wait notice while any call waits. */
  progress(): JobProgress | Promise<JobProgress>;
  /** Takes the slot for a job run in the caller's thread; refuses with `conflict` while one runs. */
  claim(owner: string, progress: JobProgress): void | Promise<void>;
  /** Progress of the job the caller claimed. */
  report(progress: JobProgress): void;
  /** Gives back the slot the caller claimed. */
  release(): void;
  /** Asks the job in flight to stop; false when none runs or nobody is signed in. */
  requestCancel(user: UserInfo | null): boolean | Promise<boolean>;
  /** Runs a job kind in the job thread (claiming the slot for it), or says there is none. */
  runKind<K extends JobKindName>(
    kind: K,
    input: JobInput<K>,
    user: UserInfo,
    at: string,
    stage: string,
  ): Promise<JobOutput<K> | typeof NO_JOB_THREAD>;
  close(): void;
}

export interface JobSlotOptions {
  /** Folder path the job thread is given as its "database path" (exports are written beside it). */
  dbPath: string;
  /** The database's address, for the job thread's own connection; without it every job runs in-thread. */
  url?: string;
  log?: (message: string) => void;
  /** How many request threads share the slot (each gets a lock-wait counter); 0 for none. */
  threads?: number;
  /** The job thread's entry file (JobRunner); null: none, every job runs in the asking thread (tests). */
  jobWorkerUrl?: URL | null;
}

const busy = (stage: string) =>
  new ApiError('conflict', `另一项较长的操作正在进行（${stage || '请稍候'}），请等它完成后再试。`);

export class JobSlot {
  /** The flags request threads and the job thread share (SLOT_FLAGS). */
  readonly shared: SharedArrayBuffer;
  private readonly flags: Int32Array;
  private readonly opts: JobSlotOptions;
  /** Who started the job in flight ('' when nobody signed in did), null when none runs. */
  private owner: string | null = null;
  private holder: SlotHolder | null = null;
  private current: JobProgress = IDLE_PROGRESS;
  private runner: JobRunner | null = null;
  /**
   * A cancel was asked for the job in flight. Kept here as well as in the flag because the job thread
   * clears the flag when it starts a job (job-worker.ts, for the desk's queued jobs): a cancel asked
   * between the claim and that start is set again at the job's first progress report.
   */
  private cancelAsked = false;

  constructor(opts: JobSlotOptions) {
    this.opts = opts;
    this.shared = new SharedArrayBuffer(4 * (lockWaitSlot(opts.threads ?? 0) + 1));
    this.flags = new Int32Array(this.shared);
  }

  running(): boolean {
    return this.owner !== null;
  }

  progress(): JobProgress {
    let waiting = 0;
    for (let i = SLOT_FLAGS.LOCK_WAITS; i < this.flags.length; i++) waiting += Atomics.load(this.flags, i);
    return waiting > 0 ? { ...this.current, notice: WRITE_WAITING_NOTICE } : this.current;
  }

  claim(owner: string, progress: JobProgress, holder: SlotHolder = 'main'): void {
    if (this.owner !== null) throw busy(this.current.stage);
    this.owner = owner;
    this.holder = holder;
    this.current = progress;
    this.cancelAsked = false;
    Atomics.store(this.flags, SLOT_FLAGS.CANCEL, 0);
    Atomics.store(this.flags, SLOT_FLAGS.RUNNING, 1);
  }

  /** Progress from the holder; late reports of a job already released are dropped. */
  report(progress: JobProgress, holder: SlotHolder = 'main'): void {
    if (this.owner !== null && this.holder === holder) this.current = progress;
  }

  release(holder: SlotHolder = 'main'): void {
    if (this.holder !== holder) return;
    this.owner = null;
    this.holder = null;
    this.current = IDLE_PROGRESS;
    Atomics.store(this.flags, SLOT_FLAGS.RUNNING, 0);
  }

  /** A request thread died: its calls no longer wait for locks. */
  clearLockWaits(holder: SlotHolder): void {
    Atomics.store(this.flags, lockWaitSlot(holder), 0);
  }

  /** Frees the slot of a request thread that died while its in-thread job ran (its transaction rolled back). */
  releaseIfHeldBy(holder: SlotHolder): boolean {
    if (this.holder !== holder) return false;
    this.release(holder);
    return true;
  }

  requestCancel(user: UserInfo | null): boolean {
    if (this.owner === null || !user) return false;
    if (user.username !== this.owner && user.role !== 'admin') {
      throw new ApiError('forbidden', '只有发起该操作的人员或管理员可以取消它。');
    }
    this.cancelAsked = true;
    Atomics.store(this.flags, SLOT_FLAGS.CANCEL, 1);
    return true;
  }

  /**
   * A job kind in the job thread, with its own connection, so every request thread goes on answering.
   * The job belongs to the server, not to the call that asked: it runs to its end even when the asking
   * thread or browser is gone, so the main thread holds the slot for it, whichever thread asked.
   */
  async runKind<K extends JobKindName>(
    kind: K,
    input: JobInput<K>,
    user: UserInfo,
    at: string,
    stage: string,
  ): Promise<JobOutput<K> | typeof NO_JOB_THREAD> {
    if (!this.opts.url) return NO_JOB_THREAD;
    this.claim(user.username, { job: kind, stage, done: 0, total: 0 });
    this.runner ??= new JobRunner({
      dbPath: this.opts.dbPath,
      pgUrl: this.opts.url,
      cancelBuffer: this.shared,
      // The job thread runs only the slot's jobs: its progress is the slot's while one is claimed.
      onProgress: (p) => {
        if (this.owner === null) return;
        this.current = p;
        if (this.cancelAsked) Atomics.store(this.flags, SLOT_FLAGS.CANCEL, 1);
      },
      log: (m) => this.opts.log?.(m),
      ...(this.opts.jobWorkerUrl !== undefined ? { workerUrl: this.opts.jobWorkerUrl } : {}),
    });
    try {
      return await this.runner.run(kind, input, user, at);
    } catch (e) {
      if (e instanceof JobWorkerUnavailable) {
        this.opts.log?.('no job thread: the job runs in the request thread');
        return NO_JOB_THREAD;
      }
      throw e;
    } finally {
      this.release();
    }
  }

  close(): void {
    this.runner?.close();
  }

  /** This slot as a backend in the main thread sees it (single-thread servers, tests). */
  local(): ServerJobs {
    return {
      running: () => this.running(),
      cancelled: () => Atomics.load(this.flags, SLOT_FLAGS.CANCEL) === 1,
      lockWaiting: (delta) => void Atomics.add(this.flags, lockWaitSlot('main'), delta),
      progress: () => this.progress(),
      claim: (owner, progress) => this.claim(owner, progress),
      report: (progress) => this.report(progress),
      release: () => this.release(),
      requestCancel: (user) => this.requestCancel(user),
      runKind: (kind, input, user, at, stage) => this.runKind(kind, input, user, at, stage),
      close: () => this.close(),
    };
  }
}
