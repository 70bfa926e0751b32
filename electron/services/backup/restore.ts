/**
 * Restoring a backup. Nothing is replaced until the backup has proved itself: its files match the
 * manifest's checksums, its key file opens with the given name and password, the database opens with
 * that key and passes quick_check, and the user is an administrator in it. Then:
 *
 *  1. the backup is copied beside the database as `<db>.restoring` (+ key file) and its checksum checked;
 *     only then is a logged-in session closed (`beforeSwap`);
 *  2. the current database is kept as a 'pre-restore' backup (a hard link where the disk allows, so no
 *     copy of gigabytes; its -wal/-shm are moved along so they can never be applied to the new file);
 *  3. the key file, then the database are renamed into place (each rename is atomic).
 *
 * Between 2 and 3 the intent is journaled (restore-journal.ts). A crash before the journal leaves the
 * current database in use and the staged copy is removed at the next open; a crash after it (between
 * or after the renames) is completed at the next open, and the restore's audit entry is written at the
 * next login.
 */
import { copyFileSync, existsSync, linkSync, mkdirSync, renameSync, rmSync, statSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { BackupInfo } from '../../../shared/api/contracts/backup.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { UserInfo } from '../../../shared/domain/users.ts';
import { type KeyFile, readKeyFile, unwrapForUser } from '../../db/keyfile.ts';
import { attemptPassword } from '../users/password-attempt.ts';
import { MIGRATIONS } from '../../db/migrations/index.ts';
import { type Db, openDatabase, quickCheckProblems } from '../../db/open.ts';
import { forgetIncomplete } from '../../db/unjournaled-write.ts';
import { keyFilePathFor } from '../../paths.ts';
import { type Actor, authorize } from '../authz.ts';
import { findActiveUser } from '../users/accounts.ts';
import { recordAnchor } from '../audit/anchors.ts';
import { pruneBackups } from './catalog.ts';
import { fsyncPath } from '../../db/fsync.ts';
import { sha256File } from './checksum.ts';
import { BACKUP_DB_FILE, BACKUP_KEY_FILE, backupsDirFor, newBackupId, PARTIAL_SUFFIX } from './layout.ts';
import { type Manifest, readManifest, toInfo, writeManifest } from './manifest.ts';
import { checkpoint, schemaVersion } from './repository.ts';
import {
  newRestoreJournal,
  recordRestore,
  removeRestoreJournal,
  settleInterruptedRestore,
  stagedPathsFor,
  writeRestoreJournal,
} from './restore-journal.ts';
import { DEFAULT_BACKUP_KEEP } from '../../../shared/api/contracts/backup.ts';

export interface VerifiedBackup {
  folder: string;
  manifest: Manifest;
  /** The backup's data key; the caller zeroes it. */
  dataKey: Buffer;
  user: UserInfo;
}

const WRONG_CREDENTIALS =
  '用户名或密码与该备份不符。备份中保存的是备份当时的用户和密码；请使用当时的管理员账号和密码。';

/**
 * Proves a backup folder restorable by `username`; throws a Chinese ApiError saying what is wrong.
 * `guard` names the database whose login lockout counts this password attempt, so the restore screen
 * is no way around the lockout.
 */
export async function verifyBackup(
  folder: string,
  username: string,
  password: string,
  guard: { dbPath: string; at: string },
): Promise<VerifiedBackup> {
  const manifest = readManifest(folder);
  const dbFile = join(folder, BACKUP_DB_FILE);
  const keyFile = join(folder, BACKUP_KEY_FILE);
  if (!manifest || !existsSync(dbFile)) {
    throw new ApiError('not_found', '找不到该备份，或备份不完整（缺少数据库文件或说明文件 manifest.json）。');
  }
  if (statSync(dbFile).size !== manifest.size || sha256File(dbFile) !== manifest.sha256) {
    throw new ApiError(
      'database_unreadable',
      '该备份的数据库文件已损坏（校验值与记录不符），不能用于恢复。请选择另一份备份。',
    );
  }
  if (!existsSync(keyFile) || sha256File(keyFile) !== manifest.keyFileSha256) {
    throw new ApiError(
      'database_unreadable',
      '该备份的密钥文件缺失或已改动，不能用于恢复。请选择另一份备份。',
    );
  }
  let dataKey: Buffer;
  try {
    dataKey = (await attemptPassword(guard.dbPath, readKeyFile(keyFile), username, password, guard.at))
      .dataKey;
  } catch (e) {
    if (e instanceof ApiError && e.code === 'wrong_password')
      throw new ApiError('wrong_password', WRONG_CREDENTIALS);
    throw e;
  }
  try {
    const db = openDatabase(dbFile, dataKey, { readonly: true });
    let user: UserInfo | null;
    try {
      if (quickCheckProblems(db).length > 0) {
        throw new ApiError('database_unreadable', '该备份未通过完整性检查，不能用于恢复。请选择另一份备份。');
      }
      const schema = schemaVersion(db);
      if (schema > (MIGRATIONS.at(-1)?.version ?? 0)) {
        throw new ApiError('database_unreadable', '该备份由更新版本的程序创建，请升级 CreditDesk 后再恢复。');
      }
      user = findActiveUser(db, username);
    } finally {
      db.close();
    }
    if (!user) throw new ApiError('wrong_password', WRONG_CREDENTIALS);
    authorize(user, 'backup.manage');
    return { folder, manifest, dataKey, user };
  } catch (e) {
    dataKey.fill(0);
    throw e;
  }
}

/**
 * Before login (recovery screen, command line) nobody has proved they may replace the current
 * database. Allowed when it is missing or damaged (then being an administrator in the backup is
 * enough), or when the same name and password make an administrator of the current, healthy one.
 */
export async function authorizeOfflineRestore(
  dbPath: string,
  v: VerifiedBackup,
  username: string,
  password: string,
): Promise<void> {
  if (!existsSync(dbPath)) return;
  let kf: KeyFile;
  try {
    kf = readKeyFile(keyFilePathFor(dbPath));
  } catch {
    return; // Without its key file the current database cannot be opened by anyone.
  }
  let key: Buffer | null = null;
  try {
    key = await unwrapForUser(kf, username, password);
  } catch {
    // Same database: the backup's data key opens the current file too.
    key = kf.databaseId === v.manifest.databaseId ? Buffer.from(v.dataKey) : null;
  }
  if (!key) {
    throw new ApiError(
      'forbidden',
      '此用户名和密码不能打开当前数据库，因此不能在登录前用这份备份覆盖它。请使用当前的管理员账号。',
    );
  }
  try {
    let db: Db;
    try {
      db = openDatabase(dbPath, key);
    } catch {
      return; // Damaged beyond opening.
    }
    try {
      if (quickCheckProblems(db).length > 0) return;
      const current = findActiveUser(db, username);
      if (!current) {
        throw new ApiError(
          'forbidden',
          '当前数据库完好，且此用户不是其中的有效用户：请由当前的管理员登录后在“系统管理 → 备份与恢复”中恢复。',
        );
      }
      authorize(current, 'backup.manage');
    } finally {
      db.close();
    }
  } finally {
    key.fill(0);
  }
}

export interface ReplaceResult {
  restored: BackupInfo;
  safetyCopy: string | null;
}

/** Where a restore has got to; crash tests stop the process at each of them. */
export type RestoreStep = 'staged' | 'journaled' | 'keys-swapped' | 'swapped';

/** Steps 1–3 of the header, then an audit entry in the restored database. Zeroes the data key. */
export function replaceDatabase(
  dbPath: string,
  v: VerifiedBackup,
  actor: Actor,
  at: string,
  /** Runs once the backup is staged, just before the swap (ends the session, closing the live file). */
  beforeSwap: () => void = () => {},
  onStep: (step: RestoreStep) => void = () => {},
): ReplaceResult {
  try {
    // An earlier restore cut off mid-swap is finished first, so its journal is not overwritten.
    settleInterruptedRestore(dbPath);
    const { db: staged, keys: stagedKeys, sidecars } = stagedPathsFor(dbPath);
    for (const f of [staged, ...sidecars, stagedKeys]) rmSync(f, { force: true });
    mkdirSync(dirname(dbPath), { recursive: true });
    try {
      copyFileSync(join(v.folder, BACKUP_DB_FILE), staged);
      copyFileSync(join(v.folder, BACKUP_KEY_FILE), stagedKeys);
    } catch (e) {
      // A half copy (disk full) would only hold the space the user must free: the live file is untouched.
      for (const f of [staged, stagedKeys]) rmSync(f, { force: true });
      throw e;
    }
    fsyncPath(staged);
    fsyncPath(stagedKeys);
    if (sha256File(staged) !== v.manifest.sha256) {
      rmSync(staged, { force: true });
      rmSync(stagedKeys, { force: true });
      throw new ApiError('internal', '复制备份时出错（校验值不符），当前数据库未被改动。请检查磁盘后重试。');
    }

    onStep('staged');

    beforeSwap();
    const safetyCopy = existsSync(dbPath) ? keepSafetyCopy(dbPath, actor, at) : null;
    // The intent, before anything is replaced: a crash from here on is finished at the next open.
    const journal = newRestoreJournal({
      at,
      actor: actor.username,
      backupId: v.manifest.id,
      backupCreatedAt: v.manifest.createdAt,
      sha256: v.manifest.sha256,
      safetyCopy,
      ...(v.manifest.auditHead ? { restoredHead: v.manifest.auditHead } : {}),
    });
    writeRestoreJournal(dbPath, journal);
    onStep('journaled');
    renameSync(stagedKeys, keyFilePathFor(dbPath));
    onStep('keys-swapped');
    // An interrupted bulk write's announcement was about the file being replaced.
    forgetIncomplete(dbPath);
    renameSync(staged, dbPath);
    fsyncPath(dirname(dbPath));
    onStep('swapped');

    const db = openDatabase(dbPath, v.dataKey);
    try {
      recordRestore(db, journal);
      recordAnchor(db, dbPath, 'restore', at);
      checkpoint(db);
    } finally {
      db.close();
    }
    removeRestoreJournal(dbPath);
    return { restored: toInfo(v.manifest), safetyCopy };
  } finally {
    v.dataKey.fill(0);
  }
}

/** The database being replaced, kept as a 'pre-restore' backup (not checked: it may be the damaged one). */
function keepSafetyCopy(dbPath: string, actor: Actor, at: string): string {
  const root = backupsDirFor(dbPath);
  mkdirSync(root, { recursive: true });
  const id = newBackupId(root, new Date(at), 'pre-restore');
  const staging = join(root, `${id}${PARTIAL_SUFFIX}`);
  mkdirSync(staging);
  const target = join(staging, BACKUP_DB_FILE);
  try {
    linkSync(dbPath, target);
  } catch {
    copyFileSync(dbPath, target);
  }
  for (const suffix of ['-wal', '-shm']) {
    if (existsSync(`${dbPath}${suffix}`)) renameSync(`${dbPath}${suffix}`, `${target}${suffix}`);
  }
  const keys = keyFilePathFor(dbPath);
  let databaseId = 'unknown';
  if (existsSync(keys)) {
    copyFileSync(keys, join(staging, BACKUP_KEY_FILE));
    try {
      databaseId = readKeyFile(keys).databaseId;
    } catch {
      // A damaged key file is kept as it is; the manifest just cannot name the database.
    }
  }
  writeManifest(staging, {
    format: 'creditdesk-backup',
    version: 1,
    id,
    kind: 'pre-restore',
    createdAt: at,
    createdBy: actor.username,
    databaseId,
    size: statSync(target).size,
    sha256: sha256File(target),
    keyFileSha256: existsSync(join(staging, BACKUP_KEY_FILE))
      ? sha256File(join(staging, BACKUP_KEY_FILE))
      : '',
    quickCheck: 'not_checked',
    schemaVersion: 0,
    entities: null,
  });
  renameSync(staging, join(root, id));
  // The kept number is a setting inside the database being replaced; the default bounds these copies.
  pruneBackups(root, 'pre-restore', DEFAULT_BACKUP_KEEP);
  return id;
}
