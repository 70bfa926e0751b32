/** How many backups of each kind are kept: a setting in the database, changed by the administrator. */
import { backupKeepSchema, DEFAULT_BACKUP_KEEP } from '../../../shared/api/contracts/backup.ts';
import type { Db } from '../../db/open.ts';

const KEY = 'backup.keep';

export function getBackupKeep(db: Db): number {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(KEY) as
    | { value: string }
    | undefined;
  const parsed = backupKeepSchema.safeParse(row ? JSON.parse(row.value) : undefined);
  return parsed.success ? parsed.data : DEFAULT_BACKUP_KEEP;
}

export function putBackupKeep(db: Db, keep: number): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(KEY, JSON.stringify(backupKeepSchema.parse(keep)));
}
