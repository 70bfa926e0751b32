/**
 * Writing a backup: an encrypted snapshot of the open database (repository.ts), checked with quick_check
 * before it counts, beside a copy of the key file and a manifest. (better-sqlite3's online `db.backup()`
 * refuses: it cannot write an encrypted target.)
 */
import { copyFileSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import type { BackupInfo, BackupKind } from '../../../shared/api/contracts/backup.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { readKeyFile } from '../../db/keyfile.ts';
import type { Db } from '../../db/open.ts';
import { keyFilePathFor } from '../../paths.ts';
import { appendAudit, auditHeadAnchor } from '../audit/log.ts';
import { recordAnchor } from '../audit/anchors.ts';
import { type Actor, authorize } from '../authz.ts';
import { pruneBackups } from './catalog.ts';
import { fsyncPath } from '../../db/fsync.ts';
import { sha256File } from './checksum.ts';
import { getBackupKeep } from './keep.ts';
import { BACKUP_DB_FILE, BACKUP_KEY_FILE, backupsDirFor, newBackupId, PARTIAL_SUFFIX } from './layout.ts';
import { type Manifest, toInfo, writeManifest } from './manifest.ts';
import { checkSnapshot, inUnitOfWork, snapshotInto } from './repository.ts';

/**
 * Quick_check takes about this many times as long as the VACUUM INTO that wrote the copy: both read
 * and decrypt every page, the check also authenticates and walks each b-tree (measured 1.5–1.8 on the
 * 2-core development machine at 30,000 and 100,000 entities). It turns the copy's own measured time into
 * the check's expected time, so the estimate scales with this machine and this file.
 */
export const CHECK_TO_COPY_RATIO = 1.7;

/** Progress reported while the job's thread is blocked, by a thread that is not (the job runner). */
export interface BlockedStepReports {
  /**
   * Called before the snapshot (VACUUM INTO, one native call that blocks its thread) with the file it
   * writes and the live file's size; returns the function that stops watching. The job runner watches
   * the file from another thread so progress keeps arriving while the copy is written.
   */
  watchSnapshot?: (target: string, expectedBytes: number) => () => void;
  /**
   * Called before the copy's quick_check with the time it is expected to take; returns the function
   * that stops. quick_check cannot be sliced and shows nothing measurable while it runs, so the job
   * runner reports an estimate by time, labelled as one (jobs/estimate-progress.ts).
   */
  estimateCheck?: (stage: string, expectedMs: number) => () => void;
}

export interface CreateBackupRequest extends BlockedStepReports {
  kind: Exclude<BackupKind, 'pre-restore'>;
  actor: Actor;
  at: string;
  /** Another folder than `backups/` beside the database (command line `--out`); nothing is pruned there. */
  root?: string;
  /** Progress: `done` of `total` (steps, or bytes while the copy is hashed) in the named stage. */
  onStage?: (done: number, total: number, stage: string) => void;
}

/**
 * Writes, checks and records one backup, then removes the oldest of its kind beyond the kept number.
 * A manual backup needs `backup.manage`; the daily one is the system's and runs for whoever logs in.
 */
export function createBackup(db: Db, dbPath: string, req: CreateBackupRequest): BackupInfo {
  if (req.kind === 'manual') authorize(req.actor, 'backup.manage');
  if (inUnitOfWork(db)) throw new ApiError('conflict', '有未完成的操作，暂不能备份。');
  const root = req.root ?? backupsDirFor(dbPath);
  mkdirSync(root, { recursive: true });
  const id = newBackupId(root, new Date(req.at), req.kind);
  const staging = join(root, `${id}${PARTIAL_SUFFIX}`);
  mkdirSync(staging);
  let manifest: Manifest;
  try {
    req.onStage?.(0, 3, '正在写入加密备份');
    const auditHead = auditHeadAnchor(db); // the copy's own head: nothing is written until VACUUM is done
    const target = join(staging, BACKUP_DB_FILE);
    const stopWatching = req.watchSnapshot?.(target, statSync(dbPath).size);
    const copyStarted = performance.now();
    try {
      snapshotInto(db, target);
    } finally {
      stopWatching?.();
    }
    const copyMs = performance.now() - copyStarted;
    fsyncPath(target);
    const keySource = keyFilePathFor(dbPath);
    const keyFile = readKeyFile(keySource);
    copyFileSync(keySource, join(staging, BACKUP_KEY_FILE));
    fsyncPath(join(staging, BACKUP_KEY_FILE));

    req.onStage?.(1, 3, '正在校验备份');
    const stopEstimate = req.estimateCheck?.('正在校验备份', Math.round(copyMs * CHECK_TO_COPY_RATIO));
    let check: ReturnType<typeof checkSnapshot>;
    try {
      check = checkSnapshot(db, target);
    } finally {
      stopEstimate?.();
    }
    if (check.problems.length > 0) {
      throw new ApiError('internal', '备份写入后完整性检查未通过，备份未保存。请检查磁盘空间后重试。');
    }
    // The entity count is not compared with the live one: another process (the command line beside
    // the app) may have committed since the snapshot was taken.
    const size = statSync(target).size;
    // Hashed in this thread by chunks, so it reports as it goes (a county's copy is a gigabyte at 1 M).
    const sha256 = sha256File(target, (read) => req.onStage?.(read, size, '正在计算备份校验值'));
    manifest = {
      format: 'creditdesk-backup',
      version: 1,
      id,
      kind: req.kind,
      createdAt: req.at,
      createdBy: req.actor.username,
      databaseId: keyFile.databaseId,
      size,
      sha256,
      keyFileSha256: sha256File(join(staging, BACKUP_KEY_FILE)),
      quickCheck: 'ok',
      schemaVersion: check.schemaVersion,
      entities: check.entities,
      auditHead,
    };
    writeManifest(staging, manifest);
    renameSync(staging, join(root, id));
    fsyncPath(root);
  } catch (e) {
    rmSync(staging, { recursive: true, force: true });
    if ((e as { code?: unknown }).code === 'SQLITE_FULL') {
      throw new ApiError('internal', '磁盘空间不足，备份未完成，数据库未受影响。请清理磁盘后重试。');
    }
    throw e;
  }

  req.onStage?.(2, 3, '正在清理旧备份');
  const removed = req.root ? [] : pruneBackups(root, req.kind, getBackupKeep(db));
  appendAudit(db, {
    at: req.at,
    actor: req.actor.username,
    action: req.kind === 'daily' ? 'backup.daily' : 'backup.create',
    target: `backup:${id}`,
    detail: { size: manifest.size, sha256: manifest.sha256, removed },
  });
  recordAnchor(db, dbPath, 'backup', req.at);
  return toInfo(manifest);
}
