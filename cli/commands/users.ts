import { parseArgs } from 'node:util';
import { ROLE_LABELS, ROLES, type Role } from '../../shared/domain/users.ts';
import { openAs } from '../credentials.ts';
import { dbPathFrom } from '../db-path.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage =
  'creditdesk users list|add|passwd|role|remove|unlock [--db F] [--username U] [--name 姓名] [--role 角色] [--jurisdiction 管辖单位] [--json]（新密码用环境变量 CREDITDESK_NEW_PASSWORD；--jurisdiction "" 表示全县）';

function roleFrom(text: string | undefined): Role {
  const r = ROLES.find((x) => x === text || ROLE_LABELS[x] === text);
  if (!r) throw new CliError(`--role 应为 ${ROLES.map((x) => `${x}（${ROLE_LABELS[x]}）`).join('、')}`);
  return r;
}

/** New passwords come from the environment like the login's, never from argv. */
function newPassword(io: CliIO): string {
  const p = io.env.CREDITDESK_NEW_PASSWORD;
  if (!p) throw new CliError('未提供新密码：请通过环境变量 CREDITDESK_NEW_PASSWORD 传入。');
  return p;
}

/** `--jurisdiction 单位` sets the user's 管辖单位; an empty one (or 全县) clears it; left out, nothing changes. */
function jurisdictionFrom(text: string | undefined): { jurisdiction?: string | null } {
  if (text === undefined) return {};
  const unit = text.trim();
  return { jurisdiction: unit === '' || unit === '全县' ? null : unit };
}

/**
 * `users …`: user management from the command line, as the user in CREDITDESK_USER (管理员 for all
 * but `passwd` without --username, which changes one's own password).
 */
export async function usersCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  const subs = ['list', 'add', 'passwd', 'role', 'remove', 'unlock'];
  if (!sub || !subs.includes(sub)) throw new CliError(`用法：${usage}`);
  const { values } = parseArgs({
    args: rest,
    options: {
      db: { type: 'string' },
      username: { type: 'string' },
      name: { type: 'string' },
      role: { type: 'string' },
      jurisdiction: { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  const needsName = sub !== 'list' && !(sub === 'passwd' && !values.username);
  if (needsName && !values.username) throw new CliError(`请用 --username 指定用户。用法：${usage}`);
  const username = values.username ?? '';
  const password = sub === 'add' || sub === 'passwd' ? newPassword(io) : '';
  const backend = await openAs(io, dbPathFrom(values.db, io));
  try {
    switch (sub) {
      case 'list': {
        const { users } = await backend.call('users.list', {});
        if (values.json) for (const u of users) io.out(JSON.stringify(u));
        else {
          io.out(['用户名', '姓名', '角色', '可登录', '锁定至', '管辖单位'].join('\t'));
          for (const u of users)
            io.out(
              [
                u.username,
                u.displayName,
                ROLE_LABELS[u.role],
                u.hasKey ? '是' : '否',
                u.lockedUntil ?? '',
                u.jurisdiction ?? '全县',
              ].join('\t'),
            );
        }
        break;
      }
      case 'add': {
        const u = await backend.call('users.add', {
          username,
          displayName: values.name ?? username,
          role: roleFrom(values.role),
          password,
          ...jurisdictionFrom(values.jurisdiction),
        });
        io.out(JSON.stringify(u));
        break;
      }
      case 'passwd':
        if (values.username) await backend.call('users.setPassword', { username, password });
        else
          await backend.call('users.changeOwnPassword', {
            currentPassword: io.env.CREDITDESK_PASSWORD ?? '',
            newPassword: password,
          });
        io.out(
          JSON.stringify({ username: values.username ?? backend.user().username, passwordChanged: true }),
        );
        break;
      case 'role': {
        // Only a 管辖单位 to change: the role stays as it is.
        const unitOnly = values.role === undefined && values.jurisdiction !== undefined;
        const u = await backend.call('users.update', {
          username,
          ...(unitOnly ? {} : { role: roleFrom(values.role) }),
          ...(values.name ? { displayName: values.name } : {}),
          ...jurisdictionFrom(values.jurisdiction),
        });
        io.out(JSON.stringify(u));
        break;
      }
      case 'remove':
        await backend.call('users.remove', { username });
        io.out(JSON.stringify({ username, removed: true }));
        break;
      case 'unlock': {
        const r = await backend.call('users.unlock', { username });
        io.out(JSON.stringify({ username, ...r }));
        break;
      }
    }
    return EXIT.ok;
  } finally {
    backend.close();
  }
}
