/**
 * The backend of a bureau server: the desk's contract, answered for many officers at once from one
 * PostgreSQL database. Each call brings its browser's session token; the session is looked up (and ended
 * when idle or too old) before the handler runs, and travels with the call (request-scope.ts). The areas
 * whose services run on both engines are wired with the desk's own handlers (DoorContext); the rest
 * answer 'unavailable' with a message saying so, never a wrong answer.
 *
 * Long jobs run in a job thread with its own connection, one at a time for the whole server, with their
 * progress visible to every officer; the one who started a job, or a 管理员, may cancel it. That state is
 * the server's job slot (job-slot.ts): this backend's own, or — when it runs in one of the server's
 * request threads (request-threads.ts) — the main thread's, reached by message.
 */
import {
  type Contract,
  contract,
  isMethod,
  type Method,
  type Output,
  type ParsedInput,
} from '../../../shared/api/contract.ts';
import { ApiError, type Envelope, UNKNOWN_METHOD_MESSAGE } from '../../../shared/api/errors.ts';
import { fromZod, outputMismatch } from '../../backend/contract-errors.ts';
import type { DoorContext, JobControl } from '../../backend/context.ts';
import { analysisHandlers } from '../../backend/handlers/analysis.ts';
import { auditHandlers } from '../../backend/handlers/audit.ts';
import { dashboardHandlers } from '../../backend/handlers/dashboard.ts';
import { entitiesHandlers } from '../../backend/handlers/entities.ts';
import { exchangeHandlers } from '../../backend/handlers/exchange.ts';
import { gradingHandlers } from '../../backend/handlers/grading.ts';
import { monitoringHandlers } from '../../backend/handlers/monitoring.ts';
import { repairHandlers } from '../../backend/handlers/repair.ts';
import { samplingHandlers } from '../../backend/handlers/sampling.ts';
import {
  JOB_KINDS,
  type JobInput,
  type JobKind,
  type JobKindName,
  type JobOutput,
} from '../../backend/jobs/job-kinds.ts';
import type { ScryptParams } from '../../db/keyfile.ts';
import { type PgDatabase, setLockTimeout } from '../../db/postgres/pg-db.ts';
import { PgError } from '../../db/postgres/sync-connection.ts';
import { SqliteOnlyError } from '../../db/sql.ts';
import { createStaging } from '../../services/exchange/staging.ts';
import { getIdleLockSeconds } from '../../services/users/idle-lock.ts';
import { lookUpSession, type SessionLookup } from '../../services/users/server/sign-in.ts';
import { JobSlot, NO_JOB_THREAD, type ServerJobs } from './job-slot.ts';
import { inScope, openSessionOrNull, type RequestScope } from './request-scope.ts';
import { serverHandlers } from './server-handlers.ts';

export interface BureauBackendOptions {
  db: PgDatabase;
  /** The database's address, for the job thread's own connection; without it jobs run in this thread. */
  url?: string;
  /** Where the server keeps files between calls (uploads, exports waiting to be downloaded). */
  dataDir: string;
  now?: () => Date;
  log?: (message: string) => void;
  scrypt?: ScryptParams;
  /** Check every output against the contract (on under vitest, as the desk's backend does). */
  checkOutputs?: boolean;
  /** The server's job slot when this backend runs in a request thread; absent: a slot of its own. */
  jobs?: ServerJobs;
}

export interface BureauCall {
  /** The session token the browser sent (its cookie), or null. */
  token: string | null;
  address: string | null;
}

export interface BureauAnswer {
  envelope: Envelope<unknown>;
  /** What the transport does with the browser's cookie. */
  cookie: { set: string } | 'clear' | null;
  /** The call's session was open when it arrived (request-threads.ts remembers it for app.progress). */
  sessionOpen?: boolean;
}

/** Calls that do not count as the officer doing something: polling must not keep a session open. */
const PASSIVE_METHODS: ReadonlySet<string> = new Set([
  'app.status',
  'app.progress',
  'app.cancel',
  'lock.status',
]);

type Handlers = { [M in Method]?: (input: ParsedInput<M>) => Promise<Output<M>> | Output<M> };

/** PostgreSQL's lock_not_available: the request thread's short lock timeout ran out. */
const LOCK_NOT_AVAILABLE = '55P03';
const REQUEST_LOCK_TIMEOUT_MS = 200;
const LOCK_RETRY_MS = 250;
/** As the desk's requests wait for a job's write lock (JOB_WRITE_WAIT_MS). */
const JOB_LOCK_WAIT_MS = 120_000;
const OTHER_LOCK_WAIT_MS = 15_000;

const UNREACHABLE_DATABASE =
  '暂时无法连接单位数据库服务器，操作未完成。请稍后重试；如持续出现，请联系管理员。';

export class BureauBackend {
  private readonly opts: BureauBackendOptions;
  private readonly handlers: Handlers;
  private readonly jobs: ServerJobs;

  constructor(opts: BureauBackendOptions) {
    this.opts = opts;
    this.jobs =
      opts.jobs ?? new JobSlot({ dbPath: this.dbPath(), url: opts.url, log: (m) => opts.log?.(m) }).local();
    setLockTimeout(opts.db, REQUEST_LOCK_TIMEOUT_MS);
    const ctx = this.context();
    const staging = createStaging(`${opts.dataDir}/server`);
    // The areas' handlers trust ctx.db() to refuse a caller who is not signed in, as the desk's does
    // (reading credit files checks nothing else); only the server's own sign-in calls reach the
    // database without a session.
    const signedIn: DoorContext = {
      ...ctx,
      db: () => {
        ctx.user();
        return ctx.db();
      },
    };
    this.handlers = {
      ...auditHandlers(signedIn, staging),
      ...exchangeHandlers(signedIn, staging),
      ...entitiesHandlers(signedIn),
      ...gradingHandlers(signedIn),
      ...samplingHandlers(signedIn),
      ...repairHandlers(signedIn, staging),
      ...dashboardHandlers(signedIn),
      ...monitoringHandlers(signedIn, staging),
      ...analysisHandlers(signedIn, staging),
      ...connectionOnServer(),
      ...serverHandlers(ctx, {
        progress: () => this.jobs.progress(),
        requestCancel: () => this.jobs.requestCancel(openSessionOrNull()?.user ?? null),
        scrypt: opts.scrypt,
      }),
    };
  }

  async dispatch(method: unknown, rawInput: unknown, call: BureauCall): Promise<BureauAnswer> {
    const scope: RequestScope = { lookup: { kind: 'none' }, address: call.address, cookie: null };
    const answer = (envelope: Envelope<unknown>): BureauAnswer => ({ envelope, cookie: scope.cookie });
    if (!isMethod(method)) return answer(fail(new ApiError('invalid_input', UNKNOWN_METHOD_MESSAGE)));
    const parsed = (contract[method] as Contract[Method]).input.safeParse(rawInput ?? {});
    if (!parsed.success) return answer(fail(fromZod(parsed.error)));
    try {
      scope.lookup = this.lookUp(call.token, !PASSIVE_METHODS.has(method));
      // A token the server does not know (ended, or from another server) is dropped from the browser.
      if (call.token && scope.lookup.kind === 'none') scope.cookie = 'clear';
      const handler = this.handlers[method] as ((input: unknown) => unknown) | undefined;
      if (!handler) throw notOnServer();
      const value = await this.callWaitingForLocks(method, () => inScope(scope, () => handler(parsed.data)));
      if (this.opts.checkOutputs ?? process.env.VITEST === 'true') {
        const checked = (contract[method] as Contract[Method]).output.safeParse(value);
        if (!checked.success) return answer(fail(outputMismatch(method, checked.error)));
      }
      return { ...answer({ ok: true, value }), sessionOpen: scope.lookup.kind === 'open' };
    } catch (e) {
      return answer(fail(this.toApiError(method, e)));
    }
  }

  /**
   * Calls the handler; one that finds a row or table locked (a grading run holds its inputs until it
   * commits, another officer's transaction a row) failed at once on this thread's short lock timeout,
   * rolled back, and is tried again every LOCK_RETRY_MS while other officers' calls go on — up to
   * JOB_LOCK_WAIT_MS while a job runs, OTHER_LOCK_WAIT_MS otherwise. app.progress says a write waits.
   */
  private async callWaitingForLocks(method: string, call: () => unknown): Promise<unknown> {
    const started = performance.now();
    for (;;) {
      try {
        return await call();
      } catch (e) {
        const locked = e instanceof PgError && e.code === LOCK_NOT_AVAILABLE;
        const jobRunning = this.jobs.running();
        const bound = jobRunning ? JOB_LOCK_WAIT_MS : OTHER_LOCK_WAIT_MS;
        if (!locked) throw e;
        if (performance.now() - started > bound) {
          this.opts.log?.(
            `${method}: gave up waiting for a lock after ${Math.round(performance.now() - started)} ms`,
          );
          throw new ApiError(
            'conflict',
            jobRunning
              ? `${(await this.jobs.progress()).stage || '一项较长的操作'}仍在进行，本次操作未完成，请稍后重试。`
              : '数据正被其他人员修改，本次操作未完成，请稍后重试。',
          );
        }
      }
      this.jobs.lockWaiting(1);
      try {
        await new Promise((r) => setTimeout(r, LOCK_RETRY_MS));
      } finally {
        this.jobs.lockWaiting(-1);
      }
    }
  }

  private lookUp(token: string | null, active: boolean): SessionLookup {
    if (!token) return { kind: 'none' };
    const db = this.opts.db;
    return lookUpSession(db, token, this.now(), getIdleLockSeconds(db) * 1000, active);
  }

  private toApiError(method: string, e: unknown): ApiError {
    if (e instanceof ApiError) return e;
    if (e instanceof SqliteOnlyError) return new ApiError('unavailable', e.message);
    if (e instanceof PgError) {
      this.opts.log?.(`${method}: PostgreSQL ${e.code ?? '?'}: ${e.message}`);
      const code = e.code ?? '';
      // Connection lost, server shutting down, or the bridge's thread gone.
      if (code.startsWith('08') || code.startsWith('57P') || code === 'CD000') {
        return new ApiError('database_unreadable', UNREACHABLE_DATABASE);
      }
      // Two officers' transactions crossed; nothing of this call was kept.
      if (code === '40001' || code === '40P01') {
        return new ApiError('conflict', '其他人员正在修改同一数据，本次操作未完成，请重试。');
      }
    }
    this.opts.log?.(
      `internal error in ${method}: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`,
    );
    return new ApiError('internal', '程序内部错误，操作未完成。请重试；如反复出现，请联系管理员。');
  }

  private context(): DoorContext {
    return {
      dbPath: this.dbPath(),
      db: () => this.opts.db,
      user: () => {
        const s = openSessionOrNull();
        if (s) return s.user;
        throw new ApiError('not_logged_in', '登录已过期或尚未登录，请重新登录。');
      },
      now: () => this.now(),
      job: (name, stage, run) => this.runJob(name, stage, run),
      runJob: (kind, input) => this.runJobKind(kind, input),
      closeSession: () => {},
      log: (m) => this.opts.log?.(m),
    };
  }

  /**
   * A long job (grading run, import, undo, export …) in the job thread, with its own connection, so
   * every other officer's calls go on being answered; one at a time for the whole server. Without a job
   * thread (no URL, or its entry file missing) it runs here, and this thread waits for it.
   */
  private async runJobKind<K extends JobKindName>(kind: K, input: JobInput<K>): Promise<JobOutput<K>> {
    const def = JOB_KINDS[kind] as unknown as JobKind<JobInput<K>, JobOutput<K>>;
    const user = this.context().user();
    const at = this.now();
    const out = await this.jobs.runKind(kind, input, user, at, def.stage);
    if (out !== NO_JOB_THREAD) return out;
    return this.runJob(kind, def.stage, (job) =>
      def.run({ db: this.opts.db, dbPath: this.dbPath(), user, at, job }, input),
    );
  }

  /** A job in this thread (ctx.job): it still takes the server's one slot and reports to it. */
  private async runJob<T>(name: string, stage: string, run: (job: JobControl) => T | Promise<T>): Promise<T> {
    await this.jobs.claim(openSessionOrNull()?.user.username ?? '', { job: name, stage, done: 0, total: 0 });
    let current = stage;
    const control: JobControl = {
      progress: (done, total, s) => {
        if (s) current = s;
        this.jobs.report({ job: name, stage: current, done, total });
      },
      checkCancelled: () => {
        if (this.jobs.cancelled()) throw new ApiError('cancelled', '操作已取消，数据未作任何改动。');
      },
    };
    try {
      return await run(control);
    } finally {
      this.jobs.release();
    }
  }

  private dbPath(): string {
    return `${this.opts.dataDir}/server`;
  }

  close(): void {
    this.jobs.close();
    this.opts.db.close();
  }

  now(): string {
    return (this.opts.now?.() ?? new Date()).toISOString();
  }
}

/** The connection choice belongs to a desktop app; a browser on the bureau's network has none to make. */
const CONNECTION_ON_SERVER =
  '这里是单位服务器，无需选择连接方式。连接方式在各台电脑的桌面程序中设置（登录页的“连接方式”）。';
function connectionOnServer(): Handlers {
  const refuse = () => {
    throw new ApiError('unavailable', CONNECTION_ON_SERVER);
  };
  return { 'connection.get': refuse, 'connection.probe': refuse, 'connection.set': refuse };
}

function notOnServer(): ApiError {
  return new ApiError('unavailable', '单位服务器暂不提供此项功能，请在本机数据库（单机版）中使用。');
}

function fail(e: ApiError): Envelope<never> {
  return { ok: false, error: e.toData() };
}
