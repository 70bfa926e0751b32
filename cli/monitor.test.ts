/** `creditdesk monitor --input … --json`: the public JSON shape of issue 13, on the fixture county. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { monitoringFixture } from '../test/helpers/monitoring-fixture.ts';
import { tempDir } from '../test/helpers/tmp.ts';
import type { CliIO } from './io.ts';
import { main } from './main.ts';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), env: {} };
  return { io, out, err };
}

let dir: string;
let cleanup: () => void;
beforeEach(() => {
  ({ dir, cleanup } = tempDir());
});
afterEach(() => cleanup());

const write = (name: string, json: unknown): string => {
  const path = join(dir, name);
  writeFileSync(path, typeof json === 'string' ? json : JSON.stringify(json));
  return path;
};

const fixture = monitoringFixture();
const expectedShape = fixture.expected.map(({ evidenceIncludes: _, ...w }) => w);

describe('creditdesk monitor --input', () => {
  it('runs as the package bin and prints {asOf, warnings} in the contract shape, deterministically', () => {
    const input = write('county.json', fixture.document);
    const args = ['cli/bin.mjs', 'monitor', '--input', input, '--json'];
    const r1 = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const r2 = spawnSync(process.execPath, args, { encoding: 'utf8' });
    expect(r1.stderr).toBe('');
    expect(r1.status).toBe(0);
    expect(r1.stdout).toBe(r2.stdout);
    const doc = JSON.parse(r1.stdout);
    expect(Object.keys(doc).sort()).toEqual(['asOf', 'warnings']);
    expect(doc.asOf).toBe(fixture.asOf); // the document's own asOf
    for (const w of doc.warnings) {
      expect(Object.keys(w).sort()).toEqual(['action', 'entities', 'evidence', 'level', 'rule', 'subject']);
      expect(Object.keys(w.subject).sort()).toEqual(['display', 'key', 'type']);
      expect(['低', '中', '高']).toContain(w.level);
      expect(['提醒', '警示', '约谈', '检查']).toContain(w.action);
      expect(w.evidence.length).toBeGreaterThan(0);
    }
    expect(
      doc.warnings.map((w: { rule: string; subject: { type: string; key: string }; entities: string[] }) => ({
        rule: w.rule,
        subject: { type: w.subject.type, key: w.subject.key },
        entities: w.entities,
      })),
    ).toEqual(expectedShape);
    expect(readFileSync(input, 'utf8')).toBe(JSON.stringify(fixture.document)); // input untouched
  });

  it('--as-of overrides the document date: a year later the recent complaints are old', async () => {
    const c = capture();
    const input = write('county.json', fixture.document);
    expect(await main(['monitor', '--input', input, '--as-of', '2027-11-30', '--json'], c.io)).toBe(0);
    const doc = JSON.parse(c.out.join(''));
    expect(doc.asOf).toBe('2027-11-30');
    expect(doc.warnings.filter((w: { rule: string }) => w.rule === 'complaint_surge')).toEqual([]);
  });

  it('--rules reads a rule set; a threshold one lower brings in the 9-entity address', async () => {
    const rules = JSON.parse(readFileSync('resources/monitoring-rules/county-default.json', 'utf8'));
    rules.rules = rules.rules.filter((r: { id: string }) => r.id === 'same_address');
    rules.rules[0].params.minEntities = 9;
    const c = capture();
    const code = await main(
      [
        'monitor',
        '--input',
        write('county.json', fixture.document),
        '--rules',
        write('rules.json', rules),
        '--json',
      ],
      c.io,
    );
    expect(code).toBe(0);
    const doc = JSON.parse(c.out.join(''));
    const expected = expectedShape.filter((w) => w.rule === 'same_address').map((w) => w.subject.key);
    expect(doc.warnings.map((w: { subject: { key: string } }) => w.subject.key).sort()).toEqual(
      [...expected, '幸福路1号'].sort(),
    );
  });

  it('prints a table without --json', async () => {
    const c = capture();
    expect(await main(['monitor', '--input', write('county.json', fixture.document)], c.io)).toBe(0);
    expect(c.out[0]).toBe(['规则', '等级', '建议措施', '对象', '主体数', '说明'].join('\t'));
    expect(c.out).toHaveLength(fixture.expected.length + 1);
    expect(c.out.some((l) => l.startsWith('同一地址多户登记\t中\t检查\t幸福路11号B座\t10\t'))).toBe(true);
  });

  it('refuses bad input with a Chinese message and exit code 2', async () => {
    const cases: { args: string[]; message: RegExp }[] = [
      { args: [], message: /用法：creditdesk monitor --input/ },
      { args: ['--input', 'x.json', '--as-of', '2026-02-30'], message: /--as-of 应为有效日期/ },
      { args: ['--input', join('no', 'such.json')], message: /无法读取信用档案文件/ },
      { args: ['--db', 'county.db'], message: /--db 尚未支持/ },
      { args: ['--input', 'x.json', '--bogus'], message: /用法/ },
    ];
    for (const c of cases) {
      const io = capture();
      expect(await main(['monitor', ...c.args], io.io), c.args.join(' ')).toBe(2);
      expect(io.err.join('\n')).toMatch(c.message);
    }
  });

  it('names the rule and field of a bad rule file, and the file and field of bad monitoring input', async () => {
    const rules = JSON.parse(readFileSync('resources/monitoring-rules/county-default.json', 'utf8'));
    rules.rules[0].params.minEntities = 'ten';
    const r = capture();
    const input = write('county.json', fixture.document);
    expect(await main(['monitor', '--input', input, '--rules', write('r.json', rules)], r.io)).toBe(2);
    expect(r.err.join('\n')).toContain('规则「同一地址多户登记」的「最少主体数」：应为数字');

    const bad = [
      { id: 'E1', entity: { kind: 'enterprise', address: 12 }, records: [] },
      {
        id: 'E2',
        entity: { kind: 'enterprise', grades: [{ model: 'no-such', runAt: '2026-01-01', grade: 'A' }] },
        records: [],
      },
      {
        id: 'E3',
        entity: { kind: 'enterprise', grades: [{ model: 'samr-risk', runAt: '2026-01-01', grade: 'E' }] },
        records: [],
      },
    ];
    const b = capture();
    expect(await main(['monitor', '--input', write('bad.json', bad), '--as-of', '2026-11-30'], b.io)).toBe(2);
    const msg = b.err.join('\n');
    expect(msg).toContain('第 1 个信用档案（E1）的 entity.address');
    expect(msg).toContain('第 2 个信用档案（E2）的 entity.grades[0].model：不是内置分级模型（no-such）');
    expect(msg).toMatch(
      /第 3 个信用档案（E3）的 entity\.grades\[0\]\.grade：模型「.+」没有等级 E（可填：A、B、C、D）/,
    );
  });

  it('is listed in the help', async () => {
    const c = capture();
    await main(['help'], c.io);
    expect(c.out.join('\n')).toContain('creditdesk monitor --input CREDITFILES.json');
  });
});
