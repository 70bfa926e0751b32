/**
 * Data never loaded is not a violation: a report year without an `annual_report` record counts as
 * missing only where that year's annual reports were loaded (`CreditFile.coverage`).
 */
import { describe, expect, it } from 'vitest';
import { ENTITY_KINDS } from '../domain/entity.ts';
import { builtinModels, compileModel, type CreditFile, type GradingCoverage } from './index.ts';

const AS_OF = '2026-10-31';
const empty = (kind: CreditFile['entity']['kind'], coverage?: GradingCoverage): CreditFile => ({
  id: 'E',
  entity: { kind },
  records: [],
  ...(coverage ? { coverage } : {}),
});

describe('coverage of annual reports', () => {
  for (const model of builtinModels()) {
    const grade = compileModel(model);
    const bulk = compileModel(model, { explain: false });
    it(`${model.id}: an entity with no records scores the full base when no report year was loaded`, () => {
      for (const kind of ENTITY_KINDS) {
        if (model.entityKinds && !model.entityKinds.includes(kind)) continue;
        for (const coverage of [undefined, { annualReports: [] }, { annualReports: [2010, 2011] }]) {
          const r = grade(empty(kind, coverage), AS_OF);
          expect(r.score).toBe(model.base);
          expect(bulk(empty(kind, coverage), AS_OF).score).toBe(model.base);
          expect(r.breakdown.reduce((s, l) => s + l.points, 0)).toBe(model.base);
        }
      }
      // With the years loaded, the same empty file has three missing reports.
      const loaded = grade(empty('enterprise', { annualReports: [2023, 2024, 2025] }), AS_OF);
      expect(loaded.score).toBeLessThan(model.base);
      expect(loaded.breakdown.some((l) => l.indicator === 'not-loaded')).toBe(false);
    });
  }

  const samr = builtinModels().find((m) => m.id === 'samr-risk')!;
  const grade = compileModel(samr);

  it('names each year not loaded in a zero-point line and counts only the loaded ones', () => {
    const r = grade(empty('individual', { annualReports: [2025] }), AS_OF);
    expect(r.score).toBe(970);
    expect(r.breakdown.map((l) => [l.indicator, l.label, l.points])).toEqual([
      ['base', '基础分', 1000],
      ['annual-report', '近 3 年内年度报告逾期或未报', -30],
      ['not-loaded', '2023 年度年报数据未导入，未计', 0],
      ['not-loaded', '2024 年度年报数据未导入，未计', 0],
    ]);
  });

  it('a report on file counts whether or not its year was loaded (a late report is not absence)', () => {
    const file: CreditFile = {
      id: 'E',
      entity: { kind: 'enterprise', establishedOn: '2010-01-01' },
      records: [{ type: 'annual_report', date: '2025-09-01', year: 2024, onTime: false }],
    };
    const r = grade(file, AS_OF);
    expect(r.score).toBe(970);
    expect(r.breakdown.filter((l) => l.indicator === 'not-loaded').map((l) => l.label)).toEqual([
      '2023 年度年报数据未导入，未计',
      '2025 年度年报数据未导入，未计',
    ]);
  });

  it('years the entity did not exist in are neither counted nor named', () => {
    const file: CreditFile = {
      id: 'E',
      entity: { kind: 'enterprise', establishedOn: '2025-03-01' },
      records: [],
    };
    expect(
      grade(file, AS_OF)
        .breakdown.filter((l) => l.indicator === 'not-loaded')
        .map((l) => l.label),
    ).toEqual(['2025 年度年报数据未导入，未计']);
  });

  it('files with different coverage, graded one after another and on other dates, each use their own', () => {
    const all = { annualReports: [2021, 2022, 2023, 2024, 2025] };
    const none = { annualReports: [] as number[] };
    // On 2023-10-31 the years due are 2020, 2021 and 2022; 2020 was not loaded.
    const seq: Array<[GradingCoverage, string, number]> = [
      [all, AS_OF, 910],
      [none, AS_OF, 1000],
      [all, AS_OF, 910],
      [all, '2023-10-31', 940],
      [none, '2023-10-31', 1000],
      [all, AS_OF, 910],
    ];
    const scores = seq.map(
      ([coverage, asOf]) =>
        grade(
          { id: 'E', entity: { kind: 'enterprise', establishedOn: '2010-01-01' }, records: [], coverage },
          asOf,
        ).score,
    );
    expect(scores).toEqual(seq.map(([, , score]) => score));
  });
});
