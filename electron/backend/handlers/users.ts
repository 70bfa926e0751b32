import type { usersContract } from '../../../shared/api/contracts/users.ts';
import type { ScryptParams } from '../../db/keyfile.ts';
import {
  addUser,
  changeOwnPassword,
  type KeyContext,
  listUsers,
  removeUser,
  setUserPassword,
  unlockUser,
  updateUser,
} from '../../services/users/accounts.ts';
import { setIdleLockSeconds } from '../../services/users/idle-lock.ts';
import type { AreaHandlers, BackendContext } from '../context.ts';

/** What the users handlers need from the backend beyond the common context: the session's key and the lock. */
export interface AccountHooks {
  /** The open session's data key; throws 'not_logged_in'. */
  dataKey(): Buffer;
  scrypt: ScryptParams | undefined;
  /** Ends the session as a lock (the lock screen prefills this user). */
  lock(reason: 'manual' | 'idle'): void;
  lockedUser(): { username: string; displayName: string } | null;
  /** The idle time of the open session, or null when none is open. */
  idleSeconds(): number | null;
  setIdleSeconds(seconds: number): void;
}

export function usersHandlers(
  ctx: BackendContext,
  session: AccountHooks,
): AreaHandlers<typeof usersContract> {
  const keys = (): KeyContext => ({
    dbPath: ctx.dbPath,
    dataKey: session.dataKey(),
    at: ctx.now(),
    ...(session.scrypt ? { scrypt: session.scrypt } : {}),
  });
  return {
    'users.list': () => ({ users: listUsers(ctx.db(), ctx.user(), ctx.dbPath) }),
    'users.add': (input) => addUser(ctx.db(), ctx.user(), keys(), input),
    'users.update': (input) => updateUser(ctx.db(), ctx.user(), ctx.dbPath, ctx.now(), input),
    'users.setPassword': async (input) => {
      await setUserPassword(ctx.db(), ctx.user(), keys(), input);
      return {};
    },
    'users.remove': (input) => {
      removeUser(ctx.db(), ctx.user(), ctx.dbPath, ctx.now(), input.username);
      return {};
    },
    'users.unlock': (input) => ({
      wasLocked: unlockUser(ctx.db(), ctx.user(), ctx.dbPath, ctx.now(), input.username),
    }),
    'users.changeOwnPassword': async (input) => {
      await changeOwnPassword(ctx.db(), ctx.user(), keys(), input);
      return {};
    },
    'lock.status': () => ({ locked: session.lockedUser(), idleLockSeconds: session.idleSeconds() }),
    'lock.lock': () => {
      session.lock('manual');
      return {};
    },
    'lock.touch': () => {
      ctx.user();
      return {};
    },
    'lock.setIdleSeconds': (input) => {
      const seconds = setIdleLockSeconds(ctx.db(), ctx.user(), ctx.now(), input.seconds);
      session.setIdleSeconds(seconds);
      return { idleLockSeconds: seconds };
    },
  };
}
