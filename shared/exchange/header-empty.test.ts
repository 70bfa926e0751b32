/** What "no header" says when the sheet is empty or starts with blank rows (issue 15 item 7). */
import { describe, expect, it } from 'vitest';
import { detectHeader, HEADER_SCAN_ROWS } from './header.ts';
import type { Cell } from './types.ts';

describe('no header found', () => {
  it('an empty sheet is called empty, not "none of the first 0 rows"', () => {
    for (const rows of [[], [[]], [[null, ''], []]] as Cell[][][]) {
      const d = detectHeader(rows, 'entities');
      expect(d.found).toBe(false);
      expect(d.message).toMatch(/^未找到表头：工作表是空的/);
      expect(d.message).not.toMatch(/前 \d+ 行/);
    }
  });

  it('a sheet whose scanned rows are all blank says so', () => {
    const rows: Cell[][] = [
      ...Array.from({ length: HEADER_SCAN_ROWS + 5 }, () => []),
      ['企业名称', '统一社会信用代码'],
    ];
    const d = detectHeader(rows, 'entities');
    expect(d.found).toBe(false);
    expect(d.message).toMatch(`前 ${HEADER_SCAN_ROWS} 行都是空行`);
  });

  it('a sheet with content but no known column names still names the columns it looked for', () => {
    const d = detectHeader([['产品', '数量']], 'entities');
    expect(d.message).toMatch(/前 1 行中没有一行包含「/);
  });
});
