import { existsSync, statSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupIdSchema } from '../../shared/api/contracts/backup.ts';
import { acquireInstanceLock } from '../../electron/db/instance-lock.ts';
import { recoveryFolder, restoreOffline } from '../../electron/services/backup/service.ts';
import { credentials } from '../credentials.ts';
import { dbPathFrom } from '../db-path.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage =
  'creditdesk restore [--db F] BACKUP   BACKUP 为备份文件夹，或数据库旁 backups/ 中的备份编号；请先关闭程序';

/**
 * Replaces the database with a backup after checking it (checksums, key, quick_check). The credentials
 * must be an administrator's in the backup and — when the current database is still healthy — in
 * that one too. The current database is kept as a 'pre-restore' backup.
 */
export async function restoreCommand(args: string[], io: CliIO): Promise<number> {
  const { values, positionals } = parseArgs({
    args,
    options: { db: { type: 'string' } },
    allowPositionals: true,
  });
  if (positionals.length !== 1) throw new CliError(`用法：${usage}`);
  const dbPath = dbPathFrom(values.db, io);
  const given = positionals[0]!;
  const folder =
    backupIdSchema.safeParse(given).success && !isAbsolute(given) && !existsSync(given)
      ? recoveryFolder(dbPath, given)
      : resolve(given);
  if (!existsSync(folder) || !statSync(folder).isDirectory())
    throw new CliError(`找不到备份文件夹：${folder}`);
  const { username, password } = credentials(io);
  // Never swap files under a running program: refuse while the app or another command has the database.
  const lock = acquireInstanceLock(dbPath, { owner: 'cli' });
  let r: Awaited<ReturnType<typeof restoreOffline>>;
  try {
    r = await restoreOffline(dbPath, folder, username, password, new Date().toISOString());
  } finally {
    lock.release();
  }
  io.out(JSON.stringify({ db: dbPath, restored: r.restored, safetyCopy: r.safetyCopy }));
  return EXIT.ok;
}
