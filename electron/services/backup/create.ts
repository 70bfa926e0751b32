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
import { sha256File } from './checksum.ts';
import { getBackupKeep } from './keep.ts';
import {
  BACKUP_DB_FILE,
  BACKUP_KEY_FILE,
  backupsDirFor,
  fsyncPath,
  newBackupId,
  PARTIAL_SUFFIX,
} from './layout.ts';
import { type Manifest, toInfo, writeManifest } from './manifest.ts';
import { checkSnapshot, inUnitOfWork, snapshotInto } from './repository.ts';

export interface CreateBackupRequest {
  kind: Exclude<BackupKind, 'pre-restore'>;
  actor: Actor;
  at: string;
  /** Another folder than `backups/` beside the database (command line `--out`); nothing is pruned there. */
  root?: string;
  onStage?: (step: number, steps: number, stage: string) => void;
  /**
   * Called before the snapshot (VACUUM INTO, one native call that blocks its thread) with the file it
   * writes and the live file's size; returns the function that stops watching. The job runner watches
   * the file from another thread so progress keeps arriving while the copy is written.
   */
  watchSnapshot?: (target: string, expectedBytes: number) => () => void;
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
    try {
      snapshotInto(db, target);
    } finally {
      stopWatching?.();
    }
    fsyncPath(target);
    const keySource = keyFilePathFor(dbPath);
    const keyFile = readKeyFile(keySource);
    copyFileSync(keySource, join(staging, BACKUP_KEY_FILE));
    fsyncPath(join(staging, BACKUP_KEY_FILE));

    req.onStage?.(1, 3, '正在校验备份');
    const check = checkSnapshot(db, target);
    if (check.problems.length > 0) {
      throw new ApiError('internal', '备份写入后完整性检查未通过，备份未保存。请检查磁盘空间后重试。');
    }
    // The entity count is not compared with the live one: another process (the command line beside
    // the app) may have committed since the snapshot was taken.
    manifest = {
      format: 'creditdesk-backup',
      version: 1,
      id,
      kind: req.kind,
      createdAt: req.at,
      createdBy: req.actor.username,
      databaseId: keyFile.databaseId,
      size: statSync(target).size,
      sha256: sha256File(target),
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
