import type { Role, UserInfo } from '../../shared/domain/users.ts';
import type { Db } from '../db/open.ts';

interface UserRow {
  username: string;
  display_name: string;
  role: Role;
  disabled: number;
  created_at: string;
}

export interface StoredUser extends UserInfo {
  createdAt: string;
  /** Removed users keep their row, so the audit log's names stay explained; they cannot log in. */
  removed: boolean;
}

function toStored(r: UserRow): StoredUser {
  return {
    username: r.username,
    displayName: r.display_name,
    role: r.role,
    createdAt: r.created_at,
    removed: r.disabled === 1,
  };
}

export function insertUser(db: Db, u: UserInfo, at: string): void {
  db.prepare('INSERT INTO users (username, display_name, role, created_at) VALUES (?, ?, ?, ?)').run(
    u.username,
    u.displayName,
    u.role,
    at,
  );
}

/** The user's profile, or null when unknown or disabled. */
export function findActiveUser(db: Db, username: string): UserInfo | null {
  const row = db
    .prepare('SELECT username, display_name, role, disabled FROM users WHERE username = ?')
    .get(username) as UserRow | undefined;
  if (!row || row.disabled) return null;
  return { username: row.username, displayName: row.display_name, role: row.role };
}

/** Any user row, active or removed. */
export function findUser(db: Db, username: string): StoredUser | null {
  const row = db
    .prepare('SELECT username, display_name, role, disabled, created_at FROM users WHERE username = ?')
    .get(username) as UserRow | undefined;
  return row ? toStored(row) : null;
}

export function listActiveUsers(db: Db): StoredUser[] {
  return (
    db
      .prepare(
        'SELECT username, display_name, role, disabled, created_at FROM users WHERE disabled = 0 ORDER BY id',
      )
      .all() as UserRow[]
  ).map(toStored);
}

export function countActiveAdmins(db: Db): number {
  return (
    db.prepare("SELECT count(*) AS n FROM users WHERE role = 'admin' AND disabled = 0").get() as { n: number }
  ).n;
}

/** Brings a removed name back with a new profile (its old entries in the log stay as they were). */
export function reactivateUser(db: Db, u: UserInfo, at: string): void {
  db.prepare(
    'UPDATE users SET display_name = ?, role = ?, disabled = 0, created_at = ? WHERE username = ?',
  ).run(u.displayName, u.role, at, u.username);
}

export function updateUserProfile(db: Db, username: string, displayName: string, role: Role): void {
  db.prepare('UPDATE users SET display_name = ?, role = ? WHERE username = ?').run(
    displayName,
    role,
    username,
  );
}

export function markUserRemoved(db: Db, username: string): void {
  db.prepare('UPDATE users SET disabled = 1 WHERE username = ?').run(username);
}
