/**
 * The rows a preview normalised, kept for the commit that follows it, so that the commit does not
 * normalise the whole file again (at 100,000 × 20 about a fifth of the commit's CPU). They are held
 * in columns (compact-rows.ts) between the two. Keyed by the workbook read (staged-cache.ts drops that read as soon as the
 * file on disk changes, so a changed file is never matched) and by everything normalising depends on:
 * the kind, the sheet and the detected header with its mapping. A commit takes the rows and lets them
 * go; only the last preview's rows are kept.
 */
import type { HeaderDetection, ImportKind } from '../../../../shared/exchange/index.ts';
import type { ReadOk } from '../read/index.ts';
import type { CompactRows } from './compact-rows.ts';

interface Staged {
  read: ReadOk;
  key: string;
  rows: CompactRows;
}

let staged: Staged | null = null;

export function stagedRowsKey(kind: ImportKind, sheetIndex: number, detection: HeaderDetection): string {
  return JSON.stringify([kind, sheetIndex, detection]);
}

export function keepStagedRows(read: ReadOk, key: string, rows: CompactRows): void {
  staged = { read, key, rows };
}

/** The rows a preview of this very read and mapping normalised (then forgotten), or null. */
export function takeStagedRows(read: ReadOk, key: string): CompactRows | null {
  const s = staged;
  staged = null;
  return s !== null && s.read === read && s.key === key ? s.rows : null;
}

/** Drops kept rows (a new upload, or its read dropped). */
export function forgetStagedRows(): void {
  staged = null;
}
