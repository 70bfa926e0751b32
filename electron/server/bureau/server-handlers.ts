/**
 * The calls a bureau server answers differently from a desk: the login screen's, sessions, the lock and
 * the officers' accounts. A desk opens its encrypted file with the password and keeps one session in
 * memory; a server checks a password hash and keeps a session per browser (users/server/).
 */
import type { coreContract } from '../../../shared/api/contracts/core.ts';
import type { usersContract } from '../../../shared/api/contracts/users.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { DEMO_COUNTY } from '../../../shared/demo/index.ts';
import type { ScryptParams } from '../../db/keyfile.ts';
import type { AreaHandlers, DoorContext } from '../../backend/context.ts';
import type { JobProgress } from '../../../shared/api/contract.ts';
import { getCounty } from '../../services/settings/county.ts';
import { getIdleLockSeconds, setIdleLockSeconds } from '../../services/users/idle-lock.ts';
import {
  addServerUser,
  changeOwnServerPassword,
  listServerUsers,
  removeServerUser,
  setServerPassword,
  unlockServerUser,
  updateServerUser,
} from '../../services/users/server/accounts.ts';
import { signIn, signOut, signOutEverywhere } from '../../services/users/server/sign-in.ts';
import { currentScope, openSessionOrNull } from './request-scope.ts';

type ServerOwnContract = Pick<
  typeof coreContract,
  | 'app.status'
  | 'app.setup'
  | 'app.progress'
  | 'app.cancel'
  | 'session.login'
  | 'session.logout'
  | 'session.logoutEverywhere'
> &
  typeof usersContract;

export interface ServerHooks {
  /** The server-wide job slot's progress (job-slot.ts): in a request thread, asked of the main thread. */
  progress(): JobProgress | Promise<JobProgress>;
  /** Asks the job in flight to stop, if the officer may: the one who started it or a 管理员. */
  requestCancel(): boolean | Promise<boolean>;
  scrypt: ScryptParams | undefined;
}

const NO_COUNTY = '单位服务器尚未完成初始化（缺少县区概况），请联系管理员。';

export function serverHandlers(ctx: DoorContext, hooks: ServerHooks): AreaHandlers<ServerOwnContract> {
  const session = () => {
    const s = openSessionOrNull();
    if (!s) ctx.user(); // throws the right not_logged_in message
    return s as NonNullable<typeof s>;
  };
  return {
    'app.status': () => {
      const county = getCounty(ctx.db());
      return {
        databaseExists: true,
        user: openSessionOrNull()?.user ?? null,
        county,
        firstRunDefaults: { county: county ?? DEMO_COUNTY, demo: null },
        integrity: null,
        dailyBackup: null,
        server: true,
      };
    },
    'app.setup': () => {
      throw new ApiError('unavailable', '单位服务器已由管理员建立，请直接登录；如需新的账号，请联系管理员。');
    },
    'app.progress': () => hooks.progress(),
    'app.cancel': async () => ({ requested: await hooks.requestCancel() }),
    'session.login': async (input) => {
      const db = ctx.db();
      const county = getCounty(db);
      if (!county) throw new ApiError('database_unreadable', NO_COUNTY);
      const scope = currentScope();
      const previous = openSessionOrNull();
      const signed = await signIn(db, input, ctx.now(), scope.address);
      // A browser that signs in again leaves its earlier session, rather than keeping two open.
      if (previous) signOut(db, previous, ctx.now());
      scope.cookie = { set: signed.token };
      return { user: signed.user, county };
    },
    'session.logout': () => {
      const s = openSessionOrNull();
      if (s) signOut(ctx.db(), s, ctx.now());
      currentScope().cookie = 'clear';
      return {};
    },
    'session.logoutEverywhere': () => {
      const sessions = signOutEverywhere(ctx.db(), session(), ctx.now());
      currentScope().cookie = 'clear';
      return { sessions };
    },
    'lock.status': () => {
      const l = currentScope().lookup;
      return {
        locked: l.kind === 'ended' ? { username: l.username, displayName: l.displayName } : null,
        idleLockSeconds: l.kind === 'open' ? getIdleLockSeconds(ctx.db()) : null,
      };
    },
    'lock.lock': () => {
      // The cookie stays: its ended session tells the lock screen whom to ask for a password.
      signOut(ctx.db(), session(), ctx.now(), 'lock');
      return {};
    },
    'lock.touch': () => {
      session();
      return {};
    },
    'lock.setIdleSeconds': (input) => ({
      idleLockSeconds: setIdleLockSeconds(ctx.db(), ctx.user(), ctx.now(), input.seconds),
    }),
    'users.list': () => ({ users: listServerUsers(ctx.db(), ctx.user()) }),
    'users.add': (input) => addServerUser(ctx.db(), ctx.user(), ctx.now(), input, hooks.scrypt),
    'users.update': (input) => updateServerUser(ctx.db(), ctx.user(), ctx.now(), input),
    'users.setPassword': async (input) => {
      await setServerPassword(ctx.db(), ctx.user(), ctx.now(), input, hooks.scrypt);
      return {};
    },
    'users.remove': (input) => {
      removeServerUser(ctx.db(), ctx.user(), ctx.now(), input.username);
      return {};
    },
    'users.unlock': (input) => ({
      wasLocked: unlockServerUser(ctx.db(), ctx.user(), ctx.now(), input.username),
    }),
    'users.changeOwnPassword': async (input) => {
      await changeOwnServerPassword(ctx.db(), session(), ctx.now(), input, hooks.scrypt);
      return {};
    },
  };
}
