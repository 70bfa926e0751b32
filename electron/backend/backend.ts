/**
 * The backend: one dispatcher from contract method to service, used by every transport (IPC via the
 * worker, HTTP in browser mode, direct calls in tests and the command line). It validates each input
 * with the contract schema and turns every failure into an envelope with a Chinese message.
 */
import { fromZod, outputMismatch } from './contract-errors.ts';
import {
  type Contract,
  contract,
  type Input,
  IDLE_PROGRESS,
  isMethod,
  type JobProgress,
  type Method,
  type Output,
  type ParsedInput,
} from '../../shared/api/contract.ts';
import { ApiError, type Envelope, UNKNOWN_METHOD_MESSAGE } from '../../shared/api/errors.ts';
import { dirname } from 'node:path';
import type { ScryptParams } from '../db/keyfile.ts';
import { choiceFileIn } from '../connection/choice-file.ts';
import { DAMAGED_DATABASE_MESSAGE } from '../db/open.ts';
import { isWriteBusy, storageError, WRITE_WAIT_MS, WRITE_WAITING_NOTICE } from '../db/write-errors.ts';
import { writeLockHeldElsewhere } from '../db/write-lock.ts';
import { appendAuditOrDefer, flushDeferredAudit } from '../services/audit/deferred.ts';
import { createStaging } from '../services/exchange/staging.ts';
import { getIdleLockSeconds } from '../services/users/idle-lock.ts';
import { AfterLogin } from './after-login.ts';
import type { BackendContext, JobControl } from './context.ts';
import { analysisHandlers } from './handlers/analysis.ts';
import { appHandlers, type SessionHooks } from './handlers/app.ts';
import { auditHandlers } from './handlers/audit.ts';
import { backupHandlers } from './handlers/backup.ts';
import { connectionHandlers } from './handlers/connection.ts';
import { dashboardHandlers } from './handlers/dashboard.ts';
import { entitiesHandlers } from './handlers/entities.ts';
import { exchangeHandlers } from './handlers/exchange.ts';
import { gradingHandlers } from './handlers/grading.ts';
import { monitoringHandlers } from './handlers/monitoring.ts';
import { repairHandlers } from './handlers/repair.ts';
import { samplingHandlers } from './handlers/sampling.ts';
import { type AccountHooks, usersHandlers } from './handlers/users.ts';
import { closeOpenSession, type OpenSession } from './session.ts';
import { recordAnchor } from '../services/audit/anchors.ts';
import {
  isJobKind,
  JOB_KINDS,
  type JobInput,
  type JobKind,
  type JobKindName,
  type JobOutput,
} from './jobs/job-kinds.ts';
import { JobRunner, JobWorkerUnavailable } from './jobs/job-runner.ts';

export interface BackendOptions {
  dbPath: string;
  /** What the first-run page proposes: a demo county in development, nothing in a packaged build. */
  firstRunDemo: { entities: number; seed: string } | null;
  scrypt?: ScryptParams;
  now?: () => Date;
  log?: (message: string) => void;
  /** Told of every progress step of a long job, e.g. so a worker can post it to the main thread. */
  onProgress?: (p: JobProgress) => void;
  /**
   * Cancel flag shared with the thread that answers app.cancel while this one is busy (the worker
   * client); slot 0 is 1 once a cancel was asked for. Without it, app.cancel works in-process only.
   */
  cancelFlag?: Int32Array;
  /** Monotonic milliseconds for the idle lock (tests move it by hand); performance.now() otherwise. */
  monotonicNow?: () => number;
  /** false: no background timer; the idle lock then happens only through checkIdle() (tests). */
  idleTimer?: boolean;
  /**
   * true in the app: the first login of each day writes a backup (SPEC §9). Off by default so the
   * command line and tests do not leave backup folders beside every database they open.
   */
  dailyBackups?: boolean;
  /**
   * Databases above this size (bytes) are quick_checked in the background after login rather than
   * before it (SPEC §9 vs §10; integrity-check.ts). Default 128 MiB; tests force either path.
   */
  syncCheckMaxBytes?: number;
  /**
   * Milliseconds after a login before background work starts (the deferred integrity check, then the
   * daily backup), so the officer's first screen loads with both cores. 0 (default): at once.
   */
  backgroundDelayMs?: number;
  /**
   * What happens to a database above syncCheckMaxBytes: 'background' (default, the app) checks it in a
   * worker thread after login; 'skip' does not check it in this session (integrity stays unknown) — for
   * a command-line job that says so on stderr rather than share the machine with a minute-long scan.
   */
  deferredCheck?: 'background' | 'skip';
  /**
   * Parse every successful output with the method's output schema and answer 'internal' on a mismatch,
   * so a handler cannot drift from the contract the renderer programs against. On under vitest (every
   * test that drives a Backend checks its outputs), off in the app and the command line.
   */
  checkOutputs?: boolean;
  /**
   * Long jobs (jobs/job-kinds.ts) run in a worker thread of their own with its own connection, so
   * requests keep being answered during them; true in the app (or the worker entry to use, in tests).
   * Off by default: the command line and most tests run jobs in the calling thread, as one call.
   */
  jobWorker?: boolean | URL;
  /**
   * The desktop app's connection choice (connection/choice-file.ts); default connection.json beside the
   * database, which is the app's data folder.
   */
  connectionFile?: string;
}

/** How long a write from a request waits for a job's write lock before it gives up (retried, not blocking). */
export const JOB_WRITE_WAIT_MS = 120_000;
/** Between attempts of a write waiting for a job; the session connection itself gives up at once. */
const WRITE_RETRY_MS = 250;
const SHORT_BUSY_MS = 50;

/** Calls that do not count as the user doing something: polling must not keep an idle session open. */
const PASSIVE_METHODS: ReadonlySet<string> = new Set([
  'app.status',
  'app.progress',
  'app.cancel',
  'lock.status',
]);

/**
 * What still answers once the background check found the file damaged: enough for the login page to
 * show the recovery screen and restore a backup. Everything else answers 'database_unreadable'.
 */
const AVAILABLE_WHEN_DAMAGED: ReadonlySet<string> = new Set([
  'app.status',
  'app.progress',
  'backup.listForRecovery',
  'backup.restoreForRecovery',
  'session.logout',
  // Choosing the bureau's server instead does not touch the damaged file.
  'connection.get',
  'connection.probe',
  'connection.set',
]);

type Handlers = { [M in Method]: (input: ParsedInput<M>) => Promise<Output<M>> | Output<M> };

export class Backend {
  private session: OpenSession | null = null;
  private progress: JobProgress = IDLE_PROGRESS;
  private readonly opts: BackendOptions;
  private readonly handlers: Handlers;
  private readonly cancelFlag: Int32Array;
  /** Who was logged in when the session was locked (idle or on request); cleared by the next login or logout. */
  private locked: { username: string; displayName: string } | null = null;
  private idleMs = 0;
  private lastActivity = 0;
  private inFlight = 0;
  private idleInterval: ReturnType<typeof setInterval> | null = null;
  /** The integrity check and daily backup after login, and their state for app.status. */
  private readonly afterLogin: AfterLogin;
  /** The session's job worker (started at its first job), null without opts.jobWorker or before login. */
  private jobs: JobRunner | null = null;
  /**
   * Lets the caller's request queue go on (worker.ts) while the call in progress waits for the job
   * worker or for a job's write lock; set for the one call that holds the queue.
   */
  private releaseQueue: (() => void) | null = null;
  /** Calls waiting for a job's write lock right now: app.progress then carries WRITE_WAITING_NOTICE. */
  private writeWaits = 0;

  constructor(opts: BackendOptions) {
    this.opts = opts;
    this.cancelFlag = opts.cancelFlag ?? new Int32Array(new SharedArrayBuffer(4));
    this.afterLogin = new AfterLogin({
      dbPath: opts.dbPath,
      graceMs: opts.backgroundDelayMs ?? 0,
      deferredCheck: opts.deferredCheck ?? 'background',
      log: (m) => opts.log?.(m),
      mono: () => this.mono(),
      now: () => this.now(),
      onDamaged: () => {
        this.locked = null;
        this.closeSession();
      },
      runBackupJob: opts.jobWorker ? () => this.runJobKind('backup.daily', {}, { background: true }) : null,
    });
    const ctx = this.context();
    const staging = createStaging(opts.dbPath);
    this.handlers = {
      ...gradingHandlers(ctx),
      ...exchangeHandlers(ctx, staging),
      ...samplingHandlers(ctx),
      ...usersHandlers(ctx, this.accountHooks()),
      ...auditHandlers(ctx, staging),
      ...backupHandlers(ctx),
      ...dashboardHandlers(ctx),
      ...repairHandlers(ctx, staging),
      ...analysisHandlers(ctx, staging),
      ...monitoringHandlers(ctx, staging),
      ...entitiesHandlers(ctx),
      ...connectionHandlers({
        file: opts.connectionFile ?? choiceFileIn(dirname(opts.dbPath)),
        desktop: false,
      }),
      ...appHandlers(ctx, this.sessionHooks(), {
        firstRunDemo: opts.firstRunDemo,
        scrypt: opts.scrypt,
        syncCheckMaxBytes: opts.syncCheckMaxBytes,
        dailyBackups: opts.dailyBackups === true,
      }),
    };
  }

  /**
   * `release`, when given, is called if the call steps aside before it ends: it handed its work to the
   * job worker, or it waits for a job's write lock. The caller may then start the next call.
   */
  async dispatch(method: unknown, rawInput: unknown, release?: () => void): Promise<Envelope<unknown>> {
    if (!isMethod(method)) return fail(new ApiError('invalid_input', UNKNOWN_METHOD_MESSAGE));
    const parsed = (contract[method] as Contract[Method]).input.safeParse(rawInput ?? {});
    if (!parsed.success) return fail(fromZod(parsed.error));
    // The background check found the file damaged: no more reads or writes of it (SPEC §9).
    if (this.afterLogin.integrity === 'damaged' && !AVAILABLE_WHEN_DAMAGED.has(method)) {
      return fail(new ApiError('database_unreadable', DAMAGED_DATABASE_MESSAGE));
    }
    const active = !PASSIVE_METHODS.has(method);
    if (active) this.lastActivity = this.mono();
    this.inFlight++;
    this.releaseQueue = release ?? null;
    try {
      const value = await this.callHandler(method, parsed.data, release);
      if (this.opts.checkOutputs ?? process.env.VITEST === 'true') {
        const checked = (contract[method] as Contract[Method]).output.safeParse(value);
        if (!checked.success) return fail(outputMismatch(method, checked.error));
      }
      if (method === 'backup.restoreForRecovery') this.afterLogin.recovered();
      return { ok: true, value };
    } catch (e) {
      if (e instanceof ApiError) return fail(e);
      const storage = storageError(e, method === 'exchange.commit' ? 'import' : 'database');
      if (storage) {
        this.opts.log?.(`${method}: ${e instanceof Error ? e.message : String(e)}`);
        return fail(storage);
      }
      this.opts.log?.(
        `internal error in ${method}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
      );
      return fail(new ApiError('internal', '程序内部错误，操作未完成。请重试；如反复出现，请联系技术支持。'));
    } finally {
      if (this.releaseQueue === release) this.releaseQueue = null;
      release?.();
      this.inFlight--;
      // A long call counts as activity until it ends, not only when it started.
      if (active) this.lastActivity = this.mono();
    }
  }

  /**
   * Calls the handler; a write that finds a job of the job worker holding the write lock is tried again
   * every WRITE_RETRY_MS, up to JOB_WRITE_WAIT_MS, while app.progress says WRITE_WAITING_NOTICE. The
   * session connection gives up on the lock at once meanwhile, so its thread never sleeps in SQLite
   * and reads keep being answered. A failed attempt rolled back its transaction: trying again is safe.
   */
  private async callHandler(method: Method, input: unknown, release?: () => void): Promise<unknown> {
    const handler = this.handlers[method] as (input: unknown) => unknown;
    const started = this.mono();
    for (;;) {
      const db = this.jobs?.busy() ? this.session?.db : undefined;
      db?.pragma(`busy_timeout = ${SHORT_BUSY_MS}`);
      try {
        return await handler(input);
      } catch (e) {
        const jobHoldsLock = isWriteBusy(e) && this.jobs?.busy() === true && !isJobKind(method);
        if (!jobHoldsLock || this.mono() - started > JOB_WRITE_WAIT_MS) throw e;
      } finally {
        if (db?.open) db.pragma(`busy_timeout = ${WRITE_WAIT_MS}`);
      }
      release?.();
      if (this.releaseQueue === release) this.releaseQueue = null;
      this.writeWaits++;
      this.report(this.progress);
      try {
        await new Promise((r) => setTimeout(r, WRITE_RETRY_MS));
      } finally {
        this.writeWaits--;
        this.report(this.progress);
      }
    }
  }

  /** Typed in-process call for the command line and tests: the output, or the ApiError thrown. */
  async call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> {
    const env = await this.dispatch(method, input);
    if (!env.ok) throw ApiError.fromData(env.error);
    return env.value as Output<M>;
  }

  /** The open database of the logged-in user (the command line uses it for streaming reads). */
  db() {
    return this.openSession().db;
  }

  user() {
    return this.openSession().user;
  }

  /** Whether another program holds the write lock right now (a command says it will wait for it). */
  writeLockBusy(): boolean {
    return writeLockHeldElsewhere(this.db());
  }

  close(): void {
    this.locked = null;
    this.closeSession();
  }

  /** True when this session's login entry waits in the pending file (another program was writing). */
  loginAuditDeferred(): boolean {
    return this.session?.auditDeferred === true;
  }

  /**
   * Locks when the session has been idle for the configured time and nothing is running. The
   * background timer calls it; tests call it directly with a hand-moved monotonic clock.
   */
  checkIdle(): boolean {
    if (!this.session || this.inFlight > 0 || this.progress.job !== null) return false;
    if (this.mono() - this.lastActivity < this.idleMs) return false;
    this.lockSession('idle');
    return true;
  }

  private openSession(): OpenSession {
    if (this.session) return this.session;
    if (this.locked) {
      throw new ApiError('not_logged_in', '界面已锁定，请重新输入密码解锁。');
    }
    throw new ApiError('not_logged_in', '请先登录。');
  }

  private startSession(session: OpenSession, source: 'setup' | 'login' = 'login'): void {
    this.session = session;
    recordAnchor(session.db, this.opts.dbPath, source, this.now(), (m) => this.opts.log?.(m));
    this.afterLogin.begin(session);
    this.idleMs = getIdleLockSeconds(session.db) * 1000;
    this.lastActivity = this.mono();
    this.restartIdleTimer();
  }

  private restartIdleTimer(): void {
    if (this.idleInterval) clearInterval(this.idleInterval);
    this.idleInterval = null;
    if (this.opts.idleTimer === false || !this.session) return;
    const every = Math.min(5000, Math.max(1000, Math.floor(this.idleMs / 5)));
    this.idleInterval = setInterval(() => this.checkIdle(), every);
    // The timer alone must not keep a command-line process (or a test) alive.
    this.idleInterval.unref?.();
  }

  /** Audits the lock, then ends the session: the connection closes and the key copy is zeroed. */
  private lockSession(reason: 'manual' | 'idle'): void {
    const s = this.session;
    if (!s) return;
    try {
      appendAuditOrDefer(s.db, {
        at: this.now(),
        actor: s.user.username,
        action: 'session.lock',
        target: null,
        detail: { reason },
      });
    } catch (e) {
      this.opts.log?.(`could not audit the lock: ${e instanceof Error ? e.message : String(e)}`);
    }
    this.locked = { username: s.user.username, displayName: s.user.displayName };
    this.closeSession();
  }

  private sessionHooks(): SessionHooks {
    return {
      current: () => this.session,
      start: (session, source) => this.startSession(session, source),
      close: () => this.closeSession(),
      forgetLockedUser: () => {
        this.locked = null;
      },
      integrity: () => this.afterLogin.integrity,
      progress: () => this.shownProgress(),
      report: (p) => this.report(p),
      dailyBackup: () => this.afterLogin.dailyBackup,
      startDailyBackup: () => this.afterLogin.startDailyBackup(),
      requestCancel: () => this.requestCancel(),
    };
  }

  private accountHooks(): AccountHooks {
    return {
      dataKey: () => this.openSession().dataKey,
      scrypt: this.opts.scrypt,
      lock: (reason) => this.lockSession(reason),
      lockedUser: () => (this.session ? null : this.locked),
      idleSeconds: () => (this.session ? this.idleMs / 1000 : null),
      setIdleSeconds: (seconds) => {
        this.idleMs = seconds * 1000;
        this.restartIdleTimer();
      },
    };
  }

  private mono(): number {
    return this.opts.monotonicNow?.() ?? performance.now();
  }

  /** Asks the job in flight to stop; false when nothing is running. */
  requestCancel(): boolean {
    if (this.progress.job === null) return false;
    Atomics.store(this.cancelFlag, 0, 1);
    return true;
  }

  private context(): BackendContext {
    return {
      dbPath: this.opts.dbPath,
      db: () => this.db(),
      user: () => this.user(),
      now: () => this.now(),
      job: (name, stage, run) => this.runJob(name, stage, run),
      runJob: (kind, input) => this.runJobKind(kind, input),
      closeSession: () => this.closeSession(),
      log: (m) => this.opts.log?.(m),
    };
  }

  /**
   * A job of jobs/job-kinds.ts: in the job worker when there is one (the call in progress then lets the
   * request queue go on), else in this thread through runJob, with the session's connection.
   */
  private runJobKind<K extends JobKindName>(
    kind: K,
    input: JobInput<K>,
    opts: { background?: boolean } = {},
  ): Promise<JobOutput<K>> {
    const session = this.openSession();
    const at = this.now();
    const runner = this.jobRunner(session);
    if (!runner) return this.runKindInThread(kind, input, session, at);
    if (!opts.background) {
      this.releaseQueue?.();
      this.releaseQueue = null;
    }
    return runner.run(kind, input, session.user, at).catch((e: unknown) => {
      if (e instanceof JobWorkerUnavailable && this.session === session) {
        return this.runKindInThread(kind, input, session, at);
      }
      throw e;
    });
  }

  private runKindInThread<K extends JobKindName>(
    kind: K,
    input: JobInput<K>,
    session: OpenSession,
    at: string,
  ): Promise<JobOutput<K>> {
    // Each kind is typed by its own input and output; the table lookup loses the pairing, not the types.
    const def = JOB_KINDS[kind] as unknown as JobKind<JobInput<K>, JobOutput<K>>;
    return this.runJob(kind, def.stage, (job) =>
      def.run(
        { db: session.db, dbPath: this.opts.dbPath, key: session.dataKey, user: session.user, at, job },
        input,
      ),
    );
  }

  private jobRunner(session: OpenSession): JobRunner | null {
    if (!this.opts.jobWorker) return null;
    this.jobs ??= new JobRunner({
      dbPath: this.opts.dbPath,
      key: session.dataKey,
      cancelBuffer: this.cancelFlag.buffer as SharedArrayBuffer,
      onProgress: (p) => this.report(p),
      workerUrl: this.opts.jobWorker instanceof URL ? this.opts.jobWorker : undefined,
      log: (m) => this.opts.log?.(m),
    });
    return this.jobs;
  }

  private async runJob<T>(name: string, stage: string, run: (job: JobControl) => T | Promise<T>): Promise<T> {
    Atomics.store(this.cancelFlag, 0, 0);
    let current = stage;
    this.report({ job: name, stage, done: 0, total: 0 });
    const control: JobControl = {
      progress: (done, total, s) => {
        if (s) current = s;
        this.report({ job: name, stage: current, done, total });
      },
      checkCancelled: () => {
        if (Atomics.load(this.cancelFlag, 0) === 1) {
          throw new ApiError('cancelled', '操作已取消，数据未作任何改动。');
        }
      },
    };
    try {
      return await run(control);
    } finally {
      Atomics.store(this.cancelFlag, 0, 0);
      this.report(IDLE_PROGRESS);
    }
  }

  private report(p: JobProgress): void {
    this.progress = p;
    this.opts.onProgress?.(this.shownProgress());
  }

  private shownProgress(): JobProgress {
    return this.writeWaits > 0 ? { ...this.progress, notice: WRITE_WAITING_NOTICE } : this.progress;
  }

  private closeSession(): void {
    if (this.idleInterval) clearInterval(this.idleInterval);
    this.idleInterval = null;
    // A job still running in the job worker is cut off; its transaction rolls back.
    this.jobs?.close();
    this.jobs = null;
    this.afterLogin.end();
    const s = this.session;
    this.session = null;
    if (!s) return;
    if (this.afterLogin.integrity !== 'damaged') {
      try {
        // Entries deferred by this or another session join the chain now if the lock is free.
        flushDeferredAudit(s.db, this.opts.dbPath);
      } catch (e) {
        this.opts.log?.(
          `deferred audit entries kept for later: ${e instanceof Error ? e.message : String(e)}`,
        );
      }
      recordAnchor(s.db, this.opts.dbPath, 'session-end', this.now(), (m) => this.opts.log?.(m));
    }
    closeOpenSession(s);
  }

  now(): string {
    return (this.opts.now?.() ?? new Date()).toISOString();
  }
}

function fail(e: ApiError): Envelope<never> {
  return { ok: false, error: e.toData() };
}
