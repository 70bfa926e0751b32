/**
 * User management (SPEC §9): each user's password wraps the one data key in the key file. Adding a
 * user wraps it for them, a new password re-wraps it, removing a user takes their wrapped key out.
 * The database row decides who may log in (a removed user's row stays, disabled, so the audit log's
 * names stay explained); the key file decides who can open the file at all.
 *
 * Order of writes, so a crash never locks anyone out: a new wrapped key is written before the row that
 * allows its use (and taken back if the row cannot be written); a removal disables the row before the
 * key leaves the key file.
 */
import type { ParsedInput } from '../../../shared/api/contract.ts';
import { refuseStaleUser } from './stale-user.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { UserListItem } from '../../../shared/api/contracts/users.ts';
import type { Role } from '../../../shared/domain/users.ts';
import {
  DEFAULT_SCRYPT,
  type KeyFile,
  readKeyFile,
  removeUser as removeWrappedKey,
  type ScryptParams,
  wrapForUser,
  writeKeyFile,
} from '../../db/keyfile.ts';
import type { DataDoor } from '../../db/sql.ts';
import { keyFilePathFor } from '../../paths.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import {
  countActiveAdmins,
  findActiveUser,
  findUser,
  insertUser,
  listActiveUsers,
  markUserRemoved,
  reactivateUser,
  type StoredUser,
  unitOfWork,
  updateUserProfile,
} from './repository.ts';
import { clearLockout } from './login-import.ts';
import { lockStates, loginLogPathFor } from './login-log.ts';
import { attemptPassword } from './password-attempt.ts';

/** Other areas read users through here: the login and a restore check who is active, the log names them. */
export { findActiveUser, insertUser, userDisplayNames } from './repository.ts';
/** The bureau server's accounts (users/server/accounts.ts) keep the desk's rules over another password store. */
export {
  findUser,
  listActiveUsers,
  markUserRemoved,
  reactivateUser,
  updateUserProfile,
} from './repository.ts';

/** What managing keys needs besides the database: where the files are and the open session's data key. */
export interface KeyContext {
  dbPath: string;
  dataKey: Buffer;
  scrypt?: ScryptParams;
  at: string;
}

function item(u: StoredUser, kf: KeyFile, dbPath: string): UserListItem {
  const lock = lockStates(loginLogPathFor(dbPath))[u.username];
  return {
    username: u.username,
    displayName: u.displayName,
    role: u.role,
    createdAt: u.createdAt,
    hasKey: kf.users.some((k) => k.username === u.username),
    failures: lock?.failures ?? 0,
    lockedUntil: lock?.lockedUntil ?? null,
    version: u.version,
    jurisdiction: u.jurisdiction,
  };
}

/**
 * The 管辖单位 a user ends up with (the desk's and the server's rule): `requested` undefined keeps the
 * current one, null clears it. Administrators are never scoped, so naming a unit for one is refused and
 * a user made 管理员 loses theirs (the audit entry shows it).
 */
export function jurisdictionAfter(
  role: Role,
  requested: string | null | undefined,
  current: string | null,
): string | null {
  if (role !== 'admin') return requested === undefined ? current : requested;
  if (requested)
    throw new ApiError('invalid_input', '管理员可查看全县的市场主体，不能限定管辖单位。请先改为其他角色。');
  return null;
}

/** Nobody changes their own role, and the last 管理员 stays one (the desk's and the server's rule). */
export function assertRoleChangeAllowed(db: DataDoor, actor: Actor, u: StoredUser, role: Role): void {
  if (role === u.role) return;
  if (u.username === actor.username)
    throw new ApiError('conflict', '不能修改自己的角色，请由另一位管理员操作。');
  if (u.role === 'admin' && countActiveAdmins(db) <= 1)
    throw new ApiError('conflict', '这是唯一的管理员，不能改为其他角色。请先添加另一位管理员。');
}

/** Nobody removes themselves, and the last 管理员 stays. */
export function assertRemovable(db: DataDoor, actor: Actor, u: StoredUser): void {
  if (u.username === actor.username) throw new ApiError('conflict', '不能删除当前登录的用户。');
  if (u.role === 'admin' && countActiveAdmins(db) <= 1)
    throw new ApiError('conflict', '这是唯一的管理员，不能删除。');
}

export function activeOrThrow(db: DataDoor, username: string): StoredUser {
  const u = findUser(db, username);
  if (!u || u.removed) throw new ApiError('not_found', `用户“${username}”不存在或已被删除。`);
  return u;
}

/** Writes a new key file, runs the database step, and puts the old key file back if that step fails. */
function withKeyFile(path: string, before: KeyFile, after: KeyFile, dbStep: () => void): void {
  writeKeyFile(path, after);
  try {
    dbStep();
  } catch (e) {
    writeKeyFile(path, before);
    throw e;
  }
}

export function listUsers(db: DataDoor, actor: Actor, dbPath: string): UserListItem[] {
  authorize(actor, 'users.manage');
  const kf = readKeyFile(keyFilePathFor(dbPath));
  return listActiveUsers(db).map((u) => item(u, kf, dbPath));
}

export async function addUser(
  db: DataDoor,
  actor: Actor,
  keys: KeyContext,
  input: ParsedInput<'users.add'>,
): Promise<UserListItem> {
  authorize(actor, 'users.manage');
  const existing = findUser(db, input.username);
  if (existing && !existing.removed) throw new ApiError('conflict', `用户名“${input.username}”已被使用。`);
  const jurisdiction = jurisdictionAfter(input.role, input.jurisdiction, null);
  const path = keyFilePathFor(keys.dbPath);
  const before = readKeyFile(path);
  const after = await wrapForUser(
    before,
    input.username,
    input.password,
    keys.dataKey,
    keys.scrypt ?? DEFAULT_SCRYPT,
  );
  const profile = { username: input.username, displayName: input.displayName, role: input.role };
  withKeyFile(path, before, after, () =>
    unitOfWork(db, () => {
      if (existing) reactivateUser(db, profile, keys.at, jurisdiction);
      else insertUser(db, profile, keys.at, jurisdiction);
      appendAudit(db, {
        at: keys.at,
        actor: actor.username,
        action: 'user.add',
        target: input.username,
        detail: { displayName: input.displayName, role: input.role, jurisdiction, reactivated: !!existing },
      });
    }),
  );
  // A name that was locked out before it was (re-)created starts clean.
  clearLockout(loginLogPathFor(keys.dbPath), input.username);
  return item(activeOrThrow(db, input.username), after, keys.dbPath);
}

export function updateUser(
  db: DataDoor,
  actor: Actor,
  dbPath: string,
  at: string,
  input: {
    username: string;
    displayName?: string | undefined;
    role?: Role | undefined;
    /** 管辖单位: undefined keeps it, null clears it (the whole county). */
    jurisdiction?: string | null | undefined;
    /** The version the administrator saw; undefined: no check (older callers, the CLI). */
    expectedVersion?: number | undefined;
  },
): UserListItem {
  authorize(actor, 'users.manage');
  const u = activeOrThrow(db, input.username);
  const role = input.role ?? u.role;
  const displayName = input.displayName ?? u.displayName;
  assertRoleChangeAllowed(db, actor, u, role);
  const jurisdiction = jurisdictionAfter(role, input.jurisdiction, u.jurisdiction);
  unitOfWork(db, () => {
    if (!updateUserProfile(db, u.username, { displayName, role, jurisdiction }, input.expectedVersion))
      refuseStaleUser(db, u.username, input.expectedVersion);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'user.update',
      target: u.username,
      detail: {
        before: { displayName: u.displayName, role: u.role, jurisdiction: u.jurisdiction },
        after: { displayName, role, jurisdiction },
      },
    });
  });
  return item(activeOrThrow(db, u.username), readKeyFile(keyFilePathFor(dbPath)), dbPath);
}

export async function setUserPassword(
  db: DataDoor,
  actor: Actor,
  keys: KeyContext,
  input: { username: string; password: string },
): Promise<void> {
  authorize(actor, 'users.manage');
  const u = activeOrThrow(db, input.username);
  const path = keyFilePathFor(keys.dbPath);
  const before = readKeyFile(path);
  const after = await wrapForUser(
    before,
    u.username,
    input.password,
    keys.dataKey,
    keys.scrypt ?? DEFAULT_SCRYPT,
  );
  withKeyFile(path, before, after, () =>
    appendAudit(db, {
      at: keys.at,
      actor: actor.username,
      action: u.username === actor.username ? 'user.password_change' : 'user.password_reset',
      target: u.username,
      detail: {},
    }),
  );
  clearLockout(loginLogPathFor(keys.dbPath), u.username);
}

/** Any role: the current password is checked by unwrapping with it (same KDF cost and lockout as a login). */
export async function changeOwnPassword(
  db: DataDoor,
  actor: Actor,
  keys: KeyContext,
  input: { currentPassword: string; newPassword: string },
): Promise<void> {
  if (!findActiveUser(db, actor.username)) throw new ApiError('not_logged_in', '请先登录。');
  const path = keyFilePathFor(keys.dbPath);
  const before = readKeyFile(path);
  let key: Buffer;
  try {
    // Counted like a login: the lockout also slows guessing one's password from an unlocked session.
    key = (await attemptPassword(keys.dbPath, before, actor.username, input.currentPassword, keys.at))
      .dataKey;
  } catch (e) {
    if (e instanceof ApiError && (e.code === 'wrong_password' || e.code === 'locked_out')) {
      appendAudit(db, {
        at: keys.at,
        actor: actor.username,
        action: 'user.password_change_failed',
        target: actor.username,
        detail: { lockedOut: e.code === 'locked_out' },
      });
      if (e.code === 'locked_out') throw e;
      throw new ApiError('wrong_password', '当前密码不正确，密码未修改。');
    }
    throw e;
  }
  const same = key.equals(keys.dataKey);
  key.fill(0);
  if (!same) throw new ApiError('internal', '密钥文件与当前数据库不匹配，密码未修改。');
  const after = await wrapForUser(
    before,
    actor.username,
    input.newPassword,
    keys.dataKey,
    keys.scrypt ?? DEFAULT_SCRYPT,
  );
  withKeyFile(path, before, after, () =>
    appendAudit(db, {
      at: keys.at,
      actor: actor.username,
      action: 'user.password_change',
      target: actor.username,
      detail: {},
    }),
  );
}

export function removeUser(db: DataDoor, actor: Actor, dbPath: string, at: string, username: string): void {
  authorize(actor, 'users.manage');
  const u = activeOrThrow(db, username);
  assertRemovable(db, actor, u);
  unitOfWork(db, () => {
    markUserRemoved(db, u.username);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'user.remove',
      target: u.username,
      detail: { displayName: u.displayName, role: u.role },
    });
  });
  const path = keyFilePathFor(dbPath);
  writeKeyFile(path, removeWrappedKey(readKeyFile(path), u.username));
}

export function unlockUser(
  db: DataDoor,
  actor: Actor,
  dbPath: string,
  at: string,
  username: string,
): boolean {
  authorize(actor, 'users.manage');
  const was = clearLockout(loginLogPathFor(dbPath), username);
  appendAudit(db, {
    at,
    actor: actor.username,
    action: 'user.unlock',
    target: username,
    detail: { wasLocked: was },
  });
  return was;
}
