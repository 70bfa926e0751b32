import type { Role, UserInfo } from '../../shared/domain/users.ts';
import type { Db } from '../db/open.ts';

interface UserRow {
  username: string;
  display_name: string;
  role: Role;
  disabled: number;
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
