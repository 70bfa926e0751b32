import { describe, expect, it } from 'vitest';
import { type NormalizedRow, normalizeRow, detectHeader } from '../../../../shared/exchange/index.ts';
import { CompactRows } from './compact-rows.ts';

describe('CompactRows', () => {
  it('gives back every kept row exactly as normalizeRow made it, issues included', () => {
    const rows = [
      ['统一社会信用代码', '企业名称', '成立日期', '注册资本'],
      ['91330100716105852F', '恒达商贸有限公司', '2015-03-02', '51.8000(万元人民币)'],
      ['9.13301E+17', '坏代码公司', '2021-02-30', ''],
      ['92330102MA2GXXXX1X', '李四便利店', 43000, '1,428万元'],
    ];
    const det = detectHeader(rows, 'entities');
    expect(det.found).toBe(true);
    const made: { r: number; n: NormalizedRow }[] = [];
    const kept = new CompactRows();
    for (let r = det.dataStart; r < rows.length; r++) {
      const n = normalizeRow('entities', rows[r]!, det.columns, r);
      made.push({ r, n });
      kept.push(r, n);
    }
    expect(made.some(({ n }) => n.hasErrors)).toBe(true);
    expect(kept.length).toBe(made.length);
    for (let i = 0; i < made.length; i++) {
      expect(kept.rowIndex(i)).toBe(made[i]!.r);
      expect(kept.row(i)).toEqual(made[i]);
    }
  });

  it('keeps a field that only later rows have, absent (not null) in the earlier ones', () => {
    const base = { longTerm: [], issues: [], hasErrors: false, blank: false };
    const kept = new CompactRows();
    kept.push(3, { ...base, row: 4, values: { name: '甲' } });
    kept.push(4, { ...base, row: 5, values: { name: '乙', kind: 'enterprise' } });
    kept.push(6, { ...base, row: 7, values: { name: null } });
    const longTerm = { ...base, row: 9, values: { certExpiry: null }, longTerm: ['certExpiry'] };
    kept.push(8, longTerm);
    expect(kept.row(0).n.values).toStrictEqual({ name: '甲' });
    expect(kept.row(1).n.values).toStrictEqual({ name: '乙', kind: 'enterprise' });
    expect(kept.row(2)).toEqual({ r: 6, n: { ...base, row: 7, values: { name: null } } });
    expect('kind' in kept.row(2).n.values).toBe(false);
    expect(kept.row(3)).toEqual({ r: 8, n: longTerm });
  });
});
