import { strToU8 } from 'fflate';
import { describe, expect, it } from 'vitest';
import { CellCounter, isWorksheetPart } from './cell-counter.ts';

describe('CellCounter', () => {
  it('counts <c> and <row> tags only, wherever the chunks split them', () => {
    // <col>, <cx>, <rows> are other tags; a self-closed <c/> and a newline after the name count.
    const xml = strToU8('<row><c r="A1"/><c>1</c><col/><cx/><row/><rows></rows></row><c\n>');
    for (let size = 1; size <= 9; size++) {
      const c = new CellCounter();
      for (let i = 0; i < xml.length; i += size) c.push(xml.subarray(i, i + size));
      expect([c.cells, c.rows], `chunks of ${size}`).toEqual([3, 2]);
    }
  });

  it('knows the worksheet parts of an .xlsx', () => {
    expect(isWorksheetPart('xl/worksheets/sheet1.xml')).toBe(true);
    expect(isWorksheetPart('xl/worksheets/_rels/sheet1.xml.rels')).toBe(false);
    expect(isWorksheetPart('xl/sharedStrings.xml')).toBe(false);
  });
});
