/** `creditdesk models …` and pure `creditdesk grade --model … --input …` (no database), in-process. */
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { builtinModels, getBuiltinModel } from '../shared/grading/index.ts';
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

function write(name: string, value: unknown): string {
  const f = join(dir, name);
  writeFileSync(f, typeof value === 'string' ? value : JSON.stringify(value));
  return f;
}

const FILES = [
  {
    id: '91410422MA00000001',
    entity: { kind: 'enterprise', status: 'active', establishedOn: '2015-03-02', name: '示例有限公司' },
    records: [
      { id: 11, type: 'penalty', date: '2025-09-10', penaltyKinds: ['罚款'], fine: 200000, repairedOn: null },
      { id: 12, type: 'abnormal_list', date: '2026-07-01', reason: '未按时年报', removedOn: null },
      { type: 'annual_report', date: '2024-05-01', year: 2023, onTime: true },
      { type: 'annual_report', date: '2025-05-01', year: 2024, onTime: true },
      { type: 'annual_report', date: '2026-05-01', year: 2025, onTime: true },
      { type: 'commendation', date: '2030-01-01' },
    ],
  },
  {
    id: '92410422MA00000002',
    entity: { kind: 'individual', establishedOn: '2012-01-01' },
    records: [{ type: 'joint_punishment', date: '2024-01-01' }],
  },
  { id: '93410422MA00000003', entity: { kind: 'cooperative', status: 'cancelled' }, records: [] },
];

describe('creditdesk models', () => {
  it('list shows the six built-in models (table and --json)', async () => {
    const table = capture();
    expect(await main(['models', 'list'], table.io)).toBe(0);
    expect(table.out[0]).toBe('标识\t版本\t名称\t分值范围\t等级');
    expect(table.out).toHaveLength(7);
    const json = capture();
    expect(await main(['models', 'list', '--json'], json.io)).toBe(0);
    const rows = json.out.map((l) => JSON.parse(l));
    expect(rows.map((r) => r.id)).toEqual(builtinModels().map((m) => m.id));
    expect(rows[0]).toMatchObject({ id: 'samr-risk', version: '1.0.0', grades: ['A', 'B', 'C', 'D'] });
  });

  it('show prints the model JSON, which validates again', async () => {
    const c = capture();
    expect(await main(['models', 'show', 'samr-risk'], c.io)).toBe(0);
    const shown = JSON.parse(c.out.join('\n'));
    expect(shown).toEqual(getBuiltinModel('samr-risk'));
    const v = capture();
    expect(await main(['models', 'validate', write('m.json', shown)], v.io)).toBe(0);
    expect(v.out).toEqual(['模型有效：samr-risk 1.0.0（企业信用风险分类（县局默认模型））']);
  });

  it('validate lists every problem with its JSON path and exits 1', async () => {
    const bad = structuredClone(getBuiltinModel('samr-risk')!) as unknown as Record<string, unknown>;
    (bad.bands as Array<Record<string, unknown>>)[1]!.max = 940;
    (bad.indicators as Array<Record<string, unknown>>)[0]!.points = -60;
    const c = capture();
    expect(await main(['models', 'validate', write('bad.json', bad)], c.io)).toBe(1);
    expect(c.err[0]).toMatch(/无效（2 处问题）/);
    expect(c.err).toContain('  indicators[0].points：应为非负数（扣分项与加分项均填写绝对值）');
    expect(c.err).toContain('  bands[1].max：等级 B 与 A 之间有空档（940 到 950）');
    const syntax = capture();
    expect(await main(['models', 'validate', write('syntax.json', '{"id":')], syntax.io)).toBe(1);
    expect(syntax.err.join('\n')).toMatch(/不是有效的 JSON/);
  });

  it('show of an unknown model and a bad subcommand are usage errors (exit 2)', async () => {
    const c = capture();
    expect(await main(['models', 'show', 'nope'], c.io)).toBe(2);
    expect(c.err.join('\n')).toMatch(/未知模型：nope/);
    expect(await main(['models', 'frobnicate'], capture().io)).toBe(2);
  });
});

describe('creditdesk grade (pure)', () => {
  it('grades credit files with the contract shape', async () => {
    const c = capture();
    const code = await main(
      [
        'grade',
        '--model',
        'samr-risk',
        '--input',
        write('files.json', FILES),
        '--as-of',
        '2026-10-31',
        '--json',
      ],
      c.io,
    );
    expect(code).toBe(0);
    expect(c.out).toHaveLength(1);
    const doc = JSON.parse(c.out[0]!);
    expect(doc.model).toEqual({ id: 'samr-risk', version: '1.0.0' });
    expect(doc.asOf).toBe('2026-10-31');
    expect(doc.results.map((r: { id: string }) => r.id)).toEqual(FILES.map((f) => f.id));
    const [a, b, cancelled] = doc.results;
    for (const r of doc.results) {
      expect(Object.keys(r)).toEqual(
        expect.arrayContaining(['id', 'score', 'scoreGrade', 'grade', 'breakdown', 'overrides']),
      );
    }
    // 1000 − 60 (penalty) − 100 (fine ≥ 100,000) − 150 (abnormal now) = 690 → D; the cap C does not help.
    expect(a).toMatchObject({ score: 690, scoreGrade: 'D', grade: 'D' });
    expect(a.breakdown.map((l: { indicator: string; points: number }) => [l.indicator, l.points])).toEqual([
      ['base', 1000],
      ['penalty', -60],
      ['penalty-severe', -100],
      ['abnormal-now', -150],
    ]);
    expect(a.breakdown[1].evidence[0]).toMatchObject({ id: 11, type: 'penalty', date: '2025-09-10' });
    expect(a.overrides.map((o: { id: string }) => o.id)).toEqual(['abnormal-now']);
    // Joint punishment forces D; no annual reports were loaded, so none counts as missing.
    expect(b).toMatchObject({ score: 1000, scoreGrade: 'A', grade: 'D' });
    expect(b.overrides[0]).toMatchObject({ id: 'joint-punishment', action: 'force', grade: 'D' });
    expect(cancelled).toMatchObject({ score: null, grade: null, notGraded: '已注销，不予分级' });
  });

  it('accepts a model file and the canonical exchange document (its asOf is the default)', async () => {
    const model = structuredClone(getBuiltinModel('henan-pds-public-100')!);
    const exchange = {
      asOf: '2026-10-31',
      entities: [
        {
          id: 'X1',
          name: '甲',
          kind: 'enterprise',
          status: 'active',
          records: [
            { type: 'public_credit_score', date: '2026-10-31', scheme: 'henan-pds-public-100', score: 85 },
          ],
        },
      ],
    };
    const c = capture();
    const code = await main(
      ['grade', '--model', write('henan.json', model), '--input', write('x.json', exchange), '--json'],
      c.io,
    );
    expect(code).toBe(0);
    const doc = JSON.parse(c.out[0]!);
    expect(doc.asOf).toBe('2026-10-31');
    expect(doc.results[0]).toMatchObject({ id: 'X1', score: 85, grade: '良', scoreOnly: true });
  });

  it('without --json prints one tab-separated line per entity', async () => {
    const c = capture();
    expect(
      await main(
        ['grade', '--model', 'samr-risk', '--input', write('f.json', FILES), '--as-of', '2026-10-31'],
        c.io,
      ),
    ).toBe(0);
    expect(c.out[0]).toBe('代码\t得分\t分值等级\t最终等级\t调整');
    expect(c.out[2]).toMatch(/^92410422MA00000002\t1000\tA\tD\t列入失信联合惩戒对象名单/);
    expect(c.out[3]).toBe('93410422MA00000003\t\t\t已注销，不予分级\t');
  });

  it('reports invalid input with paths, a bad date, or an unknown model (exit 2)', async () => {
    const broken = structuredClone(FILES);
    (broken[0]!.records[0] as Record<string, unknown>).fine = -5;
    (broken[1]!.entity as Record<string, unknown>).kind = 'person';
    const c = capture();
    expect(
      await main(['grade', '--model', 'samr-risk', '--input', write('b.json', broken), '--json'], c.io),
    ).toBe(2);
    const msg = c.err.join('\n');
    expect(msg).toMatch(/\[0\]\.records\[0\]/);
    expect(msg).toMatch(/\[1\]\.entity\.kind/);
    const d = capture();
    expect(
      await main(
        ['grade', '--model', 'samr-risk', '--input', write('f.json', FILES), '--as-of', '2026-02-30'],
        d.io,
      ),
    ).toBe(2);
    expect(d.err.join('\n')).toMatch(/--as-of 应为有效日期/);
    const m = capture();
    expect(await main(['grade', '--model', 'no-such-model', '--input', write('f.json', FILES)], m.io)).toBe(
      2,
    );
    expect(m.err.join('\n')).toMatch(/未知模型：no-such-model/);
  });

  it('runs as the package bin (npx creditdesk) on Node 24 and its output is deterministic', () => {
    const input = write('files.json', FILES);
    const args = [
      'cli/bin.mjs',
      'grade',
      '--model',
      'samr-risk',
      '--input',
      input,
      '--as-of',
      '2026-10-31',
      '--json',
    ];
    const r1 = spawnSync(process.execPath, args, { encoding: 'utf8' });
    const r2 = spawnSync(process.execPath, args, { encoding: 'utf8' });
    expect(r1.status).toBe(0);
    expect(r1.stdout).toBe(r2.stdout);
    expect(JSON.parse(r1.stdout).results[0].score).toBe(690);
    expect(readFileSync(input, 'utf8')).toBe(JSON.stringify(FILES)); // input untouched
  });
});

describe('creditdesk grade: penalty kinds and loaded data', () => {
  const gradeJson = async (input: unknown, extra: string[] = []) => {
    const c = capture();
    const code = await main(
      [
        'grade',
        '--model',
        'samr-risk',
        '--input',
        write('in.json', input),
        '--as-of',
        '2026-10-31',
        ...extra,
      ],
      c.io,
    );
    return { code, c };
  };
  const enterprise = (id: string, records: unknown[]) => ({
    id,
    entity: { kind: 'enterprise', establishedOn: '2015-03-02' },
    records,
  });

  it('grades 罚款 + 没收违法所得, reads 没收 as 没收违法所得, and keeps an unknown kind as 其他 with a warning', async () => {
    const files = [
      enterprise('A', [
        { type: 'penalty', date: '2026-01-10', penaltyKinds: ['罚款', '没收违法所得'], fine: 3000 },
      ]),
      enterprise('B', [{ type: 'penalty', date: '2026-01-10', penaltyKinds: ['没收', '责令停业'] }]),
      enterprise('C', [
        { type: 'penalty', date: '2026-01-10', penaltyKinds: ['罚款', '打板子'], fine: 3000 },
      ]),
    ];
    const { code, c } = await gradeJson(files, ['--json']);
    expect(code).toBe(0);
    const doc = JSON.parse(c.out[0]!);
    const [a, b, other] = doc.results;
    const scored = (r: { breakdown: { indicator: string }[] }) =>
      r.breakdown.map((l) => l.indicator).filter((i) => i !== 'not-loaded');
    // 没收违法所得 is not a light kind: published for 3 years, so in effect.
    expect(scored(a)).toEqual(['base', 'penalty']);
    expect(a.breakdown[1].evidence[0].summary).toContain('没收违法所得');
    // 责令停业 is 责令停产停业: the severe indicator applies.
    expect(scored(b)).toEqual(['base', 'penalty', 'penalty-severe']);
    expect(b.breakdown[1].evidence[0].summary).toContain('没收违法所得');
    expect(other.score).toBe(940);
    expect(other.breakdown[1].evidence[0].summary).toContain('其他');
    expect(doc.warnings).toEqual([
      { id: 'C', path: '[2].records[0].penaltyKinds', message: expect.stringContaining('打板子') },
    ]);
    // Without --json the warning goes to stderr and the call still succeeds.
    const text = await gradeJson(files);
    expect(text.code).toBe(0);
    expect(text.c.err.join('\n')).toMatch(/\[2\]\.records\[0\]\.penaltyKinds：.*打板子.*其他/);
  });

  it('counts a missing annual report only for report years the input says were loaded', async () => {
    const none = await gradeJson(
      {
        asOf: '2026-10-31',
        entities: [{ id: 'E', kind: 'enterprise', establishedOn: '2015-03-02', records: [] }],
      },
      ['--json'],
    );
    const r0 = JSON.parse(none.c.out[0]!).results[0];
    expect(r0).toMatchObject({ score: 1000, grade: 'A' });
    expect(
      r0.breakdown
        .filter((l: { indicator: string }) => l.indicator === 'not-loaded')
        .map((l: { label: string }) => l.label),
    ).toEqual([
      '2023 年度年报数据未导入，未计',
      '2024 年度年报数据未导入，未计',
      '2025 年度年报数据未导入，未计',
    ]);
    const some = await gradeJson(
      {
        asOf: '2026-10-31',
        coverage: { annualReports: [2024, 2025] },
        entities: [{ id: 'E', kind: 'individual', establishedOn: '2015-03-02', records: [] }],
      },
      ['--json'],
    );
    const r1 = JSON.parse(some.c.out[0]!).results[0];
    expect(r1.score).toBe(940);
    expect(r1.breakdown.map((l: { indicator: string; points: number }) => [l.indicator, l.points])).toEqual([
      ['base', 1000],
      ['annual-report', -60],
      ['not-loaded', 0],
    ]);
    expect(r1.breakdown[2].label).toBe('2023 年度年报数据未导入，未计');
  });
});
