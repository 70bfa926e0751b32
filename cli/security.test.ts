/** `creditdesk users …` and `creditdesk audit …` over a real encrypted database. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../electron/backend/backend.ts';
import { readKeyFile } from '../electron/db/keyfile.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../test/helpers/tmp.ts';
import type { CliIO } from './io.ts';
import { main } from './main.ts';

const ADMIN = { CREDITDESK_USER: 'admin', CREDITDESK_PASSWORD: 'cli-admin-pass-1' };

function capture(env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), env };
  return { io, out, err };
}

async function run(args: string[], env: Record<string, string | undefined> = ADMIN) {
  const c = capture(env);
  const code = await main(args, c.io);
  return { code, out: c.out, err: c.err.join('\n') };
}

describe('creditdesk users / audit', () => {
  let cleanup: () => void;
  afterEach(() => cleanup?.());

  async function database(): Promise<string> {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = join(t.dir, 'county.db');
    const b = new Backend({ dbPath: db, firstRunDemo: null, scrypt: FAST_SCRYPT, idleTimer: false });
    await b.call('app.setup', {
      admin: { username: 'admin', displayName: '张管理', password: ADMIN.CREDITDESK_PASSWORD },
      county: TEST_COUNTY,
      demo: null,
    });
    b.close();
    return db;
  }

  it('sets, changes and clears a user’s 管辖单位, and refuses one for a 管理员', async () => {
    const db = await database();
    const withPw = { ...ADMIN, CREDITDESK_NEW_PASSWORD: 'zhao-first-pass' };
    const add = await run(
      [
        'users',
        'add',
        '--db',
        db,
        '--username',
        'zhao',
        '--role',
        '执法人员',
        '--jurisdiction',
        '城关市场监管所',
      ],
      withPw,
    );
    expect(add.code).toBe(0);
    expect(JSON.parse(add.out[0]!)).toMatchObject({ username: 'zhao', jurisdiction: '城关市场监管所' });
    // Only the unit: the role stays.
    const moved = await run([
      'users',
      'role',
      '--db',
      db,
      '--username',
      'zhao',
      '--jurisdiction',
      '河滨市场监管所',
    ]);
    expect(JSON.parse(moved.out[0]!)).toMatchObject({ role: 'officer', jurisdiction: '河滨市场监管所' });
    const list = await run(['users', 'list', '--db', db]);
    expect(list.out[0]).toMatch(/管辖单位$/);
    expect(list.out.find((l) => l.startsWith('zhao'))).toMatch(/河滨市场监管所$/);
    const cleared = await run(['users', 'role', '--db', db, '--username', 'zhao', '--jurisdiction', '']);
    expect(JSON.parse(cleared.out[0]!)).toMatchObject({ role: 'officer', jurisdiction: null });
    const admin = await run(
      [
        'users',
        'add',
        '--db',
        db,
        '--username',
        'qian',
        '--role',
        '管理员',
        '--jurisdiction',
        '城关市场监管所',
      ],
      { ...ADMIN, CREDITDESK_NEW_PASSWORD: 'qian-first-pass' },
    );
    expect(admin.code).toBe(2);
    expect(admin.err).toMatch(/管理员/);
    const users = await run(['users', 'list', '--db', db, '--json']);
    expect(users.out.map((l) => JSON.parse(l).username)).toEqual(['admin', 'zhao']);
  });

  it('adds, lists, re-passwords and removes a user; the new password never comes from argv', async () => {
    const db = await database();
    const noPw = await run(['users', 'add', '--db', db, '--username', 'li', '--role', '执法人员']);
    expect(noPw.code).toBe(2);
    expect(noPw.err).toMatch(/CREDITDESK_NEW_PASSWORD/);

    const add = await run(
      ['users', 'add', '--db', db, '--username', 'li', '--name', '李执法', '--role', '执法人员'],
      {
        ...ADMIN,
        CREDITDESK_NEW_PASSWORD: 'li-first-pass',
      },
    );
    expect(add.code).toBe(0);
    expect(JSON.parse(add.out[0]!)).toMatchObject({ username: 'li', role: 'officer', hasKey: true });

    const list = await run(['users', 'list', '--db', db, '--json']);
    expect(list.out.map((l) => JSON.parse(l).username)).toEqual(['admin', 'li']);

    // The officer logs in from the command line and changes their own password…
    const li = { CREDITDESK_USER: 'li', CREDITDESK_PASSWORD: 'li-first-pass' };
    const own = await run(['users', 'passwd', '--db', db], {
      ...li,
      CREDITDESK_NEW_PASSWORD: 'li-second-pass',
    });
    expect(own.code).toBe(0);
    // …but may not manage users (exit 2, a Chinese refusal).
    const refused = await run(['users', 'list', '--db', db], {
      ...li,
      CREDITDESK_PASSWORD: 'li-second-pass',
    });
    expect(refused.code).toBe(2);
    expect(refused.err).toMatch(/执法人员.*无权/);

    expect((await run(['users', 'role', '--db', db, '--username', 'li', '--role', 'supervisor'])).code).toBe(
      0,
    );
    expect((await run(['users', 'remove', '--db', db, '--username', 'li'])).code).toBe(0);
    expect(readKeyFile(`${db}.keys.json`).users.map((u) => u.username)).toEqual(['admin']);
    const gone = await run(['entities', 'list', '--db', db], {
      ...li,
      CREDITDESK_PASSWORD: 'li-second-pass',
    });
    expect(gone.code).toBe(2);
    expect(gone.err).toMatch(/密码错误/);

    const log = await run(['audit', 'list', '--db', db, '--json', '--action', 'user.']);
    expect(log.out.map((l) => JSON.parse(l).action)).toEqual([
      'user.remove',
      'user.update',
      'user.password_change',
      'user.add',
    ]);
    expect(JSON.parse(log.out[0]!)).toMatchObject({ actionLabel: '删除用户', actorName: '张管理' });
    const future = await run(['audit', 'list', '--db', db, '--json', '--from', '2999-01-01']);
    expect(future.out).toEqual([]);
    for (const secret of ['li-first-pass', 'li-second-pass', ADMIN.CREDITDESK_PASSWORD])
      expect(readFileSync(`${db}.logins.json`, 'utf8')).not.toContain(secret);
  });

  it('locks out after repeated wrong passwords, with no password written to the failed-login file', async () => {
    const db = await database();
    const wrong = { CREDITDESK_USER: 'admin', CREDITDESK_PASSWORD: 'wrong-password' };
    for (let i = 0; i < 4; i++) expect((await run(['audit', 'verify', '--db', db], wrong)).code).toBe(2);
    const fifth = await run(['audit', 'verify', '--db', db], wrong);
    expect(fifth.err).toMatch(/暂时锁定.*30 秒/);
    const locked = await run(['audit', 'verify', '--db', db]);
    expect(locked.code).toBe(2);
    expect(locked.err).toMatch(/暂时锁定/);
    const logins = JSON.parse(readFileSync(`${db}.logins.json`, 'utf8'));
    expect(logins.pending).toHaveLength(5);
    expect(JSON.stringify(logins)).not.toContain('wrong-password');
  });

  it('audit verify: 完整 and exit 0 when intact; --json has the documented shape', async () => {
    const db = await database();
    const text = await run(['audit', 'verify', '--db', db]);
    expect(text.code).toBe(0);
    expect(text.out[0]).toMatch(/^完整/);
    const json = await run(['audit', 'verify', '--db', db, '--json']);
    expect(json.code).toBe(0);
    const r = JSON.parse(json.out[0]!);
    expect(r).toMatchObject({ intact: true, firstBroken: null });
    expect(r.entries).toBeGreaterThanOrEqual(3);
    expect(r.headHash).toMatch(/^[0-9a-f]{64}$/);
    expect((await run(['audit', 'frobnicate', '--db', db])).code).toBe(2);
  });
});
