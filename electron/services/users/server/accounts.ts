/**
 * Managing officers' accounts on a bureau server: the desk's rules (users/accounts.ts: who may, the last
 * 管理员, one's own role) over the server's password hashes instead of a key file. Setting a password or
 * removing a user also ends that user's sessions on every browser.
 */
import type { ParsedInput } from '../../../../shared/api/contract.ts';
import { refuseStaleUser } from '../stale-user.ts';
import type { UserListItem } from '../../../../shared/api/contracts/users.ts';
import { ApiError } from '../../../../shared/api/errors.ts';
import type { Role } from '../../../../shared/domain/users.ts';
import { type DataDoor, unitOfWork } from '../../../db/sql.ts';
import { appendAudit } from '../../audit/log.ts';
import { type Actor, authorize } from '../../authz.ts';
import {
  activeOrThrow,
  assertRemovable,
  assertRoleChangeAllowed,
  findUser,
  jurisdictionAfter,
  insertUser,
  listActiveUsers,
  markUserRemoved,
  reactivateUser,
  updateUserProfile,
} from '../accounts.ts';
import { hashPassword, verifyPassword } from './password-hash.ts';
import { accountStates, clearFailures, endSessionsOf, findAccount, savePasswordHash } from './repository.ts';
import type { ServerSession } from './sign-in.ts';
import type { StoredUser } from '../repository.ts';
import type { ScryptParams } from '../../../db/keyfile.ts';

function items(db: DataDoor, users: StoredUser[]): UserListItem[] {
  const states = new Map(accountStates(db).map((a) => [a.username, a]));
  return users.map((u) => {
    const a = states.get(u.username);
    return {
      username: u.username,
      displayName: u.displayName,
      role: u.role,
      createdAt: u.createdAt,
      hasKey: a !== undefined,
      failures: a?.failures ?? 0,
      lockedUntil: a?.lockedUntil ?? null,
      version: u.version,
      jurisdiction: u.jurisdiction,
    };
  });
}

function itemOf(db: DataDoor, username: string): UserListItem {
  const [it] = items(db, [activeOrThrow(db, username)]);
  if (!it) throw new ApiError('not_found', `用户“${username}”不存在或已被删除。`);
  return it;
}

export function listServerUsers(db: DataDoor, actor: Actor): UserListItem[] {
  authorize(actor, 'users.manage');
  return items(db, listActiveUsers(db));
}

export async function addServerUser(
  db: DataDoor,
  actor: Actor,
  at: string,
  input: ParsedInput<'users.add'>,
  scrypt?: ScryptParams,
): Promise<UserListItem> {
  authorize(actor, 'users.manage');
  const existing = findUser(db, input.username);
  if (existing && !existing.removed) throw new ApiError('conflict', `用户名“${input.username}”已被使用。`);
  const jurisdiction = jurisdictionAfter(input.role, input.jurisdiction, null);
  const hash = await hashPassword(input.password, scrypt);
  const profile = { username: input.username, displayName: input.displayName, role: input.role };
  unitOfWork(db, () => {
    if (existing) reactivateUser(db, profile, at, jurisdiction);
    else insertUser(db, profile, at, jurisdiction);
    savePasswordHash(db, input.username, hash, at);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'user.add',
      target: input.username,
      detail: { displayName: input.displayName, role: input.role, jurisdiction, reactivated: !!existing },
    });
  });
  return itemOf(db, input.username);
}

export function updateServerUser(
  db: DataDoor,
  actor: Actor,
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
  return itemOf(db, u.username);
}

/**
 * An administrator sets a user's password (a new officer, a forgotten one, a user moved in from a desk,
 * whose desk password cannot come along). The user's open sessions end.
 */
export async function setServerPassword(
  db: DataDoor,
  actor: Actor,
  at: string,
  input: { username: string; password: string },
  scrypt?: ScryptParams,
): Promise<void> {
  authorize(actor, 'users.manage');
  const u = activeOrThrow(db, input.username);
  const hash = await hashPassword(input.password, scrypt);
  unitOfWork(db, () => {
    savePasswordHash(db, u.username, hash, at);
    const ended = u.username === actor.username ? 0 : endSessionsOf(db, u.username, at, 'password');
    appendAudit(db, {
      at,
      actor: actor.username,
      action: u.username === actor.username ? 'user.password_change' : 'user.password_reset',
      target: u.username,
      detail: { sessionsEnded: ended },
    });
  });
}

/** Any officer: the current password is asked again; failures count towards the lockout as sign-ins do. */
export async function changeOwnServerPassword(
  db: DataDoor,
  session: ServerSession,
  at: string,
  input: { currentPassword: string; newPassword: string },
  scrypt?: ScryptParams,
): Promise<void> {
  const actor = session.user;
  const account = findAccount(db, actor.username);
  if (!account || !(await verifyPassword(account.passwordHash, input.currentPassword))) {
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'user.password_change_failed',
      target: actor.username,
      detail: { lockedOut: false },
    });
    throw new ApiError('wrong_password', '当前密码不正确，密码未修改。');
  }
  const hash = await hashPassword(input.newPassword, scrypt);
  unitOfWork(db, () => {
    savePasswordHash(db, actor.username, hash, at);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'user.password_change',
      target: actor.username,
      detail: {},
    });
  });
}

export function removeServerUser(db: DataDoor, actor: Actor, at: string, username: string): void {
  authorize(actor, 'users.manage');
  const u = activeOrThrow(db, username);
  assertRemovable(db, actor, u);
  unitOfWork(db, () => {
    markUserRemoved(db, u.username);
    const ended = endSessionsOf(db, u.username, at, 'removed');
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'user.remove',
      target: u.username,
      detail: { displayName: u.displayName, role: u.role, sessionsEnded: ended },
    });
  });
}

export function unlockServerUser(db: DataDoor, actor: Actor, at: string, username: string): boolean {
  authorize(actor, 'users.manage');
  const was = unitOfWork(db, () => {
    const locked = clearFailures(db, username, at);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'user.unlock',
      target: username,
      detail: { wasLocked: locked },
    });
    return locked;
  });
  return was;
}

/** Whether any account has a server password yet (none right after a desk was moved in). */
export function anyServerPassword(db: DataDoor): boolean {
  return accountStates(db).length > 0;
}

/** The active user whose server password this is, or null (for the console's commands, which sign as an administrator). */
export async function checkServerPassword(
  db: DataDoor,
  username: string,
  password: string,
): Promise<StoredUser | null> {
  const u = findUser(db, username);
  const account = u && !u.removed ? findAccount(db, username) : null;
  if (!u || !account) return null;
  return (await verifyPassword(account.passwordHash, password)) ? u : null;
}
