/** The idle-lock time (SPEC §9: 15 minutes by default, configurable by 管理员). */
import { DEFAULT_IDLE_LOCK_SECONDS, idleLockSecondsSchema } from '../../../shared/api/contracts/users.ts';
import type { DataDoor } from '../../db/sql.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { IDLE_LOCK_SETTING, readIdleLockSetting, saveIdleLockSetting, unitOfWork } from './repository.ts';

/** Read by every session (the lock applies to everyone), so no permission is needed. */
export function getIdleLockSeconds(db: DataDoor): number {
  const parsed = idleLockSecondsSchema.safeParse(readIdleLockSetting(db));
  return parsed.success ? parsed.data : DEFAULT_IDLE_LOCK_SECONDS;
}

export function setIdleLockSeconds(db: DataDoor, actor: Actor, at: string, seconds: number): number {
  authorize(actor, 'settings.manage');
  const value = idleLockSecondsSchema.parse(seconds);
  const before = getIdleLockSeconds(db);
  unitOfWork(db, () => {
    saveIdleLockSetting(db, value);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'settings.idle_lock',
      target: IDLE_LOCK_SETTING,
      detail: { before, after: value },
    });
  });
  return value;
}
