/**
 * The reference tables' upsert by key: each row is compared with the stored one, so a re-import of
 * the same file reports everything unchanged and writes nothing.
 */
import { all, type DataDoor, dialect, get, run, sql } from '../../../db/sql.ts';
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
 * `at` stamps updated_at on what is written (null for a table without one). A key given twice counts
 * as the first row then an update (or no change) of it, on both engines.
 */
export function upsertKeyed(
  db: DataDoor,
  table: ReferenceTable,
  key: readonly string[],
  rows: readonly Columns[],
  at: string | null,
): ReferenceCounts {
  return dialect(db, { sqlite: upsertRowByRow, postgres: upsertInBatches })(db, table, key, rows, at);
}

const sameValues = (stored: Columns, row: Columns) =>
  Object.keys(row).every((c) => (stored[c] ?? null) === (row[c] ?? null));

/** SQLite: a statement costs microseconds, so one look-up and one write per row. */
function upsertRowByRow(
  db: DataDoor,
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
    } else if (sameValues(existing, row)) {
      counts.unchanged++;
    } else {
      run(db, sql`UPDATE ${name} SET ${assignments(full)}, row_version = row_version + 1 WHERE ${where}`);
      counts.updated++;
    }
  }
  return counts;
}

/** Rows per statement on PostgreSQL (a conflicts file has thousands of rows; each statement is a round trip). */
const BATCH = 1000;

/**
 * PostgreSQL: each statement is a round trip, so per batch one read of the stored rows and at most one
 * INSERT and one UPDATE, the rows passed as JSON and typed by the table's own row type
 * (json_populate_recordset), so the statement needs no per-column casts.
 */
function upsertInBatches(
  db: DataDoor,
  table: ReferenceTable,
  key: readonly string[],
  rows: readonly Columns[],
  at: string | null,
): ReferenceCounts {
  const counts: ReferenceCounts = { inserted: 0, updated: 0, unchanged: 0 };
  const name = sql.raw(table);
  const onKey = sql.raw(key.map((k) => `t.${k} = x.${k}`).join(' AND '));
  const keyOf = (r: Columns) => JSON.stringify(key.map((k) => r[k] ?? null));
  for (let from = 0; from < rows.length; from += BATCH) {
    const batch = rows.slice(from, from + BATCH);
    const stored = new Map(
      all<Columns>(
        db,
        sql`SELECT t.* FROM ${name} t
            JOIN json_populate_recordset(NULL::${name}, CAST(${JSON.stringify(batch)} AS json)) x ON ${onKey}`,
      ).map((r) => [keyOf(r), r]),
    );
    // What each key will hold after this batch, and whether it is new: later rows see earlier ones.
    const inserts = new Map<string, Columns>();
    const updates = new Map<string, Columns>();
    for (const row of batch) {
      const k = keyOf(row);
      const current = inserts.get(k) ?? updates.get(k) ?? stored.get(k);
      const full: Columns = at === null ? row : { ...row, updated_at: at };
      if (!current) {
        inserts.set(k, full);
        counts.inserted++;
      } else if (sameValues(current, row)) {
        counts.unchanged++;
      } else {
        (inserts.has(k) ? inserts : updates).set(k, full);
        counts.updated++;
      }
    }
    const first = batch[0];
    if (!first) continue;
    const columns = Object.keys(at === null ? first : { ...first, updated_at: at });
    const list = sql.raw(columns.join(', '));
    if (inserts.size > 0)
      run(
        db,
        sql`INSERT INTO ${name} (${list})
            SELECT ${list} FROM json_populate_recordset(NULL::${name}, CAST(${JSON.stringify([...inserts.values()])} AS json))`,
      );
    if (updates.size > 0)
      run(
        db,
        sql`UPDATE ${name} t SET ${sql.raw(columns.map((c) => `${c} = x.${c}`).join(', '))}, row_version = t.row_version + 1
            FROM json_populate_recordset(NULL::${name}, CAST(${JSON.stringify([...updates.values()])} AS json)) x
            WHERE ${onKey}`,
      );
  }
  return counts;
}

/** A reference row's version, with when it was last saved (null for a table without updated_at). */
export interface StoredVersion {
  version: number;
  updatedAt: string | null;
}

/**
 * The version of the row with this key, or undefined when there is none. On PostgreSQL the row stays
 * locked until the transaction ends (FOR UPDATE), so two saves of the same row cannot both pass the
 * version check; SQLite's writer already holds the database's only write lock.
 */
export function keyedVersion(
  db: DataDoor,
  table: ReferenceTable,
  key: Columns,
  hasUpdatedAt: boolean,
): StoredVersion | undefined {
  const stamp = sql.raw(hasUpdatedAt ? 'updated_at' : 'NULL');
  const lock = dialect(db, { sqlite: sql``, postgres: sql` FOR UPDATE` });
  const r = get<{ row_version: number | string; updated_at: string | null }>(
    db,
    sql`SELECT row_version, ${stamp} AS updated_at FROM ${sql.raw(table)} WHERE ${matching(key)}${lock}`,
  );
  return r && { version: Number(r.row_version), updatedAt: r.updated_at };
}
