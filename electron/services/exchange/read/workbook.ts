/**
 * Workbooks through SheetJS (the maintained CE build 0.20.3, see docs/exchange-reading.md). Options are
 * the safe minimum: values only (no formulas, styles, HTML, VBA or embedded files), dense sheets (one
 * array per row, much less memory than cell-address keys), and a row cap passed to SheetJS itself.
 * Cells are copied out row by row and the SheetJS row is released at once, so peak memory is one copy
 * plus one row, not two copies.
 */
import * as XLSX from 'xlsx';
import * as cpexcel from 'xlsx/dist/cpexcel.full.mjs';
import type { Cell } from '../../../../shared/exchange/index.ts';
import { fail, MSG } from './messages.ts';
import type { ReadError, ReadLimits, SheetData } from './types.ts';

// Code pages for BIFF5 and older files (GBK = 936) and for files that declare one.
XLSX.set_cptable(cpexcel);

export interface WorkbookRead {
  ok: true;
  date1904: boolean;
  sheets: SheetData[];
  warnings: string[];
  /** SheetJS's own idea of the file type (biff5/biff8/xlsx/ods/…) for diagnostics. */
  bookType: string | undefined;
}

function pad(n: number): string {
  return String(n).padStart(2, '0');
}

/** A Date cell as shown: 'YYYY-MM-DD' at midnight, else with the time. SheetJS builds dates in UTC here. */
function dateText(d: Date): string | null {
  if (Number.isNaN(d.getTime())) return null;
  const day = `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;
  const h = d.getUTCHours();
  const m = d.getUTCMinutes();
  const s = d.getUTCSeconds();
  return h === 0 && m === 0 && s === 0 ? day : `${day} ${pad(h)}:${pad(m)}:${pad(s)}`;
}

function cellValue(c: XLSX.CellObject | undefined): Cell {
  if (!c) return null;
  switch (c.t) {
    case 's':
      return typeof c.v === 'string' ? c.v : c.v === undefined ? null : String(c.v);
    case 'n':
      return typeof c.v === 'number' && Number.isFinite(c.v) ? c.v : null;
    case 'b':
      return typeof c.v === 'boolean' ? c.v : null;
    case 'd':
      return c.v instanceof Date ? dateText(c.v) : typeof c.v === 'string' ? c.v : null;
    default:
      // 'e' (#N/A, #DIV/0! …) and 'z' (stub) carry no value.
      return null;
  }
}

function isWorksheet(ws: XLSX.WorkSheet | undefined): ws is XLSX.WorkSheet {
  // The typings only know 'sheet' and 'chart'; at run time SheetJS also marks macro and dialog sheets.
  const type: string | undefined = ws?.['!type'];
  return ws !== undefined && (type === undefined || type === 'sheet');
}

/**
 * One row's values with trailing empties dropped; null when a value lies beyond `maxColumns`. A damaged
 * file can put a cell at column 2^30: such a row is a sparse array, so its present cells are listed
 * instead of looping over a billion holes.
 */
function copyRow(src: (XLSX.CellObject | undefined)[], maxColumns: number): Cell[] | null {
  if (src.length > maxColumns) {
    const out: Cell[] = [];
    for (const key of Object.keys(src)) {
      const c = Number(key);
      const v = cellValue(src[c]);
      if (v === null || v === '') continue;
      if (c >= maxColumns) return null;
      while (out.length < c) out.push(null);
      out[c] = v;
    }
    return out;
  }
  let last = -1;
  const out: Cell[] = new Array(src.length);
  for (let c = 0; c < src.length; c++) {
    const v = cellValue(src[c]);
    out[c] = v;
    if (v !== null && v !== '') last = c;
  }
  out.length = last + 1;
  return out;
}

export interface WorkbookOptions {
  limits: ReadLimits;
  sheets?: readonly string[] | undefined;
  previewRows?: number | undefined;
}

export function readWorkbook(bytes: Uint8Array, opts: WorkbookOptions): WorkbookRead | ReadError {
  const { limits } = opts;
  const rowCap = Math.min(limits.maxRows, opts.previewRows ?? Number.POSITIVE_INFINITY);
  let wb: XLSX.WorkBook;
  try {
    wb = XLSX.read(bytes, {
      type: 'array',
      dense: true,
      cellDates: false,
      cellFormula: false,
      cellHTML: false,
      cellNF: false,
      cellStyles: false,
      cellText: false,
      sheetStubs: false,
      bookVBA: false,
      bookFiles: false,
      bookDeps: false,
      WTF: false,
      // One row more than allowed so that “too many rows” can be told apart from “exactly the limit”.
      sheetRows: rowCap + 1,
      ...(opts.sheets ? { sheets: [...opts.sheets] } : {}),
    });
  } catch (e) {
    const detail = e instanceof Error ? e.message : String(e);
    if (/password|encrypt|protected/i.test(detail)) return fail('encrypted', MSG.encrypted);
    if (/unsupported|not supported|unrecognized/i.test(detail))
      return fail('unsupported', MSG.unsupported(''));
    return fail('corrupt', MSG.corrupt(detail.slice(0, 120)));
  }
  const date1904 = wb.Workbook?.WBProps?.date1904 === true;
  const hiddenFlags = new Map((wb.Workbook?.Sheets ?? []).map((s) => [s.name, (s.Hidden ?? 0) !== 0]));
  const sheets: SheetData[] = [];
  const warnings: string[] = [];
  let skipped = 0;
  const damaged: string[] = [];
  for (const name of wb.SheetNames) {
    if (opts.sheets && !opts.sheets.includes(name)) continue;
    const ws = wb.Sheets[name];
    // SheetJS leaves out a sheet it could not parse (e.g. a cell pointing past the shared-string table).
    if (ws === undefined) {
      damaged.push(name);
      continue;
    }
    if (!isWorksheet(ws)) {
      skipped++;
      continue;
    }
    const data = (ws['!data'] ?? []) as (XLSX.CellObject[] | undefined)[];
    if (data.length > rowCap && opts.previewRows === undefined) {
      return fail('too-many-rows', MSG.tooManyRows(name, limits.maxRows));
    }
    const n = Math.min(data.length, rowCap);
    const rows: Cell[][] = new Array(n);
    let columnCount = 0;
    for (let r = 0; r < n; r++) {
      const src = data[r];
      data[r] = undefined; // release SheetJS's copy of the row as soon as ours exists
      if (!src) {
        rows[r] = [];
        continue;
      }
      const out = copyRow(src, limits.maxColumns);
      if (out === null) return fail('too-many-columns', MSG.tooManyColumns(name, limits.maxColumns));
      if (out.length > columnCount) columnCount = out.length;
      rows[r] = out;
    }
    while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
    sheets.push({ name, hidden: hiddenFlags.get(name) ?? false, rows, columnCount });
  }
  if (skipped > 0) warnings.push(`已忽略 ${skipped} 个图表、宏表或对话框工作表`);
  if (damaged.length > 0 && sheets.length === 0) return fail('corrupt', MSG.damagedSheet(damaged[0]!));
  for (const name of damaged) warnings.push(MSG.damagedSheet(name));
  if (sheets.length === 0 && wb.SheetNames.length > 0 && skipped === wb.SheetNames.length) {
    return fail('corrupt', MSG.noSheets);
  }
  return { ok: true, date1904, sheets, warnings, bookType: (wb as { bookType?: string }).bookType };
}
