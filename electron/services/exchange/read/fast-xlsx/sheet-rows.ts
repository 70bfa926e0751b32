/**
 * One worksheet's cells, parsed as its XML streams out of the inflater, into the rows the import
 * pipeline takes (row 0 = Excel row 1, trailing empties dropped) — the same rows SheetJS's values-only
 * dense read gives. Rows and cells without an `r` attribute follow the previous one; a cell whose
 * reference names another row goes to that row, as in SheetJS. Values: shared strings, inline strings,
 * formula strings, numbers (dates stay serials, read with the workbook's date system), booleans;
 * errors are empty. Any other cell type declines to SheetJS.
 */
import type { Cell } from '../../../../../shared/exchange/index.ts';
import { decline } from './declined.ts';
import { itemText } from './rich-text.ts';
import { TextUnits } from './text-units.ts';
import { type CellTag, readCellTag } from './cell-tag.ts';
import { StringPool } from './string-pool.ts';
import { attr, xmlText } from './xml-text.ts';

/** Cells and rows of every worksheet together, against the workbook's cell limit. */
export interface CellBudget {
  cells: number;
  rows: number;
  readonly maxCells: number;
  /** Rows the sheets' `<dimension>` elements announce (0 when they do not): the progress's total. */
  expectedRows: number;
}

export interface SheetLimits {
  /** Rows kept: min(maxRows, previewRows). */
  rowCap: number;
  /** A preview stops quietly at rowCap; a full read past it is “too many rows”. */
  preview: boolean;
  maxColumns: number;
  /**
   * Keep one string per repeated short inline value (default). A streamed read leaves it to its batch
   * encoder, which numbers the same strings anyway (streamed/row-batch.ts).
   */
  pool?: boolean;
}

export interface SheetResult {
  /** The rows from `from` on (all of them unless some were taken with takeFinished). */
  rows: Cell[][];
  from: number;
  columnCount: number;
  /** A limit this sheet broke (reported after the workbook's cell count, as the old path does). */
  over: 'rows' | 'columns' | null;
}

function isNameEnd(code: number): boolean {
  return code === 0x20 || code === 0x3e || code === 0x2f || code === 0x09 || code === 0x0a || code === 0x0d;
}

function trimRow(out: Cell[]): void {
  let n = out.length;
  while (n > 0 && (out[n - 1] === null || out[n - 1] === '')) n--;
  out.length = n;
}

export class SheetRows {
  readonly sink: TextUnits;
  /** Rows from `base` on; the ones before were handed out by takeFinished. */
  private rows: Cell[][] = [];
  private base = 0;
  /** Widest row handed out so far. */
  private takenColumns = 0;
  private over: 'rows' | 'columns' | null = null;
  private rootSeen = false;
  /** 0-based index of the last row tag (SheetJS counts rows without `r` from it). */
  private lastRow = -1;
  /** The start tag of the cell being read (one object for all of them). */
  private readonly tag: CellTag = { col: -1, row: -1, type: undefined };
  /** Inline strings that repeat, kept once (null: not pooled here). */
  private readonly pool: StringPool | null;

  private readonly strings: readonly string[];
  private readonly limits: SheetLimits;
  private readonly budget: CellBudget;
  private readonly onRows: () => void;

  constructor(strings: readonly string[], limits: SheetLimits, budget: CellBudget, onRows: () => void) {
    this.strings = strings;
    this.limits = limits;
    this.budget = budget;
    this.onRows = onRows;
    this.pool = limits.pool === false ? null : new StringPool();
    this.sink = new TextUnits('</row>', (text, last) => this.segment(text, last));
  }

  result(): SheetResult {
    this.sink.end();
    const rows = this.rows;
    this.rows = [];
    let columnCount = this.takenColumns;
    for (let r = 0; r < rows.length; r++) {
      const row = rows[r];
      if (row === undefined) rows[r] = [];
      else if (row.length > columnCount) columnCount = row.length;
    }
    while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
    return { rows, from: this.base, columnCount, over: this.over };
  }

  /**
   * The rows no later cell can change any more (those before the last row tag read), handed out so a
   * reader in another thread can pass them on while the sheet still streams; blank rows as []. A later
   * cell naming a row already handed out declines (rows out of order: the caller reads the file whole).
   * The trailing blank rows result() drops are handed out as they come: the taker drops them at the end.
   */
  takeFinished(): { from: number; rows: Cell[][] } | null {
    const upTo = this.lastRow;
    if (upTo <= this.base || !this.keeping) return null;
    const taken = this.rows.splice(0, Math.min(upTo - this.base, this.rows.length));
    for (let r = 0; r < taken.length; r++) {
      const row = taken[r];
      if (row === undefined) taken[r] = [];
      else if (row.length > this.takenColumns) this.takenColumns = row.length;
    }
    while (taken.length < upTo - this.base) taken.push([]);
    const from = this.base;
    this.base = upTo;
    return { from, rows: taken };
  }

  /** Whether cells are still kept: not once the workbook is over its cell limit or this sheet over a limit. */
  private get keeping(): boolean {
    return this.over === null && this.budget.cells <= this.budget.maxCells;
  }

  private segment(text: string, last: boolean): void {
    if (!this.rootSeen) {
      if (text.includes('purl.oclc.org/ooxml')) decline('严格 OOXML（工作表）');
      if (!/<worksheet[\s>/]/.test(text)) decline('工作表的根元素不是 <worksheet>');
      this.rootSeen = true;
      const dimension = text.match(/<dimension\s+ref="[A-Z]+\d+:[A-Z]+(\d+)"/);
      if (dimension) this.budget.expectedRows += Number(dimension[1]);
    }
    let p = 0;
    for (;;) {
      const at = text.indexOf('<row', p);
      if (at < 0) break;
      if (!isNameEnd(text.charCodeAt(at + 4))) {
        p = at + 4;
        continue;
      }
      const tagEnd = text.indexOf('>', at);
      if (tagEnd < 0) decline('行标记不完整');
      this.budget.rows++;
      if (text.charCodeAt(tagEnd - 1) === 0x2f) {
        // An empty `<row/>` holds nothing and, as in SheetJS, does not move the count of rows without r.
        p = tagEnd + 1;
        continue;
      }
      const r = attr(text.slice(at + 4, tagEnd), 'r');
      const row = r === undefined ? this.lastRow + 1 : Number.parseInt(r, 10) - 1;
      if (!Number.isSafeInteger(row) || row < 0) decline('行号无效');
      this.lastRow = row;
      const close = text.indexOf('</row>', tagEnd);
      if (close < 0) decline('行不完整');
      this.cells(text, tagEnd + 1, close, row);
      p = close + 6;
    }
    if (!last) this.onRows();
  }

  private cells(text: string, from: number, to: number, row: number): void {
    let col = -1;
    let p = from;
    let current: Cell[] | undefined;
    let currentRow = -1;
    for (;;) {
      const at = text.indexOf('<c', p);
      if (at < 0 || at >= to) break;
      if (!isNameEnd(text.charCodeAt(at + 2))) {
        p = at + 2;
        continue;
      }
      this.budget.cells++;
      const tagEnd = text.indexOf('>', at);
      const tag = this.tag;
      readCellTag(text, at + 2, tagEnd, tag);
      let cellRow = row;
      if (tag.col < 0) col++;
      else {
        col = tag.col;
        cellRow = tag.row;
      }
      if (text.charCodeAt(tagEnd - 1) === 0x2f) {
        p = tagEnd + 1;
        continue; // an empty, styled cell: SheetJS keeps no stub either
      }
      const close = text.indexOf('</c>', tagEnd);
      if (close < 0 || close > to) decline('单元格不完整');
      p = close + 4;
      const value = this.value(text, tagEnd + 1, close, tag.type);
      if (value === undefined || !this.keeping) continue;
      if (cellRow >= this.limits.rowCap) {
        if (!this.limits.preview) this.over = 'rows';
        continue;
      }
      if (col >= this.limits.maxColumns) {
        // Beyond the limit an empty value is harmless (SheetJS's copy drops it too); a value is not.
        if (value !== null && value !== '') this.over = 'columns';
        continue;
      }
      if (cellRow !== currentRow) {
        if (current) trimRow(current);
        if (cellRow < this.base) decline('单元格写入已读过的行');
        current = this.rows[cellRow - this.base];
        if (current === undefined) {
          current = [];
          this.rows[cellRow - this.base] = current;
        }
        currentRow = cellRow;
      }
      const out = current!;
      while (out.length < col) out.push(null);
      out[col] = value;
    }
    if (current) trimRow(current);
    if (!this.keeping) this.rows = [];
  }

  /** The cell's value; undefined when SheetJS keeps no cell at all (no value and no type). */
  private value(text: string, from: number, to: number, type: string | undefined): Cell | undefined {
    // The usual cell has its value as first child: read in place, without cutting the cell out.
    if (type === 'inlineStr' && text.startsWith('<is><t>', from)) {
      // The plain inline string, `<is><t>text</t></is>`, as our exports and most writers give it.
      const t = text.indexOf('</t>', from + 7);
      if (t >= 0 && t <= to && text.startsWith('</is>', t + 4))
        return this.pool
          ? this.pool.share(xmlText(text.slice(from + 7, t)))
          : xmlText(text.slice(from + 7, t));
    }
    if (type === 'inlineStr' && text.startsWith('<is>', from)) {
      const close = text.indexOf('</is>', from + 4);
      if (close >= 0 && close <= to) return itemText(text, from + 4, close);
    } else if (type !== 'inlineStr' && text.startsWith('<v>', from)) {
      const close = text.indexOf('</v>', from + 3);
      if (close >= 0 && close <= to)
        return this.typed(close > from + 3 ? text.slice(from + 3, close) : undefined, type);
    }
    // Searched within the cell only: a search of the whole segment for a `<v` that this cell lacks
    // would make a sheet of such cells quadratic.
    const cell = text.slice(from, to);
    if (type === 'inlineStr') {
      const is = cell.indexOf('<is');
      if (is < 0 || !isNameEnd(cell.charCodeAt(is + 3))) return '';
      const open = cell.indexOf('>', is);
      if (cell.charCodeAt(open - 1) === 0x2f) return '';
      const close = cell.indexOf('</is>', open);
      return itemText(cell, open + 1, close < 0 ? cell.length : close);
    }
    let raw: string | undefined;
    const v = cell.indexOf('<v');
    if (v >= 0 && isNameEnd(cell.charCodeAt(v + 2))) {
      const open = cell.indexOf('>', v);
      if (cell.charCodeAt(open - 1) !== 0x2f) {
        const close = cell.indexOf('</v>', open);
        if (close < 0) decline('值不完整');
        if (close > open + 1) raw = cell.slice(open + 1, close);
      }
    }
    return this.typed(raw, type);
  }

  /** A cell's value from its `<v>` text (undefined when it has none) and its type. */
  private typed(raw: string | undefined, type: string | undefined): Cell | undefined {
    switch (type) {
      case undefined:
      case 'n': {
        if (raw === undefined) return undefined;
        const n = Number.parseFloat(raw);
        return Number.isFinite(n) ? n : null;
      }
      case 's': {
        if (raw === undefined) return undefined;
        const s = this.strings[Number.parseInt(raw, 10)];
        // SheetJS drops the whole sheet as damaged here, with its own message: let it.
        if (s === undefined) decline('共享字符串索引越界');
        return s;
      }
      case 'str':
        return raw === undefined ? '' : xmlText(raw);
      case 'b':
        return raw === '1' || raw === 'true';
      case 'e':
        return null;
      default:
        return decline(`单元格类型「${type}」`);
    }
  }
}
