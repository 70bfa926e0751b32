/**
 * The users area's repository: the only code that writes SQL for the users table, the failed-login
 * file's import state (login_log_state) and the idle-lock setting. Who may do what, and the order of
 * writes against the key file, stay in the services beside it.
 */
import type { Role, UserInfo } from '../../../shared/domain/users.ts';
import { all, type DataDoor, get, run, sql, unitOfWork, value } from '../../db/sql.ts';

export { unitOfWork };

interface UserRow {
  username: string;
  display_name: string;
  role: Role;
  disabled: number;
  created_at: string;
  row_version: number;
  jurisdiction: string | null;
}

export interface StoredUser extends UserInfo {
  createdAt: string;
  /** Removed users keep their row, so the audit log's names stay explained; they cannot log in. */
  removed: boolean;
  /** The row's version, which an edit of the profile names (optimistic concurrency). */
  version: number;
  /** 管辖单位 whose entities alone the user reads; null: the whole county (entity-scope.ts). */
  jurisdiction: string | null;
}

function toStored(r: UserRow): StoredUser {
  return {
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    createdAt: r.created_at,
    removed: r.disabled === 1,
    version: Number(r.row_version),
    jurisdiction: r.jurisdiction,
  };
}

/** A user and, when given, their 管辖单位 (left out: the whole county). */
export function insertUser(db: DataDoor, u: UserInfo, at: string, jurisdiction: string | null = null): void {
  run(
    db,
    sql`INSERT INTO users (username, display_name, role, created_at, jurisdiction)
        VALUES (${u.username}, ${u.displayName}, ${u.role}, ${at}, ${jurisdiction})`,
  );
}

/** Any user row, active or removed. */
export function findUser(db: DataDoor, username: string): StoredUser | null {
  const row = get<UserRow>(
    db,
    sql`SELECT username, display_name, role, disabled, created_at, row_version, jurisdiction FROM users WHERE username = ${username}`,
  );
  return row ? toStored(row) : null;
}

/** The user's profile, or null when unknown or disabled. */
export function findActiveUser(db: DataDoor, username: string): UserInfo | null {
  const u = findUser(db, username);
  if (!u || u.removed) return null;
  return { username: u.username, displayName: u.displayName, role: u.role };
}

export function listActiveUsers(db: DataDoor): StoredUser[] {
  return all<UserRow>(
    db,
    sql`SELECT username, display_name, role, disabled, created_at, row_version, jurisdiction FROM users WHERE disabled = 0 ORDER BY id`,
  ).map(toStored);
}

/** Every name ever used (removed users too) with the name shown for it. */
export function userDisplayNames(db: DataDoor): Map<string, string> {
  const rows = all<{ username: string; displayName: string }>(
    db,
    sql`SELECT username, display_name AS "displayName" FROM users`,
  );
  return new Map(rows.map((u) => [u.username, u.displayName]));
}

export function countActiveAdmins(db: DataDoor): number {
  return value<number>(db, sql`SELECT count(*) FROM users WHERE role = 'admin' AND disabled = 0`) ?? 0;
}

/** Brings a removed name back with a new profile (its old entries in the log stay as they were). */
export function reactivateUser(
  db: DataDoor,
  u: UserInfo,
  at: string,
  jurisdiction: string | null = null,
): void {
  run(
    db,
    sql`UPDATE users SET row_version = row_version + 1, display_name = ${u.displayName}, role = ${u.role}, disabled = 0, created_at = ${at},
          jurisdiction = ${jurisdiction}
        WHERE username = ${u.username}`,
  );
}

/**
 * False when `expectedVersion` is given and the row holds another one (then nothing is written): the
 * comparison is in the statement itself, so no other writer can slip in between a read and the write.
 */
export function updateUserProfile(
  db: DataDoor,
  username: string,
  profile: { displayName: string; role: Role; jurisdiction: string | null },
  expectedVersion?: number,
): boolean {
  const sameVersion = expectedVersion === undefined ? sql`` : sql`AND row_version = ${expectedVersion}`;
  const { displayName, role, jurisdiction } = profile;
  return (
    run(
      db,
      sql`UPDATE users SET row_version = row_version + 1, display_name = ${displayName}, role = ${role},
            jurisdiction = ${jurisdiction}
          WHERE username = ${username} ${sameVersion}`,
    ).changes > 0
  );
}

export function markUserRemoved(db: DataDoor, username: string): void {
  run(db, sql`UPDATE users SET row_version = row_version + 1, disabled = 1 WHERE username = ${username}`);
}

// ---- Where the last copy of the failed-login file stopped (login-import.ts) ----

export interface LoginLogState {
  /** null until a file was first copied. */
  fileId: string | null;
  lastSeq: number;
  lastHash: string;
}

/** The state, or null in a database older than migration 006 (cannot happen after migrate()). */
export function readLoginLogState(db: DataDoor): LoginLogState | null {
  return (
    get<LoginLogState>(
      db,
      sql`SELECT file_id AS "fileId", last_seq AS "lastSeq", last_hash AS "lastHash" FROM login_log_state WHERE id = 1`,
    ) ?? null
  );
}

export function saveLoginLogState(db: DataDoor, s: LoginLogState): void {
  run(
    db,
    sql`UPDATE login_log_state SET file_id = ${s.fileId}, last_seq = ${s.lastSeq}, last_hash = ${s.lastHash}
        WHERE id = 1`,
  );
}

// ---- The idle-lock time, one row of the settings table ----

/** The settings key of the idle-lock time (its audit entry names it as the target). */
export const IDLE_LOCK_SETTING = 'security.idleLockSeconds';

/** The stored idle-lock time as written (parsed JSON), or undefined when never set. */
export function readIdleLockSetting(db: DataDoor): unknown {
  const text = value<string>(db, sql`SELECT value FROM settings WHERE key = ${IDLE_LOCK_SETTING}`);
  return text === undefined ? undefined : JSON.parse(text);
}

export function saveIdleLockSetting(db: DataDoor, seconds: number): void {
  run(
    db,
    sql`INSERT INTO settings (key, value) VALUES (${IDLE_LOCK_SETTING}, ${JSON.stringify(seconds)})
        ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
  );
}
