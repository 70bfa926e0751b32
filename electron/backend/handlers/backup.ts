import type { backupContract } from '../../../shared/api/contracts/backup.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import {
  listBackups,
  listForRecovery,
  recoveryFolder,
  restoreInSession,
  restoreOffline,
  setBackupKeep,
} from '../../services/backup/service.ts';
import type { AreaHandlers, BackendContext } from '../context.ts';

/** Thin: the services authorize. The two recovery methods are the only ones that work before login. */
export function backupHandlers(ctx: BackendContext): AreaHandlers<typeof backupContract> {
  const loggedIn = (): boolean => {
    try {
      ctx.user();
      return true;
    } catch {
      return false;
    }
  };
  return {
    'backup.list': () => listBackups(ctx.db(), ctx.dbPath, ctx.user()),
    'backup.create': () => ctx.runJob('backup.create', {}),
    'backup.setKeep': (input) => setBackupKeep(ctx.db(), ctx.dbPath, ctx.user(), input.keep, ctx.now()),
    'backup.restore': (input) =>
      ctx.job('backup.restore', '正在校验并恢复备份', () =>
        restoreInSession(ctx.dbPath, ctx.user(), input.id, input.password, ctx.now(), () =>
          ctx.closeSession(),
        ),
      ),
    'backup.listForRecovery': () => listForRecovery(ctx.dbPath),
    'backup.restoreForRecovery': (input) => {
      if (loggedIn()) {
        throw new ApiError('conflict', '已登录时请在“系统管理 → 备份与恢复”中恢复。');
      }
      return ctx.job('backup.restore', '正在校验并恢复备份', () =>
        restoreOffline(
          ctx.dbPath,
          recoveryFolder(ctx.dbPath, input.id),
          input.username,
          input.password,
          ctx.now(),
        ),
      );
    },
  };
}
