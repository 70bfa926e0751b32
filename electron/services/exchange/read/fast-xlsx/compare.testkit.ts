/**
 * For the tests: the same bytes through the streaming reader and through SheetJS (the values-only read
 * the import used before), and every difference between their rows, cell by cell, as readable lines.
 */
import type { Cell } from '../../../../../shared/exchange/index.ts';
import { DEFAULT_LIMITS } from '../limits.ts';
import type { ReadError, ReadLimits, ReadOk } from '../types.ts';
import { readWorkbook, type WorkbookRead } from '../workbook.ts';
import { type FastRead, readXlsxFast } from './read-xlsx-fast.ts';

export interface BothReads {
  fast: FastRead;
  sheetjs: WorkbookRead | ReadError;
}

export function readBoth(bytes: Uint8Array, limits: ReadLimits = DEFAULT_LIMITS): BothReads {
  return { fast: readXlsxFast(bytes, {}, limits), sheetjs: readWorkbook(bytes, { limits }) };
}

function column(c: number): string {
  let s = '';
  for (let n = c + 1; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function show(v: Cell | undefined): string {
  return v === undefined ? '(none)' : JSON.stringify(v);
}

/** Every way the fast read differs from SheetJS's; [] when they agree on every cell. */
export function differences(fast: ReadOk, sheetjs: WorkbookRead): string[] {
  const out: string[] = [];
  if (fast.date1904 !== sheetjs.date1904) out.push(`date1904: ${fast.date1904} vs ${sheetjs.date1904}`);
  if (fast.warnings.join('|') !== sheetjs.warnings.join('|'))
    out.push(`warnings: ${fast.warnings.join('|')} vs ${sheetjs.warnings.join('|')}`);
  const names = (s: { name: string; hidden: boolean }[]) =>
    s.map((x) => `${x.name}${x.hidden ? '(hidden)' : ''}`);
  if (names(fast.sheets).join('|') !== names(sheetjs.sheets).join('|'))
    out.push(`sheets: ${names(fast.sheets).join('|')} vs ${names(sheetjs.sheets).join('|')}`);
  for (let i = 0; i < Math.min(fast.sheets.length, sheetjs.sheets.length); i++) {
    const a = fast.sheets[i]!;
    const b = sheetjs.sheets[i]!;
    if (a.rows.length !== b.rows.length) out.push(`${a.name}: ${a.rows.length} rows vs ${b.rows.length}`);
    if (a.columnCount !== b.columnCount) out.push(`${a.name}: ${a.columnCount} columns vs ${b.columnCount}`);
    for (let r = 0; r < Math.max(a.rows.length, b.rows.length) && out.length < 50; r++) {
      const ra = a.rows[r] ?? [];
      const rb = b.rows[r] ?? [];
      if (ra.length !== rb.length) out.push(`${a.name}!${r + 1}: ${ra.length} cells vs ${rb.length}`);
      for (let c = 0; c < Math.max(ra.length, rb.length); c++) {
        if (!Object.is(ra[c], rb[c]))
          out.push(`${a.name}!${column(c)}${r + 1}: ${show(ra[c])} vs ${show(rb[c])}`);
      }
    }
  }
  return out;
}
