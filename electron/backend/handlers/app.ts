import type { coreContract } from '../../../shared/api/contracts/core.ts';
import type { JobProgress } from '../../../shared/api/contract.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { DEMO_COUNTY } from '../../../shared/demo/index.ts';
import type { IntegrityState } from '../../db/integrity-check.ts';
import type { ScryptParams } from '../../db/keyfile.ts';
import { appendAuditOrDefer, flushDeferredAudit } from '../../services/audit/deferred.ts';
import { getCounty } from '../../services/settings/county.ts';
import type { DailyBackupState } from '../after-login.ts';
import type { AreaHandlers, BackendContext } from '../context.ts';
import { closeOpenSession, createDatabase, databaseExists, login, type OpenSession } from '../session.ts';

type AppContract = Pick<
  typeof coreContract,
  | 'app.status'
  | 'app.setup'
  | 'app.progress'
  | 'app.cancel'
  | 'session.login'
  | 'session.logout'
  | 'session.logoutEverywhere'
>;

/**
 * What the app and session handlers need from the backend beyond the common context: the session
 * itself (these handlers open and end it), the background integrity state and the progress of jobs.
 */
export interface SessionHooks {
  /** The open session, or null before login, after logout and while locked. */
  current(): OpenSession | null;
  /** Makes `session` the open one: anchors the audit log, starts the integrity check and idle timer. */
  start(session: OpenSession, source: 'setup' | 'login'): void;
  /** Closes the open session, if any; a lock screen keeps showing who was locked out. */
  close(): void;
  /** Forgets who was locked out: someone logged in or out. */
  forgetLockedUser(): void;
  integrity(): IntegrityState | null;
  progress(): JobProgress;
  report(progress: JobProgress): void;
  requestCancel(): boolean;
  dailyBackup(): DailyBackupState | null;
  /** The day's first login: the daily backup, in the background when jobs have a worker of their own. */
  startDailyBackup(): void;
}

export interface AppOptions {
  /** What the first-run page proposes: a demo county in development, nothing in a packaged build. */
  firstRunDemo: { entities: number; seed: string } | null;
  scrypt: ScryptParams | undefined;
  syncCheckMaxBytes: number | undefined;
  /** The first login of each day writes a backup (SPEC §9). */
  dailyBackups: boolean;
}

/** The login screen's calls, first-run setup, login and logout, and the progress and cancel of long jobs. */
export function appHandlers(
  ctx: BackendContext,
  session: SessionHooks,
  opts: AppOptions,
): AreaHandlers<AppContract> {
  return {
    'app.status': () => {
      const s = session.current();
      return {
        databaseExists: databaseExists(ctx.dbPath),
        user: s?.user ?? null,
        county: s ? getCounty(s.db) : null,
        firstRunDefaults: { county: DEMO_COUNTY, demo: opts.firstRunDemo },
        integrity: session.integrity(),
        dailyBackup: session.dailyBackup(),
      };
    },
    'app.setup': async (input) => {
      session.close();
      const at = ctx.now();
      const created = await createDatabase({
        dbPath: ctx.dbPath,
        admin: input.admin,
        county: input.county,
        at,
        ...(opts.scrypt ? { scrypt: opts.scrypt } : {}),
      });
      session.start(created, 'setup');
      let demoEntities = 0;
      if (input.demo) {
        const r = await ctx.runJob('app.setup', {
          ...input.demo,
          county: input.county,
          total: input.demo.entities,
        });
        demoEntities = r.inserted + r.updated + r.unchanged;
      }
      return { user: created.user, county: input.county, demoEntities };
    },
    'app.progress': () => session.progress(),
    'app.cancel': () => ({ requested: session.requestCancel() }),
    'session.login': async (input) => {
      session.close();
      const opened = await login(
        ctx.dbPath,
        input.username,
        input.password,
        ctx.now(),
        opts.syncCheckMaxBytes,
      );
      const county = getCounty(opened.db);
      if (!county) {
        closeOpenSession(opened);
        throw new ApiError('database_unreadable', '数据库缺少县区概况设置。');
      }
      session.forgetLockedUser();
      session.start(opened, 'login');
      if (opts.dailyBackups) session.startDailyBackup();
      return { user: opened.user, county };
    },
    'session.logout': () => {
      logout();
      return {};
    },
    // A desk has one session: this one.
    'session.logoutEverywhere': () => ({ sessions: logout() }),
  };

  /** Ends the desk's session; returns how many were open (0 or 1). */
  function logout(): number {
    const s = session.current();
    if (s) {
      // What waited is chained first, so the log reads in the order things happened.
      flushDeferredAudit(s.db, ctx.dbPath);
      appendAuditOrDefer(s.db, {
        at: ctx.now(),
        actor: s.user.username,
        action: 'session.logout',
        target: null,
        detail: {},
      });
    }
    session.forgetLockedUser();
    session.close();
    return s ? 1 : 0;
  }
}
