/**
 * `creditdesk server …`: looking after a bureau server's database from the server's own console.
 * Whoever holds the database's address and password can change anything in it; these commands still
 * sign as an administrator account, so the audit log says who did what.
 */
import { parseArgs } from 'node:util';
import { ApiError } from '../../shared/api/errors.ts';
import { passwordSchema, type Role } from '../../shared/domain/users.ts';
import { listActiveUsers } from '../../electron/services/users/accounts.ts';
import {
  anyServerPassword,
  checkServerPassword,
  setServerPassword,
} from '../../electron/services/users/server/accounts.ts';
import { initServer } from '../../electron/services/users/server/init-server.ts';
import { credentials } from '../credentials.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';
import { databaseUrl, openServerDatabase } from '../server-database.ts';
import { countyFrom, countyOptions } from './init.ts';
import { importDeskCommand, importDeskUsage } from './server-import-desk.ts';

export const usage = [
  importDeskUsage,
  '  creditdesk server init --database URL [--county 县名] [--bureau 单位] [--region-code 6位代码] [--townships 甲镇,乙乡] [--display-name 姓名]',
  '  creditdesk server set-password --database URL --user 用户名   （新密码用环境变量 CREDITDESK_NEW_PASSWORD 传入）',
].join('\n');

export async function serverCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub === 'init') return init(rest, io);
  if (sub === 'set-password') return setPassword(rest, io);
  if (sub === 'import-desk') return importDeskCommand(rest, io);
  throw new CliError(`用法：\n  ${usage}`);
}

async function init(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { database: { type: 'string' }, 'display-name': { type: 'string' }, ...countyOptions },
  });
  const { username, password } = credentials(io);
  const checked = passwordSchema.safeParse(password);
  if (!checked.success) throw new CliError(`管理员密码不符合要求：${checked.error.issues[0]?.message ?? ''}`);
  const db = await openServerDatabase(databaseUrl(values.database, io));
  try {
    const county = countyFrom(values);
    const admin = await initServer(
      db,
      { county, admin: { username, displayName: values['display-name'] ?? '系统管理员', password } },
      new Date().toISOString(),
    );
    io.out(JSON.stringify({ admin: admin.username, county: county.name }));
    return EXIT.ok;
  } catch (e) {
    if (e instanceof ApiError) throw new CliError(e.message);
    throw e;
  } finally {
    db.close();
  }
}

/**
 * Sets a user's server password. Signed by the administrator in CREDITDESK_USER / CREDITDESK_PASSWORD;
 * while no account has a server password yet (right after moving a desk in, whose passwords cannot
 * come along), an administrator's own first password is set from the console alone.
 */
async function setPassword(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({ args, options: { database: { type: 'string' }, user: { type: 'string' } } });
  if (!values.user) throw new CliError('请用 --user 指定要设置密码的用户名。');
  const next = io.env.CREDITDESK_NEW_PASSWORD;
  if (!next) throw new CliError('未提供新密码：请通过环境变量 CREDITDESK_NEW_PASSWORD 传入。');
  const checked = passwordSchema.safeParse(next);
  if (!checked.success) throw new CliError(`新密码不符合要求：${checked.error.issues[0]?.message ?? ''}`);
  const db = await openServerDatabase(databaseUrl(values.database, io));
  try {
    const at = new Date().toISOString();
    const target = listActiveUsers(db).find((u) => u.username === values.user);
    if (!target) throw new CliError(`用户“${values.user}”不存在或已被删除。`);
    const firstPassword = !anyServerPassword(db);
    let actor: { username: string; displayName: string; role: Role };
    if (firstPassword) {
      if (target.role !== 'admin') {
        throw new CliError(
          '服务器上还没有任何账号设置了密码：请先为一位管理员设置密码，再由他为其他人员设置。',
        );
      }
      actor = target;
    } else {
      const { username, password } = credentials(io);
      const signer = await checkServerPassword(db, username, password);
      if (signer?.role !== 'admin') {
        throw new CliError('管理员用户名或密码错误（CREDITDESK_USER / CREDITDESK_PASSWORD），未作任何改动。');
      }
      actor = signer;
    }
    await setServerPassword(db, actor, at, { username: target.username, password: next });
    io.out(JSON.stringify({ user: target.username, firstPassword }));
    return EXIT.ok;
  } catch (e) {
    if (e instanceof ApiError) throw new CliError(e.message);
    throw e;
  } finally {
    db.close();
  }
}
