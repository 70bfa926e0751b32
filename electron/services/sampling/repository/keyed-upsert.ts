/**
 * The reference tables' upsert by key: each row is compared with the stored one, so a re-import of
 * the same file reports everything unchanged and writes nothing.
 */
import type { Db } from '../../../db/open.ts';
import { get, run, sql } from '../../../db/sql.ts';
import { assignments, type Columns, columnNames, columnValues, matching } from './columns.ts';

export interface ReferenceCounts {
  inserted: number;
  updated: number;
  unchanged: number;
}

/** The tables written this way: the name is spliced into the statement, so it comes from this list. */
export type ReferenceTable =
  | 'inspection_items'
  | 'inspectors'
  | 'inspector_conflicts'
  | 'calendar_days'
  | 'ratio_profiles';

/**
 * `rows` carry every compared column (the key among them) under the same names in the same order;
 * `at` stamps updated_at on what is written (null for a table without one).
 */
export function upsertKeyed(
  db: Db,
  table: ReferenceTable,
  key: readonly string[],
  rows: readonly Columns[],
  at: string | null,
): ReferenceCounts {
  const counts: ReferenceCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const name = sql.raw(table);
  for (const row of rows) {
    const where = matching(Object.fromEntries(key.map((k) => [k, row[k] ?? null])));
    const existing = get<Columns>(db, sql`SELECT ${columnNames(row)} FROM ${name} WHERE ${where}`);
    const full: Columns = at === null ? row : { ...row, updated_at: at };
    if (!existing) {
      run(db, sql`INSERT INTO ${name} (${columnNames(full)}) VALUES ${columnValues(full)}`);
      counts.inserted++;
    } else if (Object.keys(row).every((c) => (existing[c] ?? null) === (row[c] ?? null))) {
      counts.unchanged++;
    } else {
      run(db, sql`UPDATE ${name} SET ${assignments(full)} WHERE ${where}`);
      counts.updated++;
    }
  }
  return counts;
}
