/** The idle-lock time (SPEC §9: 15 minutes by default, configurable by 管理员). */
import { DEFAULT_IDLE_LOCK_SECONDS, idleLockSecondsSchema } from '../../../shared/api/contracts/admin.ts';
import type { Db } from '../../db/open.ts';
import { appendAudit } from '../audit.ts';
import { type Actor, authorize } from '../authz.ts';

const KEY = 'security.idleLockSeconds';

/** Read by every session (the lock applies to everyone), so no permission is needed. */
export function getIdleLockSeconds(db: Db): number {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as
    | { value: string }
    | undefined;
  const parsed = idleLockSecondsSchema.safeParse(row ? JSON.parse(row.value) : undefined);
  return parsed.success ? parsed.data : DEFAULT_IDLE_LOCK_SECONDS;
}

export function setIdleLockSeconds(db: Db, actor: Actor, at: string, seconds: number): number {
  authorize(actor, 'settings.manage');
  const value = idleLockSecondsSchema.parse(seconds);
  const before = getIdleLockSeconds(db);
  db.transaction(() => {
    db.prepare(
      'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
    ).run(KEY, JSON.stringify(value));
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'settings.idle_lock',
      target: KEY,
      detail: { before, after: value },
    });
  })();
  return value;
}
