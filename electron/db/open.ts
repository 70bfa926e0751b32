/**
 * Opens the SQLCipher database with a raw 32-byte key. The probe query runs before anything else, so
 * a wrong key fails at once with a clear message and no page of the file is ever written.
 */
import Database from 'better-sqlite3-multiple-ciphers';
import { ApiError } from '../../shared/api/errors.ts';
import { fileChangePending, migrate } from './migrate.ts';
import { ensureBuiltins } from './builtins.ts';
import { registerSqlFunctions } from './sql-functions.ts';
import {
  announcedIncomplete,
  carriesIncompleteMark,
  INCOMPLETE_DATABASE_MESSAGE,
} from './unjournaled-write.ts';
import { diskFullError, isDiskFull, WRITE_WAIT_MS } from './write-errors.ts';

export type Db = Database.Database;

export interface OpenOptions {
  /** Create the file if missing; otherwise a missing file is an error. */
  create?: boolean;
  readonly?: boolean;
  /**
   * openAndMigrate only. 'defer': skip the quick_check here because the caller runs it in the
   * background (integrity-check.ts — files too big to check while the user waits). Ignored when a
   * migration is pending: a migration writes, and writing into a damaged file must not happen.
   */
  quickCheck?: 'sync' | 'defer';
}

/** SPEC §9: what a damaged database answers (at open, or after the background check found damage). */
export const DAMAGED_DATABASE_MESSAGE =
  '数据库文件已损坏（完整性检查未通过），为免损坏扩大已停止打开，数据未被改动。请由管理员从最近的备份恢复。';

export function openDatabase(path: string, key: Buffer, opts: OpenOptions = {}): Db {
  if (key.length !== 32) throw new ApiError('internal', '数据密钥长度不正确');
  // A bulk write into it was interrupted (unjournaled-write.ts): not a page of it is read.
  if (announcedIncomplete(path)) throw new ApiError('database_unreadable', INCOMPLETE_DATABASE_MESSAGE);
  let db: Db;
  try {
    db = new Database(path, { fileMustExist: !opts.create, readonly: opts.readonly ?? false });
  } catch {
    throw new ApiError('no_database', '找不到数据库文件，或没有读取它的权限。');
  }
  let incomplete = false;
  try {
    // SQLCipher 4 format, so the file stays readable by standard SQLCipher tools for audits and recovery.
    db.pragma(`cipher='sqlcipher'`);
    db.pragma('legacy=4');
    db.pragma(`key="x'${key.toString('hex')}'"`);
    // The same, said by the file itself (a copy taken without its neighbour) when its schema can be read.
    incomplete = carriesIncompleteMark(db);
    if (!incomplete) db.prepare('SELECT count(*) FROM sqlite_master').get();
  } catch (e) {
    db.close();
    // No room for the WAL index on a full disk is not a wrong key.
    if (isDiskFull(e)) throw diskFullError();
    throw new ApiError(
      'database_unreadable',
      '数据库无法用此密钥打开：密钥不匹配，或文件已损坏。数据未被改动。',
    );
  }
  // Refused before anything writes to it.
  if (incomplete) {
    db.close();
    throw new ApiError('database_unreadable', INCOMPLETE_DATABASE_MESSAGE);
  }
  if (!opts.readonly) {
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
  }
  db.pragma('foreign_keys = ON');
  // Every page evicted from the cache is re-encrypted on its next write; 64 MiB keeps a county's hot
  // pages (indexes, FTS) in memory and halves the time of bulk loads.
  db.pragma('cache_size = -65536');
  db.pragma(`busy_timeout = ${WRITE_WAIT_MS}`);
  registerSqlFunctions(db);
  return db;
}

/**
 * PRAGMA quick_check (SPEC §9) on the schema `schema` ('main' or an attached one): [] when the file is
 * sound, else SQLite's findings. A page SQLCipher cannot authenticate makes the pragma throw; that is
 * a finding too.
 */
export function quickCheckProblems(db: Db, schema = 'main'): string[] {
  if (!/^[a-z_]+$/.test(schema)) throw new ApiError('internal', '数据库名称不正确');
  try {
    const rows = db.pragma(`${schema}.quick_check(20)`) as { quick_check: string }[];
    const found = rows.map((r) => r.quick_check);
    return found.length === 1 && found[0] === 'ok' ? [] : found;
  } catch (e) {
    return [e instanceof Error ? e.message : String(e)];
  }
}

/** Opens (creating if asked), checks the file is sound, and brings the schema up to date. */
export function openAndMigrate(path: string, key: Buffer, opts: OpenOptions = {}): Db {
  const db = openDatabase(path, key, opts);
  try {
    const migrationPending = fileChangePending(db.pragma('user_version', { simple: true }) as number);
    if ((opts.quickCheck !== 'defer' || migrationPending) && quickCheckProblems(db).length > 0) {
      throw new ApiError('database_unreadable', DAMAGED_DATABASE_MESSAGE);
    }
    migrate(db);
    ensureBuiltins(db);
  } catch (e) {
    db.close();
    throw e;
  }
  return db;
}
