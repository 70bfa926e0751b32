/**
 * annual_report_missing counts a report year only where that year's annual reports were loaded — the
 * coverage rule of grading, asked of the grading engine itself (grading-probe.ts).
 */
import { describe, expect, it } from 'vitest';
import { compileModel, type CreditFile, getBuiltinModel } from '../grading/index.ts';
import { builtinMonitoringRuleSet, evaluateMonitoring, monitoringFactsFromCreditFiles } from './index.ts';

const AS_OF = '2026-11-30';
/** Deadlines (30 June of the next year) in the three years before AS_OF. */
const DUE_YEARS = [2023, 2024, 2025];

function file(
  id: string,
  covered: number[] | null,
  reported: number[] = [],
  over: Partial<CreditFile['entity']> = {},
) {
  return {
    id,
    entity: { kind: 'enterprise', establishedOn: '2010-05-01', ...over },
    records: reported.map((year) => ({
      type: 'annual_report' as const,
      date: `${year + 1}-09-01`,
      year,
      onTime: false,
    })),
    coverage: covered === null ? null : { annualReports: covered },
  } satisfies CreditFile;
}

const warned = (files: CreditFile[]) => {
  const set = builtinMonitoringRuleSet();
  return evaluateMonitoring(monitoringFactsFromCreditFiles(files, AS_OF, set), set)
    .filter((w) => w.rule === 'annual_report_missing')
    .map((w) => w.subject.key);
};

describe('annual_report_missing across coverage', () => {
  const cases: { covered: number[] | null; reported?: number[]; fires: boolean }[] = [
    { covered: null, fires: false }, // nothing loaded: no report is missing
    { covered: [], fires: false },
    { covered: [2025], fires: false }, // one loaded year: one missing year
    { covered: [2024, 2025], fires: true },
    { covered: [2023, 2025], fires: false }, // two missing years with an unknown year between
    { covered: [2021, 2022], fires: false }, // loaded, but before the window
    { covered: DUE_YEARS, reported: [2024], fires: false }, // a late report is a report
    { covered: DUE_YEARS, reported: [2023], fires: true },
  ];
  for (const [i, c] of cases.entries()) {
    it(`coverage ${JSON.stringify(c.covered)}, reports ${JSON.stringify(c.reported ?? [])}`, () => {
      expect(warned([file(`E${i}`, c.covered, c.reported)])).toEqual(c.fires ? [`E${i}`] : []);
    });
  }

  it('finds the same missing years as the county grading model does', () => {
    const samr = getBuiltinModel('samr-risk')!;
    const grade = compileModel(samr);
    const subsets = Array.from({ length: 8 }, (_, mask) => DUE_YEARS.filter((_, k) => mask & (1 << k)));
    for (const covered of subsets) {
      for (const reported of subsets) {
        const f = file('E', covered, reported);
        // samr-risk's annual-report indicator counts late reports and missing years; only missing ones here.
        const line = grade(f, AS_OF).breakdown.find((l) => l.indicator === 'annual-report');
        const gradingMissing = (line?.evidence ?? []).filter((e) => e.type === 'derived').length;
        const expectedMissing = covered.filter((y) => !reported.includes(y)).length;
        expect(gradingMissing).toBe(expectedMissing);
        const consecutive = covered.some(
          (y) => covered.includes(y + 1) && !reported.includes(y) && !reported.includes(y + 1),
        );
        expect(warned([f]), JSON.stringify({ covered, reported })).toEqual(consecutive ? ['E'] : []);
      }
    }
  });

  it('does not count years before the entity existed', () => {
    expect(warned([file('E', DUE_YEARS, [], { establishedOn: '2024-12-31' })])).toEqual(['E']);
    expect(warned([file('E', DUE_YEARS, [], { establishedOn: '2025-01-01' })])).toEqual([]);
  });
});
