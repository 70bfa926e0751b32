/**
 * Backups (issue 6, SPEC §9): on demand and daily, encrypted, checked, and restored from the UI, the
 * command line, or — when the database no longer opens — from the recovery screen before login.
 */
import { z } from 'zod';
import type { ContractTable } from './table.ts';

export const BACKUP_KINDS = ['daily', 'manual', 'pre-restore'] as const;
export const backupKindSchema = z.enum(BACKUP_KINDS);
export type BackupKind = z.infer<typeof backupKindSchema>;

export const BACKUP_KIND_LABELS: Record<BackupKind, string> = {
  daily: '每日自动备份',
  manual: '手动备份',
  'pre-restore': '恢复前的安全副本',
};

/**
 * A backup's name is its folder name: `YYYYMMDD-HHMMSS[-n]-kind`. Only this pattern is accepted, so a
 * request can never name a path outside the backups folder.
 */
export const backupIdSchema = z
  .string()
  .regex(/^\d{8}-\d{6}(-\d{1,3})?-(daily|manual|pre-restore)$/, '备份编号格式不正确');

export const DEFAULT_BACKUP_KEEP = 7;
export const backupKeepSchema = z.number().int().min(1, '至少保留 1 份').max(90, '最多保留 90 份');

export const backupInfoSchema = z.object({
  id: z.string(),
  kind: backupKindSchema,
  createdAt: z.string(),
  createdBy: z.string(),
  /** Bytes of the encrypted database file in the backup. */
  size: z.number().int(),
  sha256: z.string(),
  /** 'ok' when PRAGMA quick_check passed on the backup as written; a pre-restore copy is not checked. */
  quickCheck: z.enum(['ok', 'not_checked']),
  schemaVersion: z.number().int(),
  entities: z.number().int().nullable(),
});
export type BackupInfo = z.infer<typeof backupInfoSchema>;

const credentialsSchema = {
  username: z.string().trim().min(1).max(64),
  password: z.string().min(1).max(256),
};

export const backupContract = {
  /** The backups beside the database, newest first, and how many are kept. Admin only. */
  'backup.list': {
    input: z.object({}).strict(),
    output: z.object({
      backups: z.array(backupInfoSchema),
      keep: z.number().int(),
      /** Where the backups are (shown to the administrator, who copies them to a USB disk). */
      folder: z.string(),
    }),
  },
  /** A backup now (a long job: progress in app.progress). Admin only. */
  'backup.create': {
    input: z.object({}).strict(),
    output: backupInfoSchema,
  },
  /** How many backups of each kind to keep. Admin only; older ones are removed at once. */
  'backup.setKeep': {
    input: z.object({ keep: backupKeepSchema }).strict(),
    output: z.object({ keep: z.number().int(), removed: z.array(z.string()) }),
  },
  /**
   * Replaces the database with a backup. The administrator's password is asked again: it unwraps the
   * backup's own key file, which proves the backup opens before anything is replaced. The current
   * database is kept as a 'pre-restore' copy; the session ends and everyone logs in again.
   */
  'backup.restore': {
    input: z.object({ id: backupIdSchema, password: credentialsSchema.password }).strict(),
    output: z.object({ restored: backupInfoSchema, safetyCopy: z.string().nullable() }),
  },
  /**
   * Before login, when the database cannot be opened: the backups found beside it, newest first, each
   * with whether its file still matches its recorded checksum. Reveals only dates, sizes and names.
   */
  'backup.listForRecovery': {
    input: z.object({}).strict(),
    output: z.object({
      // intact: the file matches its checksum; null = not checked (only checked until the newest good one).
      backups: z.array(backupInfoSchema.extend({ intact: z.boolean().nullable() })),
      /** The newest backup whose checksum matches, or null. */
      newestGood: z.string().nullable(),
    }),
  },
  /**
   * Before login: restores a backup when the current database is damaged or missing (a healthy
   * database is restored from the admin page instead). Needs an administrator's name and password as
   * they were when the backup was made.
   */
  'backup.restoreForRecovery': {
    input: z.object({ id: backupIdSchema, ...credentialsSchema }).strict(),
    output: z.object({ restored: backupInfoSchema, safetyCopy: z.string().nullable() }),
  },
} as const satisfies ContractTable;
