import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers/tmp.ts';
import { capture } from './capture.testkit.ts';
import { main } from './main.ts';

const PASSWORD = { CREDITDESK_PASSWORD: 'county-secret-1' };

async function run(args: string[], env: Record<string, string | undefined> = PASSWORD) {
  const c = capture(env);
  const code = await main(args, c.io);
  return { code, out: c.out, err: c.err };
}

async function entityCount(db: string): Promise<number> {
  const r = await run(['entities', 'list', '--db', db, '--json']);
  expect(r.code).toBe(0);
  return r.out.length;
}

describe('creditdesk backup / restore', () => {
  let cleanup: () => void;
  afterEach(() => cleanup?.());

  it('backs up, lists, and restores by id and by folder; the data returns to the backup', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = join(t.dir, 'county.db');
    expect((await run(['demo', '--db', db, '--entities', '40', '--seed', 'a'])).code).toBe(0);

    const b = await run(['backup', '--db', db]);
    expect(b.code).toBe(0);
    const info = JSON.parse(b.out[0]!);
    expect(info).toMatchObject({ kind: 'manual', entities: 40, quickCheck: 'ok', createdBy: 'admin' });
    expect(info.folder).toBe(join(t.dir, 'backups', info.id));

    const out = join(t.dir, 'usb');
    const b2 = await run(['backup', '--db', db, '--out', out]);
    expect(b2.code).toBe(0);
    const info2 = JSON.parse(b2.out[0]!);
    expect(readdirSync(join(out, info2.id)).sort()).toEqual([
      'creditdesk.db',
      'creditdesk.db.keys.json',
      'manifest.json',
    ]);

    // More data after the backup.
    expect((await run(['demo', '--db', db, '--entities', '15', '--seed', 'b'])).code).toBe(0);
    expect(await entityCount(db)).toBe(55);

    const list = await run(['backup', 'list', '--db', db], {});
    expect(list.code).toBe(0);
    expect(list.out.map((l) => JSON.parse(l))).toMatchObject([{ id: info.id, intact: true }]);

    const r = await run(['restore', '--db', db, info.id]);
    expect(r.code, r.err.join('\n')).toBe(0);
    const restored = JSON.parse(r.out[0]!);
    expect(restored.restored.id).toBe(info.id);
    expect(restored.safetyCopy).toMatch(/-pre-restore$/);
    expect(await entityCount(db)).toBe(40);

    // From the copy on the "USB disk" (made before the second demo, also 40 entities).
    expect((await run(['restore', '--db', db, join(out, info2.id)])).code).toBe(0);
    expect(await entityCount(db)).toBe(40);
    expect(existsSync(`${db}.restoring`)).toBe(false);
  }, 120_000);

  it('a wrong password, a missing backup and bad usage exit 2 with a Chinese message', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = join(t.dir, 'county.db');
    expect((await run(['init', '--db', db])).code).toBe(0);
    const info = JSON.parse((await run(['backup', '--db', db])).out[0]!);

    const wrong = await run(['restore', '--db', db, info.id], { CREDITDESK_PASSWORD: 'wrong-password' });
    expect(wrong.code).toBe(2);
    expect(wrong.err.join('')).toMatch(/密码/);

    const missing = await run(['restore', '--db', db, join(t.dir, 'nowhere')]);
    expect(missing.code).toBe(2);
    expect(missing.err.join('')).toMatch(/找不到备份/);

    expect((await run(['restore', '--db', db])).code).toBe(2);
    expect((await run(['backup'])).code).toBe(2);
    const noPw = await run(['backup', '--db', db], {});
    expect(noPw.code).toBe(2);
    expect(noPw.err.join('')).toMatch(/CREDITDESK_PASSWORD/);
  }, 120_000);

  it('runs as the package bin', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const r = spawnSync(process.execPath, ['cli/bin.mjs', 'backup', 'list', '--db', join(t.dir, 'none.db')], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(r.stdout).toBe('');
  });
});
