import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { backupsDirFor } from '../../electron/services/backup/layout.ts';
import { createBackup, listForRecovery } from '../../electron/services/backup/service.ts';
import { openAs } from '../credentials.ts';
import { dbPathFrom } from '../db-path.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage =
  'creditdesk backup [--db F] [--out DIR]   加密备份（默认写入数据库旁的 backups/）；creditdesk backup list [--db F] 列出备份';

/**
 * `backup [--db F] [--out DIR]`: one encrypted, checked backup (as the logged-in administrator), printed
 * as one JSON object. `backup list [--db F]`: the backups beside the database, newest first, one JSON
 * object per line with `intact` (checksum); needs no password, since manifests hold no secret.
 */
export async function backupCommand(args: string[], io: CliIO): Promise<number> {
  const list = args[0] === 'list';
  const { values } = parseArgs({
    args: list ? args.slice(1) : args,
    options: { db: { type: 'string' }, out: { type: 'string' } },
  });
  const dbPath = dbPathFrom(values.db, io);
  if (list) {
    for (const b of listForRecovery(dbPath).backups) io.out(JSON.stringify(b));
    return EXIT.ok;
  }
  if (!existsSync(dbPath)) throw new CliError(`数据库不存在：${dbPath}`);
  const root = values.out ? resolve(values.out) : backupsDirFor(dbPath);
  const backend = await openAs(io, dbPath);
  try {
    const info = createBackup(backend.db(), dbPath, {
      kind: 'manual',
      actor: backend.user(),
      at: backend.now(),
      ...(values.out ? { root } : {}),
    });
    io.out(JSON.stringify({ ...info, folder: join(root, info.id) }));
    return EXIT.ok;
  } finally {
    backend.close();
  }
}
