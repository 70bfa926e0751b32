/**
 * The architecture check (npm run lint) rejects SQL outside electron/db and the repositories (issue 16),
 * and accepts it inside them: run on a small tree built for the purpose, and on the real one.
 */
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';

const SCRIPT = resolve(import.meta.dirname, '../../scripts/check-architecture.mjs');

function check(cwd: string) {
  const r = spawnSync(process.execPath, [SCRIPT], { cwd, encoding: 'utf8' });
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

function tree(files: Record<string, string>): { dir: string; cleanup: () => void } {
  const t = tempDir();
  for (const d of ['shared', 'renderer/src', 'electron', 'cli'])
    mkdirSync(join(t.dir, d), { recursive: true });
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(t.dir, path)), { recursive: true });
    writeFileSync(join(t.dir, path), text);
  }
  return t;
}

describe('the architecture check', () => {
  it('fails on .prepare( or .exec( in a service or a command, naming the file and line', () => {
    const t = tree({
      'electron/services/things/service.ts': "export const f = (db) =>\n  db.prepare('SELECT 1').get();\n",
      'cli/commands/thing.ts': "export const g = (db) => db.exec('DELETE FROM x');\n",
    });
    const r = check(t.dir);
    t.cleanup();
    expect(r.status).toBe(1);
    expect(r.out).toContain('electron/services/things/service.ts:2: 在仓储（repository）之外直接写 SQL');
    expect(r.out).toContain('cli/commands/thing.ts:1:');
  });

  it('accepts SQL in a repository file or folder, in electron/db and in tests', () => {
    const t = tree({
      'electron/services/things/repository.ts': "export const f = (db) => db.prepare('SELECT 1');\n",
      'electron/services/other/repository/rows.ts': "export const g = (db) => db.prepare('SELECT 2');\n",
      'electron/db/open.ts': "export const h = (db) => db.exec('PRAGMA x');\n",
      'electron/services/things/service.test.ts': "db.prepare('SELECT 3');\n",
    });
    const r = check(t.dir);
    t.cleanup();
    expect(r).toMatchObject({ status: 0 });
  });

  it('passes on the product itself', () => {
    expect(check(resolve(import.meta.dirname, '../..')).status).toBe(0);
  });
});
