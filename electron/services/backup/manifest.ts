/** The manifest of a backup: plain JSON (no secret in it), so backups can be listed before login. */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { type BackupInfo, backupInfoSchema } from '../../../shared/api/contracts/backup.ts';
import { fsyncPath } from '../../db/fsync.ts';
import { MANIFEST_FILE } from './layout.ts';

export const manifestSchema = backupInfoSchema.extend({
  format: z.literal('creditdesk-backup'),
  version: z.literal(1),
  /** The key file's databaseId: which database this is a backup of. */
  databaseId: z.string(),
  keyFileSha256: z.string(),
  /** The audit log's last entry when the copy was taken: an anchor outside the database (audit/anchors.ts). */
  auditHead: z.object({ id: z.number().int().min(0), hash: z.string() }).optional(),
});
export type Manifest = z.infer<typeof manifestSchema>;

export function writeManifest(folder: string, m: Manifest): void {
  const path = join(folder, MANIFEST_FILE);
  writeFileSync(path, `${JSON.stringify(m, null, 2)}\n`, { mode: 0o600 });
  fsyncPath(path);
}

/** The manifest, or null when missing or not a manifest (such a folder is not listed as a backup). */
export function readManifest(folder: string): Manifest | null {
  const path = join(folder, MANIFEST_FILE);
  if (!existsSync(path)) return null;
  try {
    const parsed = manifestSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')));
    return parsed.success ? parsed.data : null;
  } catch {
    return null;
  }
}

export function toInfo(m: Manifest): BackupInfo {
  return backupInfoSchema.parse(m);
}
