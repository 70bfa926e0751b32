/** Display of backups: sizes and local times. Pure functions, no React. */
import { BACKUP_KIND_LABELS, type BackupKind } from '../../../../../shared/api/contracts/backup.ts';
import { localDateTime } from '../../../../../shared/dates/iso-date.ts';

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  if (n < 1024 ** 3) return `${(n / 1024 / 1024).toFixed(1)} MB`;
  return `${(n / 1024 ** 3).toFixed(2)} GB`;
}

export function formatBackupTime(iso: string): string {
  return localDateTime(iso, { seconds: true });
}

export function kindLabel(kind: BackupKind): string {
  return BACKUP_KIND_LABELS[kind];
}
