/** Reading the backups folder: the finished backups, newest first, and removing the oldest. */
import { existsSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { type BackupKind, backupIdSchema } from '../../../shared/api/contracts/backup.ts';
import { BACKUP_DB_FILE, compareIds, PARTIAL_SUFFIX } from './layout.ts';
import { type Manifest, readManifest } from './manifest.ts';
import { sha256File } from './checksum.ts';

/** Finished backups in `root`, newest first. Folders without a valid manifest are not backups. */
export function listBackupsIn(root: string): Manifest[] {
  if (!existsSync(root)) return [];
  const found: Manifest[] = [];
  for (const name of readdirSync(root)) {
    if (!backupIdSchema.safeParse(name).success) continue;
    const folder = join(root, name);
    if (!statSync(folder).isDirectory()) continue;
    const m = readManifest(folder);
    if (m && m.id === name) found.push(m);
  }
  return found.sort((a, b) => compareIds(b.id, a.id));
}

/** True when the backup's database file is still the one its manifest describes. */
export function isIntact(root: string, m: Manifest): boolean {
  const file = join(root, m.id, BACKUP_DB_FILE);
  try {
    return statSync(file).size === m.size && sha256File(file) === m.sha256;
  } catch {
    return false;
  }
}

/** Keeps the newest `keep` backups of `kind`; returns the ids removed. Leftover `.partial` folders go too. */
export function pruneBackups(root: string, kind: BackupKind, keep: number): string[] {
  if (!existsSync(root)) return [];
  for (const name of readdirSync(root)) {
    if (
      name.endsWith(PARTIAL_SUFFIX) &&
      backupIdSchema.safeParse(name.slice(0, -PARTIAL_SUFFIX.length)).success
    ) {
      rmSync(join(root, name), { recursive: true, force: true });
    }
  }
  const old = listBackupsIn(root)
    .filter((m) => m.kind === kind)
    .slice(keep);
  for (const m of old) rmSync(join(root, m.id), { recursive: true, force: true });
  return old.map((m) => m.id);
}
