/**
 * What undoing an import batch reads and writes: the batches that changed its rows since, the records
 * others added to its entities, its log replayed backwards, and the rows it inserted deleted.
 */
import { ApiError } from '../../../../shared/api/errors.ts';
import { all, column, type DataDoor, dialect, get, run, type SqlValue, sql, value } from '../../../db/sql.ts';
import { keepClearedResultVersion } from '../../sampling/repository/results.ts';
import { deferEntityUnindexing } from './deferred-unindex.ts';
import { ID_TABLES, KEYED_TABLES } from './logged-tables.ts';

/** Later batches, not undone, that changed a row this batch inserted (by batch_id) or updated (its log). */
export function laterBatchesTouching(db: DataDoor, batchId: number): number[] {
  return column<number>(
    db,
    sql`SELECT DISTINCT c.batch_id FROM exchange_changes c
        JOIN import_batches b ON b.id = c.batch_id AND b.undone_at IS NULL
        WHERE c.batch_id > ${batchId} AND (
          (c.tbl = 'entities' AND c.row_id IN (SELECT id FROM entities WHERE batch_id = ${batchId}))
          OR (c.tbl = 'records' AND c.row_id IN (SELECT id FROM records WHERE batch_id = ${batchId}))
          OR EXISTS (SELECT 1 FROM exchange_changes c1 WHERE c1.batch_id = ${batchId} AND c1.tbl = c.tbl
                       AND ${dialect(db, {
                         sqlite: sql`c1.row_id IS c.row_id AND c1.row_key IS c.row_key`,
                         postgres: sql`c1.row_id IS NOT DISTINCT FROM c.row_id AND c1.row_key IS NOT DISTINCT FROM c.row_key`,
                       })}))
        ORDER BY c.batch_id DESC`,
  );
}

/** Records on entities this batch created that it did not add itself, and how many of those came from batches. */
export function foreignRecordsOnNewEntities(
  db: DataDoor,
  batchId: number,
): { total: number; fromBatches: number } {
  return (
    get<{ total: number; fromBatches: number }>(
      db,
      sql`SELECT count(*) AS total, count(r.batch_id) AS "fromBatches" FROM records r
          WHERE r.entity_id IN (SELECT id FROM entities WHERE batch_id = ${batchId}) AND ${dialect(db, {
            sqlite: sql`r.batch_id IS NOT ${batchId}`,
            postgres: sql`r.batch_id IS DISTINCT FROM CAST(${batchId} AS bigint)`,
          })}`,
    ) ?? { total: 0, fromBatches: 0 }
  );
}

export interface LoggedChange {
  tbl: string;
  /** The row's key: its id, or the values of the table's key columns (KEYED_TABLES). */
  key: SqlValue[];
  byId: boolean;
  op: 'insert' | 'update';
  /** The whole row before the batch changed it (op 'update'). */
  before: Record<string, SqlValue> | null;
}

interface ChangeRow {
  tbl: string;
  row_id: number | null;
  row_key: string | null;
  op: 'insert' | 'update';
  before: string | null;
}

/** The batch's log, newest first: the order to replay it backwards. */
export function loggedChanges(db: DataDoor, batchId: number): LoggedChange[] {
  return all<ChangeRow>(
    db,
    sql`SELECT tbl, row_id, row_key, op, before FROM exchange_changes WHERE batch_id = ${batchId} ORDER BY id DESC`,
  ).map((c) => ({
    tbl: c.tbl,
    key: c.row_id === null ? (JSON.parse(c.row_key ?? '[]') as SqlValue[]) : [c.row_id],
    byId: c.row_id !== null,
    op: c.op,
    before: c.before === null ? null : (JSON.parse(c.before) as Record<string, SqlValue>),
  }));
}

function keyWhere(c: LoggedChange) {
  // A log entry naming a table undo does not know is never guessed at.
  if (!ID_TABLES.includes(c.tbl) && !KEYED_TABLES[c.tbl])
    throw new ApiError('internal', `未知的数据表：${c.tbl}`);
  const cols = c.byId ? ['id'] : KEYED_TABLES[c.tbl];
  if (!cols) throw new ApiError('internal', `数据表 ${c.tbl} 没有登记主键`);
  // Table and column names are the fixed lists above, never text from the log itself.
  return sql.join(
    cols.map((k, i) => sql`${sql.raw(k)} = ${c.key[i] ?? null}`),
    ' AND ',
  );
}

/** Deletes a row the batch inserted; the number of rows deleted. */
export function deleteLoggedRow(db: DataDoor, c: LoggedChange): number {
  const where = keyWhere(c);
  if (c.tbl === 'inspection_results') {
    // A result the batch entered: its version is kept for the plan, as when an officer clears one,
    // so a result entered next does not restart at a version a form may still show.
    const gone = get<{ plan_id: number | string; row_version: number | string }>(
      db,
      sql`DELETE FROM inspection_results WHERE ${where} RETURNING plan_id, row_version`,
    );
    if (!gone) return 0;
    keepClearedResultVersion(db, Number(gone.plan_id), Number(gone.row_version));
    return 1;
  }
  return run(db, sql`DELETE FROM ${sql.raw(c.tbl)} WHERE ${where}`).changes;
}

/**
 * Generated columns of a table (pragma_table_xinfo's hidden 2 = virtual, 3 = stored): SQLite computes them,
 * so a before-image that carries them (SELECT * does) must not write them back.
 */
function generatedColumns(db: DataDoor, tbl: string): Set<string> {
  return new Set(
    column<string>(
      db,
      dialect(db, {
        sqlite: sql`SELECT name FROM pragma_table_xinfo(${tbl}) WHERE hidden IN (2, 3)`,
        postgres: sql`SELECT column_name FROM information_schema.columns
          WHERE table_schema = current_schema() AND table_name = ${tbl} AND is_generated = 'ALWAYS'`,
      }),
    ),
  );
}

/** Writes a row's before-image back, column for column (its columns are those the row had when logged). */
export function restoreLoggedRow(db: DataDoor, c: LoggedChange): void {
  const where = keyWhere(c);
  const before = c.before ?? {};
  const generated = generatedColumns(db, c.tbl);
  const set = sql.join(
    Object.keys(before)
      .filter((k) => k !== 'id' && !generated.has(k))
      .map((k) => sql`${sql.raw(k)} = ${before[k] ?? null}`),
    ', ',
  );
  run(db, sql`UPDATE ${sql.raw(c.tbl)} SET ${set} WHERE ${where}`);
}

/** The entity a record belongs to, if the record still exists. */
export function recordOwner(db: DataDoor, recordId: number): number | undefined {
  return value<number>(db, sql`SELECT entity_id FROM records WHERE id = ${recordId}`);
}

/**
 * Ids per DELETE: a statement deleting 20,000 entities (their name index, their results by cascade)
 * ran for seconds without a word; slices of this size report progress between them.
 */
const DELETE_SLICE = 1000;

/**
 * Deletes the records and entities the batch inserted, in slices of ids, telling `onProgress` the rows
 * deleted of the rows to delete after each; returns the entities whose credit files changed.
 */
export function deleteInsertedRows(
  db: DataDoor,
  batchId: number,
  onProgress?: (done: number, total: number) => void,
): { deleted: number; entityIds: number[] } {
  const entityIds = column<number>(
    db,
    sql`SELECT DISTINCT entity_id FROM records WHERE batch_id = ${batchId}`,
  );
  // One by one: a spread of a million ids would overflow the call's argument limit.
  for (const id of column<number>(db, sql`SELECT id FROM entities WHERE batch_id = ${batchId}`))
    entityIds.push(id);
  const spans = (['records', 'entities'] as const).map((tbl) => ({
    tbl,
    ...get<{ lo: number | null; hi: number | null; n: number }>(
      db,
      sql`SELECT min(id) AS lo, max(id) AS hi, count(*) AS n FROM ${sql.raw(tbl)} WHERE batch_id = ${batchId}`,
    )!,
  }));
  const total = spans.reduce((sum, s) => sum + s.n, 0);
  // The name indexes lose each slice's entities in one statement, not one trigger call per row.
  const names = spans[1]!.n > 0 ? deferEntityUnindexing(db) : null;
  let deleted = 0;
  for (const { tbl, lo, hi } of spans) {
    if (lo === null || hi === null) continue;
    for (let from = lo; from <= hi; from += DELETE_SLICE) {
      const slice = sql`batch_id = ${batchId} AND id BETWEEN ${from} AND ${from + DELETE_SLICE - 1}`;
      if (tbl === 'entities') names?.unindex(slice);
      deleted += run(db, sql`DELETE FROM ${sql.raw(tbl)} WHERE ${slice}`).changes;
      onProgress?.(deleted, total);
    }
  }
  names?.finish();
  return { deleted, entityIds };
}
