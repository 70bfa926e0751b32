/**
 * Backups as the backend and the command line use them. Every function that needs a logged-in user
 * takes the actor and authorizes; the two recovery functions work before login (see restore.ts for
 * who may restore then).
 */
import type { BackupInfo } from '../../../shared/api/contracts/backup.ts';
import type { Db } from '../../db/open.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { isIntact, listBackupsIn, pruneBackups } from './catalog.ts';
import { type BlockedStepReports, type CreateBackupRequest, createBackup } from './create.ts';
import { getBackupKeep, putBackupKeep } from './keep.ts';
import { backupFolder, backupsDirFor, localDay } from './layout.ts';
import { toInfo } from './manifest.ts';
import {
  authorizeOfflineRestore,
  type ReplaceResult,
  type RestoreStep,
  replaceDatabase,
  verifyBackup,
} from './restore.ts';

export function listBackups(db: Db, dbPath: string, actor: Actor) {
  authorize(actor, 'backup.manage');
  const folder = backupsDirFor(dbPath);
  return { backups: listBackupsIn(folder).map(toInfo), keep: getBackupKeep(db), folder };
}

export function setBackupKeep(db: Db, dbPath: string, actor: Actor, keep: number, at: string) {
  authorize(actor, 'backup.manage');
  const before = getBackupKeep(db);
  putBackupKeep(db, keep);
  const root = backupsDirFor(dbPath);
  const removed = [...pruneBackups(root, 'daily', keep), ...pruneBackups(root, 'manual', keep)];
  appendAudit(db, {
    at,
    actor: actor.username,
    action: 'backup.settings',
    target: null,
    detail: { keep: { from: before, to: keep }, removed },
  });
  return { keep, removed };
}

/**
 * The automatic daily backup: the first login of a calendar day (local time) writes one. The backend
 * keeps no timer and holds the data key only while someone is logged in, so a login is the first
 * moment a backup can be made; a PC left logged in over midnight gets its backup at the next login.
 */
export function dailyBackupIfDue(
  db: Db,
  dbPath: string,
  actor: Actor,
  at: string,
  onStage?: CreateBackupRequest['onStage'],
  blocked: BlockedStepReports = {},
): BackupInfo | null {
  if (!dailyBackupDue(dbPath, at)) return null;
  return createBackup(db, dbPath, {
    kind: 'daily',
    actor,
    at,
    ...(onStage ? { onStage } : {}),
    ...blocked,
  });
}

/** Whether no daily backup was written yet on the (local) day of `at`. */
export function dailyBackupDue(dbPath: string, at: string): boolean {
  const last = listBackupsIn(backupsDirFor(dbPath)).find((m) => m.kind === 'daily');
  return !(last && localDay(last.createdAt) >= localDay(at));
}

/**
 * What the backend's session.login calls right after a successful login. A backup that cannot be
 * written (disk full, folder not writable) must not lock anyone out: it is logged and the login goes on;
 * the next login of the day tries again.
 */
export function dailyBackupAtLogin(
  db: Db,
  dbPath: string,
  actor: Actor,
  at: string,
  log: (message: string) => void,
): BackupInfo | null {
  try {
    return dailyBackupIfDue(db, dbPath, actor, at);
  } catch (e) {
    log(`daily backup failed: ${e instanceof Error ? e.message : String(e)}`);
    return null;
  }
}

/** Before login: the backups, newest first; checksums are checked down to the newest intact, checked one. */
export function listForRecovery(dbPath: string) {
  const root = backupsDirFor(dbPath);
  let newestGood: string | null = null;
  const backups = listBackupsIn(root).map((m) => {
    let intact: boolean | null = null;
    if (newestGood === null) {
      intact = isIntact(root, m);
      if (intact && m.quickCheck === 'ok') newestGood = m.id;
    }
    return { ...toInfo(m), intact };
  });
  return { backups, newestGood };
}

/** Logged in (admin page): the session's administrator re-enters the password; the caller ends the session. */
export async function restoreInSession(
  dbPath: string,
  actor: Actor,
  id: string,
  password: string,
  at: string,
  closeSession: () => void,
): Promise<ReplaceResult> {
  authorize(actor, 'backup.manage');
  const v = await verifyBackup(backupFolder(backupsDirFor(dbPath), id), actor.username, password, {
    dbPath,
    at,
  });
  // The session stays open while the backup is copied, so a failure there leaves the user logged in.
  return replaceDatabase(dbPath, v, v.user, at, closeSession);
}

/** Before login (recovery screen) or from the command line, from a backup folder anywhere. */
export async function restoreOffline(
  dbPath: string,
  folder: string,
  username: string,
  password: string,
  at: string,
  /** See replaceDatabase (crash tests). */
  onStep?: (step: RestoreStep) => void,
): Promise<ReplaceResult> {
  const v = await verifyBackup(folder, username, password, { dbPath, at });
  try {
    await authorizeOfflineRestore(dbPath, v, username, password);
  } catch (e) {
    v.dataKey.fill(0);
    throw e;
  }
  return replaceDatabase(dbPath, v, v.user, at, undefined, onStep);
}

export function recoveryFolder(dbPath: string, id: string): string {
  return backupFolder(backupsDirFor(dbPath), id);
}

export { createBackup };
