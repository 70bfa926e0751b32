/**
 * Rows as they cross from the reading worker to the import: a structured clone makes a fresh string of
 * every cell, so the short values that repeat down a column (主体类型, 登记状态, dates, 乡镇 …) would
 * each cost their own string again on the import's side — at 100,000 × 20 over 100 MiB more than the
 * rows read in-process hold. So each short string crosses once: the encoder numbers them, a batch
 * carries the ones new since the previous batch and, per cell, the number or the value itself; the
 * decoder keeps the numbered strings and rebuilds the rows with them. Bounded like the reader's own
 * string pool: a sheet of distinct short values numbers MAX_ENTRIES of them and then passes through.
 */
import type { Cell } from '../../../../../shared/exchange/index.ts';
import { MAX_ENTRIES, MAX_LENGTH } from '../fast-xlsx/string-pool.ts';

export interface RowBatch {
  from: number;
  /** Cells of each row. */
  lengths: Uint16Array<ArrayBuffer>;
  /** Per cell: 0, or 1 + the number of its string. */
  refs: Int32Array<ArrayBuffer>;
  /** Per cell: the value when it has no number (null where it has one). */
  values: Cell[];
  /** Strings numbered since the previous batch, in number order. */
  added: string[];
}

export class RowBatchEncoder {
  private readonly ids = new Map<string, number>();

  encode(from: number, rows: readonly Cell[][]): RowBatch {
    const lengths = new Uint16Array(rows.length);
    let cells = 0;
    for (let r = 0; r < rows.length; r++) {
      lengths[r] = rows[r]!.length;
      cells += rows[r]!.length;
    }
    const refs = new Int32Array(cells);
    const values = new Array<Cell>(cells);
    const added: string[] = [];
    let i = 0;
    for (const row of rows) {
      for (const v of row) {
        if (typeof v === 'string' && v.length <= MAX_LENGTH) {
          let id = this.ids.get(v);
          if (id === undefined && this.ids.size < MAX_ENTRIES) {
            id = this.ids.size;
            this.ids.set(v, id);
            added.push(v);
          }
          if (id !== undefined) {
            refs[i] = id + 1;
            values[i++] = null;
            continue;
          }
        }
        values[i++] = v ?? null;
      }
    }
    return { from, lengths, refs, values, added };
  }
}

export class RowBatchDecoder {
  private readonly strings: string[] = [];

  decode(b: RowBatch): Cell[][] {
    for (const s of b.added) this.strings.push(s);
    const rows = new Array<Cell[]>(b.lengths.length);
    let i = 0;
    for (let r = 0; r < b.lengths.length; r++) {
      const n = b.lengths[r]!;
      const row = new Array<Cell>(n);
      for (let c = 0; c < n; c++, i++) {
        const ref = b.refs[i]!;
        row[c] = ref === 0 ? (b.values[i] as Cell) : (this.strings[ref - 1] as string);
      }
      rows[r] = row;
    }
    return rows;
  }
}
