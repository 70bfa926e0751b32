/**
 * Data never loaded is not a violation (issue 11 items 1–3), through the real services: annual-report
 * imports and the demo county record which report years they loaded per entity kind, stored grading runs
 * count a missing report only for those years, an undone import stops covering; penalty rows with
 * unknown kinds import with a warning as 其他, and penalties stored as 没收 grade as 没收违法所得.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { commitImport, previewImport } from '../../electron/services/exchange/import-service.ts';
import { undoBatch } from '../../electron/services/exchange/undo.ts';
import { explainResult } from '../../electron/services/grading/reads.ts';
import { runGrading } from '../../electron/services/grading/run-grading.ts';
import { runBreakdownTexts } from '../../electron/services/grading/reads.ts';
import { decodeBreakdown } from '../../electron/services/grading/result-codec.ts';
import { type Fixture, openFixture, writeSheet } from './exchange-fixture.ts';

const AT = '2026-11-01T08:00:00.000Z';
const AS_OF = '2026-10-31';
const A = '91330100716105852F'; // enterprise, files its reports
const C = '91330100123456788G'; // enterprise, files none
const B = '92330102234567894R'; // individual, files its 2025 report
const D = '92330102345678909T'; // individual, files none

let f: Fixture;
afterEach(() => f?.close());

const file = (name: string, rows: unknown[][]) => ({
  path: writeSheet(join(f.dir, name), rows),
  fileName: name,
});
const idOf = (code: string) =>
  (f.db.prepare('SELECT id FROM entities WHERE uscc = ?').get(code) as { id: number }).id;

async function withEntities(): Promise<void> {
  f = await openFixture();
  const run = commitImport(
    f.db,
    f.actor,
    {
      file: file('e.xlsx', [
        ['统一社会信用代码', '企业名称', '主体类型', '成立日期'],
        [A, '恒达商贸有限公司', '企业', '2015-03-02'],
        [C, '鑫源建材有限公司', '企业', '2016-05-01'],
        [B, '李四便利店', '个体工商户', '2019-06-01'],
        [D, '王五小吃店', '个体工商户', '2018-04-01'],
      ]),
      kind: 'entities',
    },
    AT,
  );
  expect(run.counts.inserted).toBe(4);
}

function grade(): Map<
  string,
  { score: number; lines: { kind: string; text: string; points: number | null }[] }
> {
  const run = runGrading(f.db, f.actor, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
  const out = new Map();
  for (const code of [A, C, B, D]) {
    const x = explainResult(f.db, run.id, idOf(code));
    out.set(code, { score: x.score, lines: x.lines });
  }
  return out;
}
const notes = (lines: { kind: string; text: string }[]) =>
  lines.filter((l) => l.kind === 'note').map((l) => l.text);

describe('annual-report coverage in stored grading runs', () => {
  it('no annual reports loaded: nobody loses points, and the explanation says the years were not loaded', async () => {
    await withEntities();
    const g = grade();
    for (const code of [A, C, B, D]) {
      expect(g.get(code)!.score).toBe(1000);
      expect(notes(g.get(code)!.lines)).toEqual([
        '2023 年度年报数据未导入，未计',
        '2024 年度年报数据未导入，未计',
        '2025 年度年报数据未导入，未计',
      ]);
    }
  });

  it('an import covers the years and kinds it brought; the run counts only those; undo takes them back', async () => {
    await withEntities();
    const src = file('ar.xlsx', [
      ['统一社会信用代码', '年报年度', '报送日期'],
      [A, 2024, '2025-05-01'],
      [A, 2025, '2026-05-01'],
      [B, 2025, '2026-06-20'],
    ]);
    // A preview writes nothing, coverage included.
    previewImport(f.db, f.actor, { file: src, kind: 'annual_reports' }, AT);
    expect(f.db.prepare('SELECT count(*) AS n FROM annual_report_coverage').get()).toEqual({ n: 0 });
    const imported = commitImport(f.db, f.actor, { file: src, kind: 'annual_reports' }, AT);
    expect(imported.counts).toMatchObject({ inserted: 3, errors: 0 });
    expect(
      f.db
        .prepare('SELECT batch_id, entity_kind, year FROM annual_report_coverage ORDER BY entity_kind, year')
        .all(),
    ).toEqual([
      { batch_id: imported.batchId, entity_kind: 'enterprise', year: 2024 },
      { batch_id: imported.batchId, entity_kind: 'enterprise', year: 2025 },
      { batch_id: imported.batchId, entity_kind: 'individual', year: 2025 },
    ]);

    const g = grade();
    // A filed both loaded years; 2023 was not loaded.
    expect(g.get(A)!.score).toBe(1000);
    expect(notes(g.get(A)!.lines)).toEqual(['2023 年度年报数据未导入，未计']);
    // C filed neither loaded year: two missing reports.
    expect(g.get(C)!.score).toBe(940);
    expect(g.get(C)!.lines.find((l) => l.kind === 'indicator')).toMatchObject({ points: -60 });
    // Individuals: only 2025 was loaded for them.
    expect(g.get(B)!.score).toBe(1000);
    expect(notes(g.get(B)!.lines)).toEqual([
      '2023 年度年报数据未导入，未计',
      '2024 年度年报数据未导入，未计',
    ]);
    expect(g.get(D)!.score).toBe(970);

    undoBatch(f.db, f.actor, imported.batchId!, AT);
    const after = grade();
    for (const code of [A, C, B, D]) expect(after.get(code)!.score).toBe(1000);
  });

  it('the demo county loads its report years for enterprises, cooperatives and individuals', async () => {
    f = await openFixture(400);
    const covered = f.db
      .prepare(
        'SELECT entity_kind, min(year) AS first, max(year) AS last FROM annual_report_coverage GROUP BY entity_kind ORDER BY entity_kind',
      )
      .all();
    expect(covered).toEqual([
      { entity_kind: 'cooperative', first: 2013, last: 2025 },
      { entity_kind: 'enterprise', first: 2013, last: 2025 },
      { entity_kind: 'individual', first: 2014, last: 2025 },
    ]);
    const reportsOfIndividuals = f.db
      .prepare(
        `SELECT count(*) AS n FROM records r JOIN entities e ON e.id = r.entity_id
         WHERE e.kind = 'individual' AND r.type = 'annual_report'`,
      )
      .get() as { n: number };
    expect(reportsOfIndividuals.n).toBeGreaterThan(400);
    // A demo run grades individuals on their reports: some lose points for a missing or late one.
    const run = runGrading(
      f.db,
      f.actor,
      { modelId: 'samr-risk', modelVersion: null, asOf: '2026-10-31' },
      AT,
    );
    const lines = f.db
      .prepare(
        `SELECT r.breakdown FROM grading_results r JOIN entities e ON e.id = r.entity_id
         WHERE r.run_id = ? AND e.kind = 'individual'`,
      )
      .all(run.id) as { breakdown: string }[];
    const texts = runBreakdownTexts(f.db, run.id);
    const indicators = lines.flatMap((l) =>
      decodeBreakdown(l.breakdown, texts).lines.map((x) => x.indicator),
    );
    expect(indicators).toContain('annual-report');
    // The demo loaded every year it generated: no individual's explanation says a year was not loaded.
    expect(indicators).not.toContain('not-loaded');
  });
});

describe('penalty kinds through import and storage', () => {
  it('imports an unknown kind as 其他 with a warning on that row, and 没收 as 没收违法所得', async () => {
    await withEntities();
    const run = commitImport(
      f.db,
      f.actor,
      {
        file: file('p.xlsx', [
          ['统一社会信用代码', '决定书文号', '处罚种类', '罚没金额（元）', '处罚决定日期'],
          [A, '示市监罚〔2026〕1号', '罚款、没收', '3000', '2026-03-01'],
          [C, '示市监罚〔2026〕2号', '罚款、打板子', '3000', '2026-03-02'],
          [B, '示市监罚〔2026〕3号', '暂扣许可证件、责令关闭', '', '2026-03-03'],
        ]),
        kind: 'penalties',
      },
      AT,
    );
    expect(run.counts).toMatchObject({ rows: 3, inserted: 3, errors: 0, warnings: 1 });
    const warned = run.rows.find((r) => r.status === 'warning')!;
    expect(warned.issues.map((i) => i.message).join()).toMatch(/打板子.*其他/);
    const kinds = (
      f.db.prepare("SELECT data FROM records WHERE type = 'penalty' ORDER BY id").all() as { data: string }[]
    ).map((r) => JSON.parse(r.data).penaltyKinds);
    expect(kinds).toEqual([
      ['罚款', '没收违法所得'],
      ['罚款', '其他'],
      ['暂扣许可证件', '责令关闭'],
    ]);
  });

  it('a penalty stored with the old word 没收 grades, and is explained, as 没收违法所得', async () => {
    await withEntities();
    f.db
      .prepare(
        `INSERT INTO records (entity_id, type, date, natural_key, source, data, created_at)
         VALUES (?, 'penalty', '2026-03-01', 'penalty:2026-03-01:没收', 'old', ?, ?)`,
      )
      .run(idOf(A), JSON.stringify({ penaltyKinds: ['没收'], fine: null }), AT);
    const g = grade();
    const penalty = g.get(A)!.lines.find((l) => l.kind === 'indicator')!;
    expect(penalty.points).toBe(-60);
    expect(JSON.stringify(g.get(A)!.lines)).toContain('没收违法所得');
  });
});
