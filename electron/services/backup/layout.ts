/**
 * Where backups live and how they are named. Each backup is one folder in `backups/` beside the
 * database, holding everything a restore on another PC needs:
 *
 *   backups/20261121-083000-daily/
 *     creditdesk.db            the encrypted database (same SQLCipher key as the live one)
 *     creditdesk.db.keys.json  the key file as it was: the data key wrapped by each user's password
 *     manifest.json            time, kind, size, sha256, quick_check result, schema version
 *
 * A folder is written as `<id>.partial` and renamed when complete, so a crash never leaves a folder
 * that looks like a finished backup.
 */
import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { type BackupKind, backupIdSchema } from '../../../shared/api/contracts/backup.ts';
import { ApiError } from '../../../shared/api/errors.ts';

export const BACKUP_DB_FILE = 'creditdesk.db';
export const BACKUP_KEY_FILE = 'creditdesk.db.keys.json';
export const MANIFEST_FILE = 'manifest.json';
export const PARTIAL_SUFFIX = '.partial';

export function backupsDirFor(dbPath: string): string {
  return join(dirname(dbPath), 'backups');
}

/** The folder of backup `id` inside `root`; refuses any name that is not a backup id (no `..`, no `/`). */
export function backupFolder(root: string, id: string): string {
  if (!backupIdSchema.safeParse(id).success) throw new ApiError('invalid_input', '备份编号格式不正确');
  return join(root, id);
}

const pad = (n: number, w = 2) => String(n).padStart(w, '0');

/** `YYYYMMDD-HHMMSS` in local time: what the administrator sees on the clock. */
export function stamp(d: Date): string {
  return (
    `${d.getFullYear()}${pad(d.getMonth() + 1)}${pad(d.getDate())}-` +
    `${pad(d.getHours())}${pad(d.getMinutes())}${pad(d.getSeconds())}`
  );
}

/** The local calendar day of an ISO time, for "one daily backup per day". */
export function localDay(iso: string): string {
  return stamp(new Date(iso)).slice(0, 8);
}

/** A fresh id in `root`; a second backup within the same second gets `-1`, `-2` … */
export function newBackupId(root: string, at: Date, kind: BackupKind): string {
  const base = stamp(at);
  for (let n = 0; n < 1000; n++) {
    const id = n === 0 ? `${base}-${kind}` : `${base}-${n}-${kind}`;
    if (!existsSync(join(root, id)) && !existsSync(join(root, `${id}${PARTIAL_SUFFIX}`))) return id;
  }
  throw new ApiError('conflict', '同一秒内的备份过多，请稍后再试。');
}

/** Sort key: time stamp, then the same-second sequence number. */
export function idOrder(id: string): [string, number] {
  const m = id.match(/^(\d{8}-\d{6})(?:-(\d{1,3}))?-/);
  return [m?.[1] ?? '', Number(m?.[2] ?? 0)];
}

export function compareIds(a: string, b: string): number {
  const [sa, na] = idOrder(a);
  const [sb, nb] = idOrder(b);
  return sa < sb ? -1 : sa > sb ? 1 : na - nb;
}
