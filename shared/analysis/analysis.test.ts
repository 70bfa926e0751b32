import { describe, expect, it } from 'vitest';
import { median, shareOf } from './figures.ts';
import { addPublished, disposalColumn, emptyOutcome, resultColumn } from './inspection-outcome.ts';
import { previousQuarter, quarterOf } from './quarter.ts';

describe('quarters', () => {
  it('spans the right months and names them', () => {
    expect(quarterOf(2026, 1)).toMatchObject({ from: '2026-01-01', to: '2026-03-31' });
    expect(quarterOf(2026, 2)).toMatchObject({ from: '2026-04-01', to: '2026-06-30' });
    expect(quarterOf(2026, 3)).toMatchObject({ from: '2026-07-01', to: '2026-09-30' });
    expect(quarterOf(2026, 4).label).toBe('2026年第4季度（2026-10-01至2026-12-31）');
    expect(previousQuarter({ year: 2027, quarter: 1 })).toMatchObject({
      from: '2026-10-01',
      to: '2026-12-31',
    });
    expect(() => quarterOf(2026, 5)).toThrow();
  });
});

describe('figures', () => {
  it('shares over zero are null, medians of even lists average the middle pair', () => {
    expect(shareOf(1, 3)).toBe(0.3333);
    expect(shareOf(1, 0)).toBeNull();
    expect(median([])).toBeNull();
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
  });
});

describe('production columns of one result', () => {
  it('puts each result in one 检查结果 column, a pending problem first', () => {
    expect(resultColumn(['1'])).toBe('none');
    expect(resultColumn(['8', 'A', 'B'])).toBe('pending');
    expect(resultColumn(['8', 'E'])).toBe('refused');
    expect(resultColumn(['E', '7'])).toBe('corrected');
    expect(resultColumn(['12'])).toBe('gone');
    expect(resultColumn(['F'])).toBe('noActivity');
  });
  it('reads 后续处置 from the usual wording', () => {
    expect(disposalColumn(null)).toBe('none');
    expect(disposalColumn('未发现问题或相关问题已规范、已改正，无需后续处置')).toBe('none');
    expect(disposalColumn('发现案件线索，移送办案机构依法依规处理')).toBe('caseTransfer');
    expect(disposalColumn('违反其他部门相关规定，抄告相关部门')).toBe('notified');
    expect(disposalColumn('违反本部门相关规定，责令改正；后续跟踪由日常监管部门负责')).toBe(
      'dailySupervision',
    );
    expect(disposalColumn('责令其公示未公示信息')).toBe('ordered');
    expect(disposalColumn('约谈')).toBe('other');
  });
  it('counts a bare A as 其他工商 and a pending result without follow-up as not concluded', () => {
    const o = emptyOutcome();
    addPublished(o, ['A'], null, 2);
    addPublished(o, ['A', 'B', '3'], '责令其公示未公示信息', 1);
    addPublished(o, ['1'], null, 4);
    expect(o.results).toMatchObject({ pending: 3, none: 4 });
    expect(o.problems).toMatchObject({ subtotal: 3, market: 3, otherMarket: 2, notDisclosed: 1, food: 1 });
    expect(o.disposal).toMatchObject({ none: 6, ordered: 1 });
    expect(o.concluded).toBe(5);
  });
});
