/**
 * Signing in to a bureau server: a password checked against the account's scrypt hash, the same
 * lockout as the desk (5 failures, then 30 s doubling to 15 min; users/login-log.ts), and a session
 * that is a row, found by the SHA-256 of a random token the browser keeps in an HttpOnly cookie.
 * Every sign-in, failure and sign-out joins the audit chain directly: the server has one writer-safe
 * chain, so the desk's failed-login file is not needed here.
 */
import { createHash, randomBytes } from 'node:crypto';
import type { ApiError } from '../../../../shared/api/errors.ts';
import type { UserInfo } from '../../../../shared/domain/users.ts';
import { type DataDoor, unitOfWork } from '../../../db/sql.ts';
import { appendAudit } from '../../audit/log.ts';
import { findActiveUser } from '../accounts.ts';
import { failureAnswer, lockDurationMs, lockedOut, UNKNOWN_USER } from '../login-log.ts';
import { DECOY_HASH, verifyPassword } from './password-hash.ts';
import {
  addFailure,
  clearFailures,
  endSession,
  endSessionsOf,
  findAccount,
  findSession,
  insertSession,
  setLockedUntil,
  touchSession,
} from './repository.ts';

/** A session ends after this long however active it is: the officer signs in again each working day. */
export const SESSION_MAX_MS = 12 * 3600_000;
/** last_seen_at is written at most this often, so polling does not write a row per request. */
const TOUCH_EVERY_MS = 15_000;

export function tokenHash(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

export interface SignedIn {
  token: string;
  sessionId: number;
  user: UserInfo;
}

export async function signIn(
  db: DataDoor,
  input: { username: string; password: string },
  at: string,
  address: string | null,
): Promise<SignedIn> {
  const user = findActiveUser(db, input.username);
  const account = user ? findAccount(db, user.username) : null;
  if (account?.lockedUntil && account.lockedUntil > at) {
    throw lockedOut(Date.parse(account.lockedUntil) - Date.parse(at));
  }
  // Unknown names and accounts without a server password spend the same scrypt time and get the same
  // answer as a wrong password, so the answer does not tell which names exist.
  const ok = await verifyPassword(account?.passwordHash ?? DECOY_HASH, input.password);
  if (!ok || !user || !account)
    throw recordFailure(db, account ? input.username : null, input.username, at, address);
  const token = randomBytes(32).toString('base64url');
  const sessionId = unitOfWork(db, () => {
    clearFailures(db, user.username, at);
    appendAudit(db, { at, actor: user.username, action: 'session.login', target: null, detail: { address } });
    return insertSession(db, { tokenHash: tokenHash(token), username: user.username, at, address });
  });
  return { token, sessionId, user };
}

function recordFailure(
  db: DataDoor,
  known: string | null,
  typed: string,
  at: string,
  address: string | null,
): ApiError {
  return unitOfWork(db, () => {
    const failures = known ? addFailure(db, known) : 0;
    const lockMs = known ? lockDurationMs(failures) : 0;
    if (known && lockMs > 0) setLockedUntil(db, known, new Date(Date.parse(at) + lockMs).toISOString());
    appendAudit(db, {
      at,
      actor: known ?? UNKNOWN_USER,
      action: 'session.login_failed',
      target: null,
      detail: { address, ...(known ? { failures, locked: lockMs > 0 } : { typed: typed.slice(0, 64) }) },
    });
    return known ? failureAnswer(failures) : failureAnswer(1);
  });
}

export interface ServerSession {
  id: number;
  user: UserInfo;
}

export type SessionLookup =
  | { kind: 'open'; session: ServerSession }
  | { kind: 'none' }
  | { kind: 'ended'; reason: 'idle' | 'expired' | 'removed'; username: string; displayName: string };

/**
 * The session of a token, ended here when it has been idle longer than `idleMs` or open longer than
 * SESSION_MAX_MS, or its user was removed. `touch`: the request counts as the officer doing something.
 */
export function lookUpSession(
  db: DataDoor,
  token: string,
  at: string,
  idleMs: number,
  touch: boolean,
): SessionLookup {
  const row = findSession(db, tokenHash(token));
  if (!row) return { kind: 'none' };
  if (row.endedAt !== null) {
    // A browser whose session was locked shows the lock screen for that officer, as the desk does.
    return row.endReason === 'idle' || row.endReason === 'lock'
      ? { kind: 'ended', reason: 'idle', username: row.username, displayName: row.displayName }
      : { kind: 'none' };
  }
  const now = Date.parse(at);
  const reason =
    row.removed === 1
      ? 'removed'
      : now - Date.parse(row.createdAt) > SESSION_MAX_MS
        ? 'expired'
        : now - Date.parse(row.lastSeenAt) > idleMs
          ? 'idle'
          : null;
  if (reason) {
    unitOfWork(db, () => {
      endSession(db, row.id, at, reason);
      if (reason === 'idle') {
        appendAudit(db, {
          at,
          actor: row.username,
          action: 'session.lock',
          target: null,
          detail: { reason },
        });
      }
    });
    return { kind: 'ended', reason, username: row.username, displayName: row.displayName };
  }
  if (touch && now - Date.parse(row.lastSeenAt) >= TOUCH_EVERY_MS) touchSession(db, row.id, at);
  return {
    kind: 'open',
    session: { id: row.id, user: { username: row.username, displayName: row.displayName, role: row.role } },
  };
}

export function signOut(
  db: DataDoor,
  s: ServerSession,
  at: string,
  reason: 'logout' | 'lock' = 'logout',
): void {
  unitOfWork(db, () => {
    endSession(db, s.id, at, reason);
    appendAudit(db, {
      at,
      actor: s.user.username,
      action: reason === 'lock' ? 'session.lock' : 'session.logout',
      target: null,
      detail: reason === 'lock' ? { reason: 'manual' } : {},
    });
  });
}

/** Ends every session of the signed-in officer, on every browser; returns how many were open. */
export function signOutEverywhere(db: DataDoor, s: ServerSession, at: string): number {
  return unitOfWork(db, () => {
    const ended = endSessionsOf(db, s.user.username, at, 'logout_everywhere');
    appendAudit(db, {
      at,
      actor: s.user.username,
      action: 'session.logout_everywhere',
      target: null,
      detail: { sessions: ended },
    });
    return ended;
  });
}
