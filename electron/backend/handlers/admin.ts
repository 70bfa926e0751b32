import type { adminContract } from '../../../shared/api/contracts/admin.ts';
import type { ScryptParams } from '../../db/keyfile.ts';
import type { Staging } from '../../services/exchange/staging.ts';
import { exportAudit } from '../../services/security/audit-export.ts';
import { listAudit, verifyAudit } from '../../services/security/audit-read.ts';
import { crossCheckAnchors, currentAuditHead } from '../../services/security/audit-anchors.ts';
import { setIdleLockSeconds } from '../../services/security/idle-settings.ts';
import {
  addUser,
  changeOwnPassword,
  type KeyContext,
  listUsers,
  removeUser,
  setUserPassword,
  unlockUser,
  updateUser,
} from '../../services/security/user-admin.ts';
import type { AreaHandlers, BackendContext } from '../context.ts';

/** What the security handlers need from the backend beyond the common context: the session's key and the lock. */
export interface SecurityHooks {
  /** The open session's data key; throws 'not_logged_in'. */
  dataKey(): Buffer;
  scrypt: ScryptParams | undefined;
  /** Ends the session as a lock (the lock screen prefills this user). */
  lock(reason: 'manual' | 'idle'): void;
  lockedUser(): { username: string; displayName: string } | null;
  /** The idle time of the open session, or null when none is open. */
  idleSeconds(): number | null;
  setIdleSeconds(seconds: number): void;
}

/** `staging` is the exchange's: the audit export is fetched with exchange.download like other exports. */
export function adminHandlers(
  ctx: BackendContext,
  sec: SecurityHooks,
  staging: Staging,
): AreaHandlers<typeof adminContract> {
  const keys = (): KeyContext => ({
    dbPath: ctx.dbPath,
    dataKey: sec.dataKey(),
    at: ctx.now(),
    ...(sec.scrypt ? { scrypt: sec.scrypt } : {}),
  });
  return {
    'users.list': () => ({ users: listUsers(ctx.db(), ctx.user(), ctx.dbPath) }),
    'users.add': (input) => addUser(ctx.db(), ctx.user(), keys(), input),
    'users.update': (input) => updateUser(ctx.db(), ctx.user(), ctx.dbPath, ctx.now(), input),
    'users.setPassword': async (input) => {
      await setUserPassword(ctx.db(), ctx.user(), keys(), input);
      return {};
    },
    'users.remove': (input) => {
      removeUser(ctx.db(), ctx.user(), ctx.dbPath, ctx.now(), input.username);
      return {};
    },
    'users.unlock': (input) => ({
      wasLocked: unlockUser(ctx.db(), ctx.user(), ctx.dbPath, ctx.now(), input.username),
    }),
    'users.changeOwnPassword': async (input) => {
      await changeOwnPassword(ctx.db(), ctx.user(), keys(), input);
      return {};
    },
    'audit.list': (input) => listAudit(ctx.db(), ctx.user(), input),
    'audit.export': (input) =>
      ctx.job('audit.export', '正在导出操作日志', (job) => {
        const { id, path } = staging.newDownloadPath();
        const r = exportAudit(ctx.db(), ctx.user(), input, path, ctx.now(), (done, total) =>
          job.progress(done, total, '正在导出操作日志'),
        );
        return staging.offer(id, path, r.fileName, r.rows);
      }),
    'audit.verify': () => {
      const db = ctx.db();
      const user = ctx.user();
      return ctx.job('audit.verify', '正在校验操作日志', (job) =>
        crossCheckAnchors(
          db,
          ctx.dbPath,
          verifyAudit(db, user, ctx.now(), (done, total) => job.progress(done, total)),
        ),
      );
    },
    'audit.head': () => currentAuditHead(ctx.db(), ctx.user()),
    'lock.status': () => ({ locked: sec.lockedUser(), idleLockSeconds: sec.idleSeconds() }),
    'lock.lock': () => {
      sec.lock('manual');
      return {};
    },
    'lock.touch': () => {
      ctx.user();
      return {};
    },
    'lock.setIdleSeconds': (input) => {
      const seconds = setIdleLockSeconds(ctx.db(), ctx.user(), ctx.now(), input.seconds);
      sec.setIdleSeconds(seconds);
      return { idleLockSeconds: seconds };
    },
  };
}
