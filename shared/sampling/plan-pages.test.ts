import { describe, expect, it } from 'vitest';
import {
  bandMm,
  linesFor,
  PLAN_PRINT,
  paginate,
  type PrintRow,
  rowHeightMm,
  rowLines,
  textWidth,
} from './plan-pages.ts';

const row = (i: number, over: Partial<PrintRow> = {}): PrintRow => ({
  name: `示范县第${i}号农产品经营部`,
  address: '示范县城关镇人民路128号',
  phone: '13912345678',
  team: ['张伟', '李娜'],
  ...over,
});

describe('pages of the printed plan', () => {
  it('measures CJK text as full width and Latin text narrower', () => {
    expect(textWidth('抽查计划')).toBe(4);
    expect(textWidth('13912345678')).toBeCloseTo(6.6);
    expect(linesFor('', 18)).toBe(1);
    expect(linesFor('一'.repeat(19), 18)).toBe(2);
    // Name and address each take at least a line; a long address wraps; one inspector a line.
    expect(rowLines(row(1))).toBe(2);
    expect(rowLines(row(1, { address: '示'.repeat(40) }))).toBe(4);
    expect(rowLines(row(1, { address: null, phone: null }))).toBe(2);
    expect(rowLines(row(1, { team: ['欧阳明月', '司马长风', '诸葛青云'] }))).toBe(3);
    expect(rowLines(row(1, { team: ['买买提·艾力江', '李娜'] }))).toBe(3);
  });

  it('puts every row on exactly one page, in order, with no page fuller than its band', () => {
    const rows = Array.from({ length: 342 }, (_, i) =>
      row(i + 1, i % 7 === 0 ? { address: `示范县${'长'.repeat(i % 40)}路 ${i} 号` } : {}),
    );
    const pages = paginate(rows, (r) => rowHeightMm(r));
    expect(pages.flat()).toEqual(rows);
    pages.forEach((p, i) => {
      const used = p.reduce((n, r) => n + rowHeightMm(r), 0);
      expect(used).toBeLessThanOrEqual(bandMm(i === 0, i === pages.length - 1));
      expect(p.length).toBeGreaterThan(0);
    });
    // Pages are filled: each one (but the last) could not take the next row.
    for (let i = 0; i < pages.length - 1; i++) {
      const used = pages[i]!.reduce((n, r) => n + rowHeightMm(r), 0);
      expect(used + rowHeightMm(pages[i + 1]![0]!)).toBeGreaterThan(bandMm(i === 0, false));
    }
  });

  it('moves rows to one more page when the closing note would not fit, and prints an empty plan on one page', () => {
    const h = rowHeightMm(row(1));
    const perFirstPage = Math.floor(bandMm(true, false) / h);
    const rows = Array.from({ length: perFirstPage }, (_, i) => row(i));
    const pages = paginate(rows, (r) => rowHeightMm(r));
    expect(perFirstPage * h).toBeGreaterThan(bandMm(true, true));
    expect(pages).toHaveLength(2);
    expect(pages.flat()).toEqual(rows);
    expect(pages[1]!.length * h).toBeLessThanOrEqual(bandMm(false, true));
    expect(paginate([], () => 1)).toEqual([[]]);
    // A single row too tall for the last band gets a page; the closing note one of its own.
    const tall = paginate([1], () => bandMm(true, false) - 1);
    expect(tall).toEqual([[1], []]);
  });

  it('keeps the layout inside an A4 page', () => {
    const c = PLAN_PRINT.columnsMm;
    expect(c.position + c.code + c.entity + c.phone + c.team + c.signature + c.date).toBe(
      PLAN_PRINT.pageWidthMm,
    );
    expect(bandMm(true, true)).toBeGreaterThan(10 * rowHeightMm(row(1)));
  });
});
