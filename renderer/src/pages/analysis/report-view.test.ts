import { describe, expect, it } from 'vitest';
import { parseReportView, quarterOf, reportViewHash } from './report-view.ts';

describe('the 统计报表 view in the address', () => {
  it('reads back what it wrote, and writes nothing for the defaults', () => {
    const view = {
      runId: 12,
      measure: 'share' as const,
      rankBy: 'section' as const,
      minGroupSize: 50,
      from: '2026-01-01',
      to: '2026-06-30',
    };
    expect(parseReportView(reportViewHash(view))).toEqual(view);
    expect(reportViewHash(parseReportView('#/reports'))).toBe('#/reports');
  });

  it('falls back to the defaults for values it does not know', () => {
    expect(parseReportView('#/reports?run=-3&measure=pie&rank=kind&min=0&from=2026-1-1&to=x')).toEqual(
      parseReportView('#/reports'),
    );
    expect(parseReportView('#/reports?min=1000000').minGroupSize).toBe(30);
  });

  it('knows the quarter of a date', () => {
    expect(quarterOf('2026-12-03')).toEqual({ year: 2026, quarter: 4 });
    expect(quarterOf('2026-01-01')).toEqual({ year: 2026, quarter: 1 });
    expect(quarterOf('2026-06-30')).toEqual({ year: 2026, quarter: 2 });
    expect(quarterOf('2026-07-01')).toEqual({ year: 2026, quarter: 3 });
  });
});
