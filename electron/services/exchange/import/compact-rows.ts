/**
 * Normalised rows kept in columns: one array per field instead of one object per row. A row's
 * `values` object has a property per mapped field (18 for an entity list), more than V8 keeps in fast
 * mode for properties added by name at run time, so each became a dictionary: 100,000 kept rows cost
 * about 130 MiB between a preview and its commit. Here a row costs a slot per field plus the values
 * themselves (often the very strings the read holds); issues and long-term dates, which most rows
 * lack, are kept only for the rows that have them. Rows are rebuilt one slice at a time as the
 * commit applies them.
 */
import type { FieldValue, NormalizedRow, RowIssue } from '../../../../shared/exchange/index.ts';

/** A sheet row (0-based index) that was neither empty, a repeated header nor blank, normalised. */
export interface StagedRow {
  r: number;
  n: NormalizedRow;
}

export class CompactRows {
  /** Sheet row index of each kept row. */
  private readonly sheetRow: number[] = [];
  private readonly fields: string[] = [];
  private readonly fieldAt = new Map<string, number>();
  /** Per field, its value in each kept row; undefined where the row has no such property. */
  private readonly columns: (FieldValue | undefined)[][] = [];
  private readonly longTerm = new Map<number, string[]>();
  private readonly issues = new Map<number, RowIssue[]>();

  get length(): number {
    return this.sheetRow.length;
  }

  /** Sheet row index of kept row `i`. */
  rowIndex(i: number): number {
    return this.sheetRow[i]!;
  }

  push(r: number, n: NormalizedRow): void {
    const i = this.sheetRow.length;
    this.sheetRow.push(r);
    for (const field in n.values) {
      let f = this.fieldAt.get(field);
      if (f === undefined) {
        f = this.fields.length;
        this.fields.push(field);
        this.fieldAt.set(field, f);
        this.columns.push([]);
      }
      const column = this.columns[f]!;
      // Rows before this field first appeared have none: fill the gap so indexes stay aligned.
      while (column.length < i) column.push(undefined);
      column.push(n.values[field]);
    }
    if (n.longTerm.length > 0) this.longTerm.set(i, n.longTerm);
    if (n.issues.length > 0) this.issues.set(i, n.issues);
  }

  /** Kept row `i` as normalizeRow gave it (a fresh object; the kept values are shared). */
  row(i: number): StagedRow {
    const values: Record<string, FieldValue> = {};
    for (let f = 0; f < this.fields.length; f++) {
      const v = this.columns[f]![i];
      if (v !== undefined) values[this.fields[f]!] = v;
    }
    const issues = this.issues.get(i) ?? [];
    const r = this.sheetRow[i]!;
    return {
      r,
      n: {
        row: r + 1,
        values,
        longTerm: this.longTerm.get(i) ?? [],
        issues,
        hasErrors: issues.some((x) => x.severity === 'error'),
        blank: false,
      },
    };
  }
}
