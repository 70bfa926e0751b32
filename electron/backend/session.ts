/**
 * The open database and the logged-in user. The data key lives only here, in the backend (worker
 * thread), and is dropped with the connection at logout.
 */
import { existsSync, mkdirSync, rmSync } from 'node:fs';
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
  unwrapForUser,
  wrapForUser,
  writeKeyFile,
} from '../db/keyfile.ts';
import { type Db, openAndMigrate } from '../db/open.ts';
import { keyFilePathFor } from '../paths.ts';
import { appendAudit } from '../services/audit.ts';
import { setCounty } from '../services/settings.ts';
import { findActiveUser, insertUser } from '../services/users.ts';

export interface OpenSession {
  db: Db;
  user: UserInfo;
}

export function databaseExists(dbPath: string): boolean {
  return existsSync(dbPath);
}

export interface CreateDatabaseRequest {
  dbPath: string;
  admin: { username: string; displayName: string; password: string };
  county: CountyProfile;
  at: string;
  scrypt?: ScryptParams;
}

/** Creates the key file and the encrypted database with its first user; on failure leaves no files behind. */
export async function createDatabase(req: CreateDatabaseRequest): Promise<OpenSession> {
  const keyPath = keyFilePathFor(req.dbPath);
  if (existsSync(req.dbPath) || existsSync(keyPath)) {
    throw new ApiError('database_exists', '数据库已存在，不能重复初始化。请直接登录。');
  }
  mkdirSync(dirname(req.dbPath), { recursive: true });
  const dataKey = newDataKey();
  const kf = await wrapForUser(
    newKeyFile(),
    req.admin.username,
    req.admin.password,
    dataKey,
    req.scrypt ?? DEFAULT_SCRYPT,
  );
  let db: Db | null = null;
  try {
    db = openAndMigrate(req.dbPath, dataKey, { create: true });
    const user: UserInfo = {
      username: req.admin.username,
      displayName: req.admin.displayName,
      role: 'admin',
    };
    const opened = db;
    opened.transaction(() => {
      insertUser(opened, user, req.at);
      setCounty(opened, req.county);
      appendAudit(opened, {
        at: req.at,
        actor: user.username,
        action: 'database.create',
        target: null,
        detail: { county: req.county.name },
      });
    })();
    // The key file is written last: a database without one cannot be opened, so a crash before this
    // point leaves only files that the next first-run attempt removes.
    writeKeyFile(keyPath, kf);
    return { db: opened, user };
  } catch (e) {
    db?.close();
    for (const p of [req.dbPath, `${req.dbPath}-wal`, `${req.dbPath}-shm`]) rmSync(p, { force: true });
    throw e;
  } finally {
    dataKey.fill(0);
  }
}

/** Unwraps the data key with the password, opens the database and checks the user is still active. */
export async function login(
  dbPath: string,
  username: string,
  password: string,
  at: string,
): Promise<OpenSession> {
  if (!existsSync(dbPath)) throw new ApiError('no_database', '数据库不存在，请先初始化。');
  const kf = readKeyFile(keyFilePathFor(dbPath));
  const dataKey = await unwrapForUser(kf, username, password);
  try {
    const db = openAndMigrate(dbPath, dataKey);
    const user = findActiveUser(db, username);
    if (!user) {
      db.close();
      throw new ApiError('wrong_password', '用户名或密码错误，请重新输入。');
    }
    appendAudit(db, { at, actor: username, action: 'session.login', target: null, detail: {} });
    return { db, user };
  } finally {
    dataKey.fill(0);
  }
}
