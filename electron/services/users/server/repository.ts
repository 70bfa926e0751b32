/**
 * The bureau server's sign-in tables (PostgreSQL migration 015): each account's password hash with its
 * failed sign-ins, and the sessions. The only SQL for them; a desk has neither table.
 */
import type { Role } from '../../../../shared/domain/users.ts';
import { all, type DataDoor, get, run, runInsert, sql, value } from '../../../db/sql.ts';

export interface ServerAccount {
  username: string;
  passwordHash: string;
  failures: number;
  lockedUntil: string | null;
}

export function findAccount(db: DataDoor, username: string): ServerAccount | null {
  return (
    get<ServerAccount>(
      db,
      sql`SELECT username, password_hash AS "passwordHash", failures, locked_until AS "lockedUntil"
          FROM server_accounts WHERE username = ${username}`,
    ) ?? null
  );
}

/** Sets (or replaces) a password; a new password also clears the failures that locked the old one. */
export function savePasswordHash(db: DataDoor, username: string, hash: string, at: string): void {
  run(
    db,
    sql`INSERT INTO server_accounts (username, password_hash, failures, locked_until, changed_at)
        VALUES (${username}, ${hash}, 0, NULL, ${at})
        ON CONFLICT (username) DO UPDATE
          SET password_hash = excluded.password_hash, failures = 0, locked_until = NULL,
              changed_at = excluded.changed_at`,
  );
}

/** Counts one more failure in the database itself, so two threads' failures both count. Returns the new count. */
export function addFailure(db: DataDoor, username: string): number {
  return (
    value<number>(
      db,
      sql`UPDATE server_accounts SET failures = failures + 1 WHERE username = ${username} RETURNING failures`,
    ) ?? 0
  );
}

export function setLockedUntil(db: DataDoor, username: string, until: string | null): void {
  run(db, sql`UPDATE server_accounts SET locked_until = ${until} WHERE username = ${username}`);
}

/** Clears failures and lock; returns whether the account was locked at `at`. */
export function clearFailures(db: DataDoor, username: string, at: string): boolean {
  const before = findAccount(db, username);
  if (!before || (before.failures === 0 && before.lockedUntil === null)) return false;
  run(db, sql`UPDATE server_accounts SET failures = 0, locked_until = NULL WHERE username = ${username}`);
  return before.lockedUntil !== null && before.lockedUntil > at;
}

/** Every account's lockout state, for the administrator's list. */
export function accountStates(db: DataDoor): ServerAccount[] {
  return all<ServerAccount>(
    db,
    sql`SELECT username, password_hash AS "passwordHash", failures, locked_until AS "lockedUntil"
        FROM server_accounts`,
  );
}

export interface SessionRow {
  id: number;
  username: string;
  displayName: string;
  role: Role;
  removed: number;
  createdAt: string;
  lastSeenAt: string;
  endedAt: string | null;
  endReason: EndReason | null;
}

export function insertSession(
  db: DataDoor,
  s: { tokenHash: string; username: string; at: string; address: string | null },
): number {
  return runInsert(
    db,
    sql`INSERT INTO server_sessions (token_hash, username, created_at, last_seen_at, address)
        VALUES (${s.tokenHash}, ${s.username}, ${s.at}, ${s.at}, ${s.address})`,
  ).newId;
}

/** The session of a token's hash with its user's profile as it is now (a role changed mid-session counts). */
export function findSession(db: DataDoor, tokenHash: string): SessionRow | null {
  return (
    get<SessionRow>(
      db,
      sql`SELECT s.id, s.username, u.display_name AS "displayName", u.role, u.disabled AS removed,
                 s.created_at AS "createdAt", s.last_seen_at AS "lastSeenAt", s.ended_at AS "endedAt",
                 s.end_reason AS "endReason"
          FROM server_sessions s JOIN users u ON u.username = s.username
          WHERE s.token_hash = ${tokenHash}`,
    ) ?? null
  );
}

export function touchSession(db: DataDoor, id: number, at: string): void {
  run(db, sql`UPDATE server_sessions SET last_seen_at = ${at} WHERE id = ${id} AND last_seen_at < ${at}`);
}

export type EndReason = 'logout' | 'lock' | 'logout_everywhere' | 'idle' | 'expired' | 'password' | 'removed';

export function endSession(db: DataDoor, id: number, at: string, reason: EndReason): void {
  run(
    db,
    sql`UPDATE server_sessions SET ended_at = ${at}, end_reason = ${reason} WHERE id = ${id} AND ended_at IS NULL`,
  );
}

/** Ends every open session of a user; returns how many were open. */
export function endSessionsOf(db: DataDoor, username: string, at: string, reason: EndReason): number {
  return run(
    db,
    sql`UPDATE server_sessions SET ended_at = ${at}, end_reason = ${reason}
        WHERE username = ${username} AND ended_at IS NULL`,
  ).changes;
}

export function openSessionCount(db: DataDoor, username: string): number {
  return (
    value<number>(
      db,
      sql`SELECT count(*) FROM server_sessions WHERE username = ${username} AND ended_at IS NULL`,
    ) ?? 0
  );
}
