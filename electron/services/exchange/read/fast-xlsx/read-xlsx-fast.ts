/**
 * The streaming fast path for the common .xlsx (issue 18): the zip is walked with the guard's own
 * checks (directory, declared sizes and ratios, each part's real inflated size against the archive's
 * budget), and the parts the import needs are parsed while they inflate — the shared strings into an
 * array, each worksheet straight into rows — so no whole-workbook model is ever built. Parts it does
 * not need are inflated and counted like the guard does, so a bomb hidden anywhere is still refused.
 *
 * The result is the rows SheetJS's values-only read gives (the comparison tests check it cell by cell).
 * Anything unusual throws Declined and the caller reads the file with SheetJS as before.
 *
 * With a hand-off (streamed/, a workbook of one worksheet only), the sheet's rows are handed out
 * as they become final instead of being kept, and the result's sheet holds none: an import in another
 * thread can take them while the rest of the sheet still inflates. The result (ok, or why not) comes
 * only at the end, after every check, exactly as without.
 */
import type { Cell } from '../../../../../shared/exchange/index.ts';
import { CellCounter, isWorksheetPart } from '../cell-counter.ts';
import { fail, MSG, zipRefusal } from '../messages.ts';
import type { ReadLimits, ReadOptions, ReadResult, SheetData } from '../types.ts';
import {
  checkDeclared,
  type ChunkSink,
  inflateChecked,
  readDirectory,
  type ZipEntryInfo,
} from '../zip-guard.ts';
import { Declined, decline, Refused } from './declined.ts';
import { readWorkbookMap, type SheetRef } from './package-parts.ts';
import { sharedStringsSink } from './shared-strings.ts';
import { type CellBudget, SheetRows } from './sheet-rows.ts';
import { WholeText } from './text-units.ts';

/** Control parts (workbook, relationships) are read whole; a bigger one is not the common case. */
const CONTROL_PART_MAX = 16 * 1024 * 1024;

export type FastRead = ReadResult | { declined: string };

class Archive {
  private readonly byName = new Map<string, ZipEntryInfo>();
  private readonly done = new Set<ZipEntryInfo>();
  private inflated = 0;
  private readonly bytes: Uint8Array;
  private readonly limits: ReadLimits;
  readonly entries: readonly ZipEntryInfo[];

  constructor(bytes: Uint8Array, entries: readonly ZipEntryInfo[], limits: ReadLimits) {
    this.bytes = bytes;
    this.entries = entries;
    this.limits = limits;
    for (const e of entries) this.byName.set(e.name.toLowerCase(), e);
  }

  find(name: string): ZipEntryInfo | undefined {
    return this.byName.get(name.toLowerCase());
  }

  isDone(e: ZipEntryInfo): boolean {
    return this.done.has(e);
  }

  /** Inflates one entry into `sink` under the guard's rules; a refusal ends the read. */
  inflate(e: ZipEntryInfo, sink: ChunkSink | null): void {
    const r = inflateChecked(this.bytes, e, this.limits, this.inflated, sink);
    if (!r.ok) throw new Refused(zipRefusal(r, this.bytes.length, this.limits.maxFileBytes));
    this.inflated += r.size;
    this.done.add(e);
  }

  text(name: string): string | null {
    const e = this.find(name);
    if (!e) return null;
    if (e.uncompressedSize > CONTROL_PART_MAX) decline(`「${e.name}」过大`);
    const sink = new WholeText();
    this.inflate(e, sink);
    return sink.text();
  }
}

function readSharedStrings(zip: Archive, part: string | null): string[] {
  const strings: string[] = [];
  if (part === null) return strings;
  const e = zip.find(part);
  if (!e) decline('缺少共享字符串部件');
  const sink = sharedStringsSink(strings);
  zip.inflate(e, sink);
  sink.end();
  return strings;
}

/** Where a streamed read hands out what it reads (a workbook of one worksheet only). */
export interface RowsHandOff {
  /** The one worksheet and the date system, before any row. */
  workbook(sheet: { name: string; hidden: boolean }, date1904: boolean): void;
  /**
   * Rows that no later cell can change, in order (from: the first one's index), with the rows the
   * sheet announces (0 when unknown).
   */
  rows(from: number, rows: Cell[][], expected: number): void;
}

function readParts(
  bytes: Uint8Array,
  opts: ReadOptions,
  limits: ReadLimits,
  handOff?: RowsHandOff,
): ReadResult {
  const dir = readDirectory(bytes, limits);
  if (!dir.ok) return zipRefusal(dir, bytes.length, limits.maxFileBytes);
  const declared = checkDeclared(dir, limits);
  if (declared) return zipRefusal(declared, bytes.length, limits.maxFileBytes);
  const zip = new Archive(bytes, dir.entries, limits);
  if (!zip.find('[Content_Types].xml')) decline('缺少 [Content_Types].xml');
  const map = readWorkbookMap((name) => zip.text(name));
  const wanted = map.sheets.filter((s) => !opts.sheets || opts.sheets.includes(s.name));
  if (wanted.length === 0) decline('没有所选的工作表');
  if (handOff) {
    if (wanted.length !== 1 || wanted[0]!.kind !== 'worksheet') decline('不止一个工作表');
    handOff.workbook({ name: wanted[0]!.name, hidden: wanted[0]!.hidden }, map.date1904);
  }
  const strings = readSharedStrings(zip, map.sharedStrings);

  const rowCap = Math.min(limits.maxRows, opts.previewRows ?? Number.POSITIVE_INFINITY);
  const budget: CellBudget = { cells: 0, rows: 0, maxCells: limits.maxCells, expectedRows: 0 };
  const readers = new Map<string, { sheet: SheetRef; rows: SheetRows }>();
  for (const sheet of wanted) {
    if (sheet.kind !== 'worksheet') continue;
    const e = zip.find(sheet.part);
    if (!e) decline(`缺少工作表「${sheet.name}」的部件`);
    if (readers.has(e.name)) decline('两个工作表指向同一部件');
    const rows = new SheetRows(
      strings,
      {
        rowCap,
        preview: opts.previewRows !== undefined,
        maxColumns: limits.maxColumns,
        pool: handOff === undefined,
      },
      budget,
      // Rows of every sheet read so far: the progress counts the workbook, not one sheet.
      () => {
        const expected = budget.expectedRows > 0 ? Math.max(budget.rows, budget.expectedRows) : 0;
        opts.onProgress?.(budget.rows, expected);
        const finished = handOff ? rows.takeFinished() : null;
        if (finished) handOff!.rows(finished.from, finished.rows, expected);
      },
    );
    readers.set(e.name, { sheet, rows });
  }
  const counter = new CellCounter();
  for (const e of zip.entries) {
    if (zip.isDone(e)) continue;
    const reader = readers.get(e.name);
    if (reader) {
      zip.inflate(e, reader.rows.sink);
      reader.rows.sink.end();
    } else zip.inflate(e, isWorksheetPart(e.name) ? counter : null);
  }
  budget.cells += counter.cells;
  budget.rows += counter.rows;
  if (budget.cells > limits.maxCells)
    return fail('too-large', MSG.tooManyCells(budget.cells, budget.rows, limits.maxCells));

  const sheets: SheetData[] = [];
  let skipped = 0;
  for (const sheet of wanted) {
    if (sheet.kind === 'chartsheet') {
      skipped++;
      continue;
    }
    const reader = [...readers.values()].find((r) => r.sheet === sheet)!;
    const r = reader.rows.result();
    if (r.over === 'rows') return fail('too-many-rows', MSG.tooManyRows(sheet.name, limits.maxRows));
    if (r.over === 'columns')
      return fail('too-many-columns', MSG.tooManyColumns(sheet.name, limits.maxColumns));
    // Streamed: the last rows go the way of the others, and the result holds none.
    if (handOff) handOff.rows(r.from, r.rows, budget.expectedRows);
    const rows = handOff ? [] : r.rows;
    sheets.push({ name: sheet.name, hidden: sheet.hidden, rows, columnCount: r.columnCount });
  }
  if (sheets.length === 0) return fail('corrupt', MSG.noSheets);
  const warnings = skipped > 0 ? [`已忽略 ${skipped} 个图表、宏表或对话框工作表`] : [];
  return { ok: true, format: 'xlsx', date1904: map.date1904, sheets, warnings, fastPath: 'used' };
}

/** Reads a well-formed .xlsx streaming, or says why it leaves the file to SheetJS. Never throws. */
export function readXlsxFast(
  bytes: Uint8Array,
  opts: ReadOptions,
  limits: ReadLimits,
  handOff?: RowsHandOff,
): FastRead {
  try {
    return readParts(bytes, opts, limits, handOff);
  } catch (e) {
    if (e instanceof Declined) return { declined: e.reason };
    if (e instanceof Refused) return e.error;
    throw e;
  }
}
