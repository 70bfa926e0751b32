/** How many backups of each kind are kept: a setting in the database, changed by the administrator. */
import { backupKeepSchema, DEFAULT_BACKUP_KEEP } from '../../../shared/api/contracts/backup.ts';
import type { Db } from '../../db/open.ts';
import { readSetting, writeSetting } from '../settings/repository.ts';

const KEY = 'backup.keep';

export function getBackupKeep(db: Db): number {
  const parsed = backupKeepSchema.safeParse(readSetting(db, KEY));
  return parsed.success ? parsed.data : DEFAULT_BACKUP_KEEP;
}

export function putBackupKeep(db: Db, keep: number): void {
  writeSetting(db, KEY, backupKeepSchema.parse(keep));
}
