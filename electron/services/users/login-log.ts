/**
 * Failed logins, kept where a failed login can write: a small unencrypted JSON file beside the
 * database (`<db>.logins.json`). A failed login cannot open the encrypted database, so the audit log
 * cannot take the entry yet; the next successful login copies the pending entries into the audit log
 * (see login-import.ts), where `audit verify` covers them.
 *
 * The file holds user names and times, never a password or anything derived from one. Its entries are
 * hash-chained (seq, previous hash), so an edited, removed or reordered pending entry is noticed at the
 * import. What its owner can still do — delete it or put back an older copy to reset the lockout — is
 * said in docs/security.md.
 *
 * Lockout: after LOCK_AFTER consecutive failures for a user name, logins for that name are refused for
 * 30 s, doubling with every further failure, up to 15 min. A success resets the count.
 */
import { writeFileDurably } from '../../db/fsync.ts';
import { createHash, randomUUID } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { ApiError } from '../../../shared/api/errors.ts';
import { GENESIS_HASH } from '../audit/log.ts';

export const LOCK_AFTER = 5;
export const FIRST_LOCK_MS = 30_000;
export const MAX_LOCK_MS = 15 * 60_000;
/** Pending entries beyond this are only counted, so a flood of attempts cannot grow the file without bound. */
export const MAX_PENDING = 10_000;
/** A user name's failure count is forgotten a day after its last failure. */
const FORGET_AFTER_MS = 24 * 3600_000;

export interface LoginFailure {
  seq: number;
  at: string;
  username: string;
  prevHash: string;
  hash: string;
}

export interface UserLockState {
  failures: number;
  lastFailureAt: string;
  lockedUntil: string | null;
}

export interface LoginLogFile {
  format: 'creditdesk-logins';
  version: 1;
  /** Random per file: a file replaced by another (or recreated) is noticed at the next import. */
  fileId: string;
  /** The key file's databaseId: a file copied from another database is noticed. */
  databaseId: string;
  /** Seq and hash of the last entry ever appended to this file's chain. */
  lastSeq: number;
  lastHash: string;
  /**
   * Seq and hash of the last entry a database copied (set after each successful login). A database
   * that is behind this was restored from an older copy; see login-import.ts.
   */
  importedSeq?: number;
  importedHash?: string;
  /** Failures not yet copied into the audit log, in order. */
  pending: LoginFailure[];
  /** Failures not kept because pending was full. */
  dropped: number;
  users: Record<string, UserLockState>;
}

/**
 * What a failure is recorded under. A name that is no user of this database is recorded as 未知用户名,
 * never as typed: people type their password into the name field by mistake, and that text must not
 * reach a file or the audit log. Its lockout is still counted, under a hash of the typed text, so
 * guessing with made-up names is slowed down like guessing with real ones.
 */
export interface FailureIdentity {
  /** Key of the lockout state in the file. */
  key: string;
  /** The name written into the chain and later the audit log. */
  name: string;
}

export const UNKNOWN_USER = '（未知用户名）';

export function failureIdentity(databaseId: string, typed: string, known: boolean): FailureIdentity {
  if (known) return { key: typed, name: typed };
  const h = createHash('sha256').update(`creditdesk-unknown-user:${databaseId}:${typed}`).digest('hex');
  return { key: `?${h.slice(0, 24)}`, name: UNKNOWN_USER };
}

export function loginLogPathFor(dbPath: string): string {
  return `${dbPath}.logins.json`;
}

export function loginEntryHash(fileId: string, e: Omit<LoginFailure, 'hash'>): string {
  return createHash('sha256')
    .update(JSON.stringify(['creditdesk-login-v1', fileId, e.seq, e.prevHash, e.at, e.username]))
    .digest('hex');
}

export function newLoginLog(databaseId: string): LoginLogFile {
  return {
    format: 'creditdesk-logins',
    version: 1,
    fileId: randomUUID(),
    databaseId,
    lastSeq: 0,
    lastHash: GENESIS_HASH,
    pending: [],
    dropped: 0,
    users: {},
  };
}

export type ReadResult = { kind: 'missing' } | { kind: 'corrupt' } | { kind: 'ok'; file: LoginLogFile };

export function readLoginLog(path: string): ReadResult {
  if (!existsSync(path)) return { kind: 'missing' };
  try {
    const f = JSON.parse(readFileSync(path, 'utf8')) as Partial<LoginLogFile> | null;
    if (
      f?.format !== 'creditdesk-logins' ||
      f.version !== 1 ||
      typeof f.fileId !== 'string' ||
      typeof f.databaseId !== 'string' ||
      typeof f.lastSeq !== 'number' ||
      typeof f.lastHash !== 'string' ||
      !Array.isArray(f.pending) ||
      typeof f.users !== 'object' ||
      f.users === null
    )
      return { kind: 'corrupt' };
    return { kind: 'ok', file: { dropped: 0, ...f } as LoginLogFile };
  } catch {
    return { kind: 'corrupt' };
  }
}

/** Write-then-rename with fsync: a crash leaves the old or the new file, never half of one. */
export function writeLoginLog(path: string, f: LoginLogFile): void {
  writeFileDurably(path, `${JSON.stringify(f, null, 1)}\n`);
}

/** How long a name is locked after its n-th consecutive failure: 0 below LOCK_AFTER, then 30 s doubling, capped. */
export function lockDurationMs(failures: number): number {
  if (failures < LOCK_AFTER) return 0;
  return Math.min(FIRST_LOCK_MS * 2 ** Math.min(failures - LOCK_AFTER, 20), MAX_LOCK_MS);
}

export function formatWait(ms: number): string {
  const s = Math.max(1, Math.ceil(ms / 1000));
  if (s < 60) return `${s} 秒`;
  const m = Math.floor(s / 60);
  const rest = s % 60;
  return rest ? `${m} 分 ${rest} 秒` : `${m} 分钟`;
}

/** The answer while a name is locked: how long to wait, and who can help. Shared with the server's sign-in. */
export function lockedOut(waitMs: number): ApiError {
  return new ApiError(
    'locked_out',
    `登录失败次数过多，该用户已被暂时锁定，请在 ${formatWait(waitMs)}后重试。如忘记密码，请联系管理员重设。`,
  );
}

/** Throws locked_out while the name is locked; checked before any password work. */
export function assertNotLockedOut(path: string, who: FailureIdentity, at: string): void {
  const r = readLoginLog(path);
  if (r.kind !== 'ok') return;
  const until = r.file.users[who.key]?.lockedUntil;
  if (!until) return;
  const wait = Date.parse(until) - Date.parse(at);
  if (wait > 0) throw lockedOut(wait);
}

/**
 * Appends a failure for `username` and updates its lockout. Returns the error to answer: locked_out when
 * this failure starts a lock, otherwise wrong_password (saying how many tries remain when few do).
 */
export function recordFailure(path: string, databaseId: string, who: FailureIdentity, at: string): ApiError {
  const r = readLoginLog(path);
  // A corrupt or foreign file is replaced; the next successful login records that it was (login-import.ts).
  const f = r.kind === 'ok' && r.file.databaseId === databaseId ? r.file : newLoginLog(databaseId);
  if (r.kind === 'ok' && r.file.databaseId !== databaseId) f.users = {};
  const now = Date.parse(at);
  for (const [name, s] of Object.entries(f.users)) {
    const locked = s.lockedUntil !== null && Date.parse(s.lockedUntil) > now;
    if (!locked && now - Date.parse(s.lastFailureAt) > FORGET_AFTER_MS) delete f.users[name];
  }
  if (f.pending.length < MAX_PENDING) {
    const base = { seq: f.lastSeq + 1, at, username: who.name, prevHash: f.lastHash };
    const entry = { ...base, hash: loginEntryHash(f.fileId, base) };
    f.pending.push(entry);
    f.lastSeq = entry.seq;
    f.lastHash = entry.hash;
  } else {
    f.dropped++;
  }
  const failures = (f.users[who.key]?.failures ?? 0) + 1;
  const lockMs = lockDurationMs(failures);
  f.users[who.key] = {
    failures,
    lastFailureAt: at,
    lockedUntil: lockMs > 0 ? new Date(now + lockMs).toISOString() : null,
  };
  writeLoginLog(path, f);
  return failureAnswer(failures);
}

/** The answer to a name's n-th consecutive failure: locked_out once it earns a lock, else wrong_password. */
export function failureAnswer(failures: number): ApiError {
  const lockMs = lockDurationMs(failures);
  if (lockMs > 0) return lockedOut(lockMs);
  const left = LOCK_AFTER - failures;
  return new ApiError(
    'wrong_password',
    left <= 2
      ? `用户名或密码错误，请重新输入。再错 ${left} 次将暂时锁定该用户。`
      : '用户名或密码错误，请重新输入。',
  );
}

/** Lockout state of each name, for the administrator's user list. */
export function lockStates(path: string): Record<string, UserLockState> {
  const r = readLoginLog(path);
  return r.kind === 'ok' ? r.file.users : {};
}
