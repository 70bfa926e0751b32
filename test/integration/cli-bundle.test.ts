/**
 * The bundled command line (dist/cli/creditdesk.js, built by `npm run build`) that cli/bin.mjs runs when
 * it is up to date: same output as the sources, JSON shapes included, and its spreadsheet reader works
 * from the bundle's own worker files.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { delimiter, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../cli/io.ts';
import { main as sourceMain } from '../../cli/main.ts';
import { describeBuilt } from '../helpers/built.ts';
import { tempDir } from '../helpers/tmp.ts';

const BUNDLE = 'dist/cli/creditdesk.js';
type Main = typeof sourceMain;

function capture(env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), env };
  return { io, out, err };
}

describeBuilt([BUNDLE], 'the bundled command line (dist/cli/creditdesk.js)', () => {
  const t = tempDir();
  afterAll(() => t.cleanup());
  const env = { CREDITDESK_DATA_DIR: join(t.dir, 'data'), CREDITDESK_PASSWORD: 'county-secret-1' };

  it('cli/bin.mjs starts it with no warnings and prints the help', () => {
    const r = spawnSync(process.execPath, ['cli/bin.mjs', '--help'], {
      encoding: 'utf8',
      env: { ...process.env, ...env },
    });
    expect(r.status).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).toContain('creditdesk entities list [--db F]');
  });

  it('gives the same results as the sources, the import through its own reader worker', async () => {
    const bundled = ((await import(pathToFileURL(resolve(BUNDLE)).href)) as { main: Main }).main;
    const demo = capture(env);
    expect(await bundled(['demo', '--entities', '60', '--seed', 'bundle'], demo.io)).toBe(0);
    expect(JSON.parse(demo.out[0]!)).toMatchObject({ created: true, entities: 60, inserted: 60 });

    const fromBundle = capture(env);
    const fromSources = capture(env);
    expect(await bundled(['entities', 'list', '--json'], fromBundle.io)).toBe(0);
    expect(await sourceMain(['entities', 'list', '--json'], fromSources.io)).toBe(0);
    expect(fromBundle.out).toHaveLength(60);
    expect(fromBundle.out).toEqual(fromSources.out);

    const file = join(t.dir, '新开业.xlsx');
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(
      wb,
      XLSX.utils.aoa_to_sheet([
        ['统一社会信用代码/注册号', '企业名称', '主体类型', '法定代表人', '成立日期'],
        ['91330100716105852F', '恒达商贸有限公司', '企业', '张三', '2026-03-02'],
      ]),
      '名录',
    );
    writeFileSync(file, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx' }));
    const dry = capture(env);
    expect(await bundled(['import', '--kind', 'entities', file, '--dry-run', '--json'], dry.io)).toBe(0);
    expect(JSON.parse(dry.out[0]!)).toMatchObject({ rows: 1, inserted: 1, errors: 0 });
  }, 180_000);
});

/** The first `node` on PATH outside node_modules/.bin: the machine's own Node, as a shell would find it. */
function machineNode(): { path: string; major: number } | null {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (resolve(dir).endsWith(join('node_modules', '.bin'))) continue;
    const path = join(dir, process.platform === 'win32' ? 'node.exe' : 'node');
    if (!existsSync(path)) continue;
    const r = spawnSync(path, ['-p', 'process.versions.node'], { encoding: 'utf8' });
    return r.status === 0 ? { path, major: Number(r.stdout.split('.')[0]) } : null;
  }
  return null;
}

const oldNode = machineNode();
if (!oldNode || oldNode.major >= 22)
  console.warn('SKIPPED: no Node older than 22 on PATH — hand-over not checked');

describe.skipIf(!oldNode || oldNode.major >= 22)('cli/bin.mjs on the machine’s older Node', () => {
  it('hands over to the project’s Node 24 and gives the same answer and exit code', () => {
    const r = spawnSync(
      oldNode?.path as string,
      ['cli/bin.mjs', 'uscc', 'check', '913300006651591040', 'bad'],
      {
        encoding: 'utf8',
      },
    );
    expect(r.status).toBe(1);
    expect(
      r.stdout
        .trim()
        .split('\n')
        .map((l) => JSON.parse(l).valid),
    ).toEqual([true, false]);
  });
});
