import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers/tmp.ts';
import { capture } from './capture.testkit.ts';
import { main } from './main.ts';

const PASSWORD = { CREDITDESK_PASSWORD: 'county-secret-1' };

describe('creditdesk uscc check', () => {
  it('prints one JSON object per code, in order, with the contract fields', async () => {
    const { io, out } = capture();
    const code = await main(['uscc', 'check', '91350100M000100Y43', ' 9135 0100-m000100y43 '], io);
    expect(code).toBe(0);
    expect(out).toHaveLength(2);
    const [a, b] = out.map((l) => JSON.parse(l));
    expect(Object.keys(a)).toEqual(
      expect.arrayContaining(['input', 'normalized', 'kind', 'valid', 'errors', 'warnings']),
    );
    expect(a).toMatchObject({
      input: '91350100M000100Y43',
      kind: 'uscc',
      valid: true,
      errors: [],
      warnings: [],
    });
    expect(b).toMatchObject({
      input: ' 9135 0100-m000100y43 ',
      normalized: '91350100M000100Y43',
      valid: true,
    });
  });

  it('exits non-zero when any code is invalid, and still reports every code', async () => {
    const { io, out } = capture();
    const code = await main(
      ['uscc', 'check', '91350100M000100Y43', '9.13301E+17', '91350211M0000XUF46', '330382101730300'],
      io,
    );
    expect(code).toBe(1);
    const rows = out.map((l) => JSON.parse(l));
    expect(rows.map((r) => r.valid)).toEqual([true, false, false, false]);
    expect(rows[1].errors.join('')).toMatch(/科学计数法/);
    expect(rows[2].errors).toEqual([]); // pilot-era code: a warning, not an error
    expect(rows[2].warnings.length).toBeGreaterThan(0);
    expect(rows[3].kind).toBe('regno15');
  });

  it('runs as the package bin (npx creditdesk) on Node 24', () => {
    const r = spawnSync(process.execPath, ['cli/bin.mjs', 'uscc', 'check', '913300006651591040'], {
      encoding: 'utf8',
    });
    expect(r.status).toBe(0);
    expect(JSON.parse(r.stdout.trim())).toMatchObject({ kind: 'uscc', valid: true });
  });
});

describe('creditdesk init / demo / entities list', () => {
  let cleanup: () => void;
  afterEach(() => cleanup?.());

  function dbFile() {
    const t = tempDir();
    cleanup = t.cleanup;
    return join(t.dir, 'county.db');
  }

  it('init creates the encrypted database and key file; a second init refuses to overwrite', async () => {
    const db = dbFile();
    const first = capture(PASSWORD);
    expect(await main(['init', '--db', db, '--county', '测试县', '--region-code', '410422'], first.io)).toBe(
      0,
    );
    expect(JSON.parse(first.out[0]!)).toMatchObject({ admin: 'admin', county: '测试县' });
    expect(existsSync(db) && existsSync(`${db}.keys.json`)).toBe(true);
    const second = capture(PASSWORD);
    expect(await main(['init', '--db', db], second.io)).toBe(2);
    expect(second.err.join('')).toMatch(/已存在/);
  });

  it('never takes the password from argv: without the environment variable it explains and fails', async () => {
    const db = dbFile();
    const c = capture({});
    expect(await main(['init', '--db', db], c.io)).toBe(2);
    expect(c.err.join('')).toMatch(/CREDITDESK_PASSWORD/);
    expect(existsSync(db)).toBe(false);
  });

  it('demo is deterministic for a seed; entities list streams JSON lines; a wrong password changes nothing', async () => {
    const db = dbFile();
    const first = capture(PASSWORD);
    expect(await main(['demo', '--db', db, '--entities', '300', '--seed', 's1'], first.io)).toBe(0);
    const r1 = JSON.parse(first.out[0]!);
    expect(r1).toMatchObject({ created: true, entities: 300, inserted: 300 });
    expect(r1.recordsInserted).toBeGreaterThan(0);

    const again = capture(PASSWORD);
    expect(await main(['demo', '--db', db, '--entities', '300', '--seed', 's1'], again.io)).toBe(0);
    expect(JSON.parse(again.out[0]!)).toMatchObject({
      created: false,
      inserted: 0,
      updated: 0,
      unchanged: 300,
      recordsInserted: 0,
    });

    const list = capture(PASSWORD);
    expect(await main(['entities', 'list', '--db', db, '--json'], list.io)).toBe(0);
    expect(list.out).toHaveLength(300);
    const rows = list.out.map((l) => JSON.parse(l));
    expect(new Set(rows.map((r) => r.code)).size).toBe(300);
    expect(rows[0]).toMatchObject({ id: 1, name: expect.any(String), kind: expect.any(String) });

    const before = readFileSync(db);
    const wrong = capture({ CREDITDESK_PASSWORD: 'not the password' });
    expect(await main(['entities', 'list', '--db', db], wrong.io)).toBe(2);
    expect(wrong.err.join('')).toMatch(/密码错误/);
    expect(wrong.out).toEqual([]);
    expect(readFileSync(db).equals(before)).toBe(true);
  });

  it('a different seed gives a different county', async () => {
    const db = dbFile();
    await main(['demo', '--db', db, '--entities', '50', '--seed', 'a'], capture(PASSWORD).io);
    const c = capture(PASSWORD);
    await main(['demo', '--db', db, '--entities', '50', '--seed', 'b'], c.io);
    expect(JSON.parse(c.out[0]!).inserted).toBeGreaterThan(40);
  });
});
