/**
 * A restore's intent, written beside the database (`<db>.restore-journal.json`) once the backup is
 * staged and the current database kept, just before the files are swapped; removed once the restore's
 * audit entry is committed. A crash in between leaves the journal, and the next open finishes the job:
 *
 *  - at the next open by the program holding the database (settleInterruptedRestore, no key needed):
 *    a swap cut off half way is completed from the staged `<db>.restoring` files; staged files without
 *    a journal (a crash while copying the backup, before anything was replaced) are removed;
 *  - at the next login (recordInterruptedRestore, with the data key): the restore's audit entry is
 *    written, unless it already was (the entry carries the journal's id), and the journal removed.
 *
 * So every restore that replaced the database appears in its audit log. The journal holds no secret.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import type { Db } from '../../db/open.ts';
import { lockHeldElsewhere } from '../../db/instance-lock.ts';
import { keyFilePathFor } from '../../paths.ts';
import { appendAudit, auditEntryWithDetail } from '../audit/log.ts';
import { recordAnchor } from '../audit/anchors.ts';
import { fsyncPath } from '../../db/fsync.ts';
import { exclusiveUnitOfWork } from './repository.ts';

export interface RestoreJournal {
  format: 'creditdesk-restore-journal';
  version: 1;
  /** Also written into the audit entry, so the entry is never written twice. */
  id: string;
  at: string;
  actor: string;
  backupId: string;
  backupCreatedAt: string;
  sha256: string;
  safetyCopy: string | null;
  /** The restored copy's audit head (from its manifest): its log is the same as the replaced one up to there. */
  restoredHead?: { id: number; hash: string };
}

export function restoreJournalPathFor(dbPath: string): string {
  return `${dbPath}.restore-journal.json`;
}

/** Where a restore stages the backup's files before swapping them in. */
export function stagedPathsFor(dbPath: string): { db: string; keys: string; sidecars: string[] } {
  const db = `${dbPath}.restoring`;
  return { db, keys: keyFilePathFor(db), sidecars: [`${db}-wal`, `${db}-shm`] };
}

export function newRestoreJournal(fields: Omit<RestoreJournal, 'format' | 'version' | 'id'>): RestoreJournal {
  return { format: 'creditdesk-restore-journal', version: 1, id: randomUUID(), ...fields };
}

/** Write-then-rename with fsync: a crash leaves no journal or the whole one. */
export function writeRestoreJournal(dbPath: string, j: RestoreJournal): void {
  const path = restoreJournalPathFor(dbPath);
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, `${JSON.stringify(j, null, 1)}\n`, { mode: 0o600 });
  fsyncPath(tmp);
  renameSync(tmp, path);
  fsyncPath(dirname(path));
}

export function readRestoreJournal(dbPath: string): RestoreJournal | null {
  const path = restoreJournalPathFor(dbPath);
  if (!existsSync(path)) return null;
  try {
    const j = JSON.parse(readFileSync(path, 'utf8')) as Partial<RestoreJournal> | null;
    if (j?.format !== 'creditdesk-restore-journal' || typeof j.id !== 'string') return null;
    return j as RestoreJournal;
  } catch {
    return null;
  }
}

export function removeRestoreJournal(dbPath: string): void {
  rmSync(restoreJournalPathFor(dbPath), { force: true });
}

/**
 * File-level half of the recovery, run before the database is opened. Does nothing while another
 * running program holds the database (it may be restoring right now); the holder settles it.
 */
export function settleInterruptedRestore(dbPath: string): void {
  const staged = stagedPathsFor(dbPath);
  const journal = existsSync(restoreJournalPathFor(dbPath));
  if (!journal && !existsSync(staged.db) && !existsSync(staged.keys)) return;
  if (lockHeldElsewhere(dbPath)) return;
  if (journal && existsSync(staged.db)) {
    // The swap had begun (the journal is written only after the backup was staged and checked).
    if (existsSync(staged.keys)) renameSync(staged.keys, keyFilePathFor(dbPath));
    renameSync(staged.db, dbPath);
    fsyncPath(dirname(dbPath));
  }
  // Without a journal nothing was replaced yet: the staged copy is dropped; the next restore stages anew.
  for (const f of [staged.db, staged.keys, ...staged.sidecars]) rmSync(f, { force: true });
  if (journal && readRestoreJournal(dbPath) === null) removeRestoreJournal(dbPath); // unreadable: nothing to record
}

/** The restore's audit entry, unless the log already has it; in one transaction with the check. */
export function recordRestore(db: Db, j: RestoreJournal, extra: Record<string, unknown> = {}): void {
  exclusiveUnitOfWork(db, () => {
    if (auditEntryWithDetail(db, 'backup.restore', 'journal', j.id)) return;
    appendAudit(db, {
      at: j.at,
      actor: j.actor,
      action: 'backup.restore',
      target: `backup:${j.backupId}`,
      detail: {
        backupCreatedAt: j.backupCreatedAt,
        sha256: j.sha256,
        safetyCopy: j.safetyCopy,
        ...(j.restoredHead ? { restoredHead: j.restoredHead } : {}),
        journal: j.id,
        ...extra,
      },
    });
  });
}

/**
 * Login-time half: a journal left by a restore whose swap finished (or was finished by
 * settleInterruptedRestore) gets its audit entry now, marked as recorded at this later open.
 */
export function recordInterruptedRestore(db: Db, dbPath: string, at: string): boolean {
  const j = readRestoreJournal(dbPath);
  if (!j || existsSync(stagedPathsFor(dbPath).db)) return false;
  recordRestore(db, j, { recordedLater: at });
  recordAnchor(db, dbPath, 'restore', at);
  removeRestoreJournal(dbPath);
  return true;
}
