/**
 * The open database and the logged-in user. The data key lives only here, in the backend (worker
 * thread), and is dropped with the connection at logout and at the idle lock. The session keeps a copy
 * of it so an administrator can wrap it for a new user or a new password (SQLCipher holds it inside
 * the connection anyway); closeSession() zeroes that copy.
 */
import { existsSync, mkdirSync, renameSync, rmSync } from 'node:fs';
import { dirname } from 'node:path';
import { ApiError } from '../../shared/api/errors.ts';
import type { CountyProfile } from '../../shared/domain/county.ts';
import type { UserInfo } from '../../shared/domain/users.ts';
import {
  DEFAULT_SCRYPT,
  newDataKey,
  newKeyFile,
  readKeyFile,
  type ScryptParams,
  wrapForUser,
  writeKeyFile,
} from '../db/keyfile.ts';
import { deferQuickCheck } from '../db/integrity-check.ts';
import { type Db, openAndMigrate } from '../db/open.ts';
import { forgetIncomplete } from '../db/unjournaled-write.ts';
import { isDiskFull, isWriteBusy, storageError } from '../db/write-errors.ts';
import { recordInterruptedRestore, settleInterruptedRestore } from '../services/backup/restore-journal.ts';
import { anchorFilePathFor } from '../services/audit/anchor-file.ts';
import { keyFilePathFor } from '../paths.ts';
import { appendAudit } from '../services/audit/log.ts';
import {
  deferAudit,
  importDeferredAudit,
  rememberDbPath,
  withShortWait,
} from '../services/audit/deferred.ts';
import { importLoginFailures } from '../services/users/login-import.ts';
import { loginLogPathFor } from '../services/users/login-log.ts';
import { attemptPassword } from '../services/users/password-attempt.ts';
import { setCounty } from '../services/settings/county.ts';
import { findActiveUser, insertUser } from '../services/users/accounts.ts';

export interface OpenSession {
  db: Db;
  user: UserInfo;
  /** Copy of the data key, zeroed when the session closes. */
  dataKey: Buffer;
  /** True when the file was too big to quick_check at open: the backend checks it in the background. */
  deferredCheck?: boolean;
  /** True when the login entry could not be written (another program held the write lock, or the disk
   * was full): it waits in the pending file (services/audit/deferred.ts). */
  auditDeferred?: boolean;
}

/** Closes the connection and overwrites the session's copy of the data key. */
export function closeOpenSession(s: OpenSession): void {
  try {
    s.db.close();
  } finally {
    s.dataKey.fill(0);
  }
}

export function databaseExists(dbPath: string): boolean {
  // A restore cut off mid-swap onto an empty folder must not look like a first run.
  settleInterruptedRestore(dbPath);
  return existsSync(dbPath);
}

export interface CreateDatabaseRequest {
  dbPath: string;
  admin: { username: string; displayName: string; password: string };
  county: CountyProfile;
  at: string;
  scrypt?: ScryptParams;
}

const DB_FILE_SUFFIXES = ['', '-wal', '-shm'] as const;

function removeDbFiles(path: string): void {
  for (const suffix of DB_FILE_SUFFIXES) rmSync(`${path}${suffix}`, { force: true });
}

/**
 * Creates the encrypted database with its first user and its key file, atomically as seen from the
 * next start: both are built under temporary names and renamed into place, the key file first. A crash
 * at any point leaves either no database (setup runs again) or a database with its key file — never a
 * database whose random key was lost.
 */
export async function createDatabase(req: CreateDatabaseRequest): Promise<OpenSession> {
  const keyPath = keyFilePathFor(req.dbPath);
  if (existsSync(req.dbPath)) {
    throw new ApiError('database_exists', '数据库已存在，不能重复初始化。请直接登录。');
  }
  mkdirSync(dirname(req.dbPath), { recursive: true });
  const staging = `${req.dbPath}.creating`;
  const stagingKeys = keyFilePathFor(staging);
  // Leftovers of an interrupted first run cannot be opened (their key died with the process).
  removeDbFiles(staging);
  rmSync(stagingKeys, { force: true });
  // A key file without its database opens nothing; keep it aside rather than destroy anything.
  if (existsSync(keyPath)) renameSync(keyPath, `${keyPath}.orphaned-${Date.now()}`);
  // Failed logins of a database that no longer exists mean nothing for the new one.
  rmSync(loginLogPathFor(req.dbPath), { force: true });
  // Nor does the announcement of a write into it that was interrupted (an unfinished `creditdesk demo`).
  forgetIncomplete(req.dbPath);
  // Anchors of a database that no longer exists would not match the new log; kept aside like the key file.
  const anchors = anchorFilePathFor(req.dbPath);
  if (existsSync(anchors)) renameSync(anchors, `${anchors}.orphaned-${Date.now()}`);

  const dataKey = newDataKey();
  try {
    const kf = await wrapForUser(
      newKeyFile(),
      req.admin.username,
      req.admin.password,
      dataKey,
      req.scrypt ?? DEFAULT_SCRYPT,
    );
    const user: UserInfo = {
      username: req.admin.username,
      displayName: req.admin.displayName,
      role: 'admin',
    };
    const building = openAndMigrate(staging, dataKey, { create: true });
    try {
      building.transaction(() => {
        insertUser(building, user, req.at);
        setCounty(building, req.county);
        appendAudit(building, {
          at: req.at,
          actor: user.username,
          action: 'database.create',
          target: null,
          detail: { county: req.county.name },
        });
      })();
      building.pragma('wal_checkpoint(TRUNCATE)');
    } finally {
      building.close();
    }
    writeKeyFile(stagingKeys, kf);
    renameSync(stagingKeys, keyPath);
    for (const suffix of DB_FILE_SUFFIXES) {
      if (existsSync(`${staging}${suffix}`)) renameSync(`${staging}${suffix}`, `${req.dbPath}${suffix}`);
    }
    return { db: openAndMigrate(req.dbPath, dataKey), user, dataKey: Buffer.from(dataKey) };
  } catch (e) {
    removeDbFiles(staging);
    rmSync(stagingKeys, { force: true });
    throw e;
  } finally {
    dataKey.fill(0);
  }
}

/**
 * Unwraps the data key with the password, opens the database and checks the user is still active.
 * A name locked out after repeated failures is refused before any password work; a failure is written
 * to the failed-login file (no password in it); a success copies the pending failures into the audit
 * log, records the login there and resets the name's failure count.
 */
export async function login(
  dbPath: string,
  username: string,
  password: string,
  at: string,
  /** Files above this size (bytes) are quick_checked in the background (integrity-check.ts). */
  syncCheckMaxBytes?: number,
): Promise<OpenSession> {
  settleInterruptedRestore(dbPath);
  if (!existsSync(dbPath)) throw new ApiError('no_database', '数据库不存在，请先初始化。');
  const kf = readKeyFile(keyFilePathFor(dbPath));
  const logPath = loginLogPathFor(dbPath);
  const attempt = await attemptPassword(dbPath, kf, username, password, at);
  const dataKey = attempt.dataKey;
  try {
    const deferredCheck = deferQuickCheck(dbPath, syncCheckMaxBytes);
    const db = openAndMigrate(dbPath, dataKey, { quickCheck: deferredCheck ? 'defer' : 'sync' });
    rememberDbPath(db, dbPath);
    let user: UserInfo | null = null;
    let finish: () => void = () => {};
    let auditDeferred = false;
    try {
      user = findActiveUser(db, username);
      if (user) {
        try {
          // IMMEDIATE: the write lock first, then the pending files are read (importDeferredAudit).
          finish = withShortWait(db, () =>
            db
              .transaction(() => {
                const after = importLoginFailures(db, logPath, kf.databaseId, at, username);
                const afterDeferred = importDeferredAudit(db, dbPath);
                appendAudit(db, { at, actor: username, action: 'session.login', target: null, detail: {} });
                return () => {
                  after();
                  afterDeferred();
                };
              })
              .immediate(),
          );
        } catch (e) {
          // Another program is writing (e.g. an import), or the disk is full: read beside it; the
          // entry is chained later. If not even the small pending file can be written, say why.
          if (!isWriteBusy(e) && !isDiskFull(e)) throw e;
          try {
            deferAudit(dbPath, { at, actor: username, action: 'session.login', target: null, detail: {} });
          } catch (d) {
            throw storageError(d) ?? storageError(e) ?? d;
          }
          auditDeferred = true;
        }
      }
    } catch (e) {
      db.close();
      throw e;
    }
    if (!user) {
      // A removed user whose wrapped key survived (e.g. an old key file): refused like a wrong password.
      db.close();
      throw attempt.refuse();
    }
    try {
      finish();
    } catch {
      // The file keeps its copied entries; the next login skips them by their sequence numbers.
    }
    try {
      recordInterruptedRestore(db, dbPath, at);
    } catch {
      // The journal stays; the next login records the restore.
    }
    return { db, user, dataKey: Buffer.from(dataKey), deferredCheck, auditDeferred };
  } finally {
    dataKey.fill(0);
  }
}
