/**
 * The bureau server's entity counts by kind, status, township and 管辖单位 (PostgreSQL migration 019):
 * the list's exact count when an officer browses, read from a few hundred rows instead of a scan of
 * every entity. Triggers only ever add rows (a statement's change per group), so the rows a group has
 * gathered are summed here, and folded into one row per group once there are many of them.
 */
import { get, type PgDb, run, type SqlQuery, sql, unitOfWork, value } from '../../../db/sql.ts';

/** The columns the counts are kept by, as the list filters them (equality, NULL matching nothing). */
export type CountedColumn = 'kind' | 'status' | 'township' | 'jurisdiction';
export interface CountedFilter {
  column: CountedColumn;
  value: string;
}

/**
 * Above this many rows a read folds them: an import of 100,000 entities adds a few thousand, and summing
 * ten thousand rows still takes about a millisecond.
 */
const FOLD_AT = 10_000;

/** Any constant key: two sessions never fold at once, and neither waits for the other. */
const FOLD_LOCK = sql`pg_try_advisory_xact_lock(hashtext('creditdesk.entity_counts.fold'))`;

const columnOf: Record<CountedColumn, SqlQuery> = {
  kind: sql.raw('kind'),
  status: sql.raw('status'),
  township: sql.raw('township'),
  jurisdiction: sql.raw('jurisdiction'),
};

/** The number of entities matching every filter, exact for this statement's snapshot. */
export function countEntitiesPg(db: PgDb, filters: readonly CountedFilter[]): number {
  const where = filters.length
    ? sql`${sql.join(
        filters.map((f) => sql`${columnOf[f.column]} = ${f.value}`),
        ' AND ',
      )}`
    : sql.raw('true');
  const read = get<{ total: number; rows: number }>(
    db,
    sql`SELECT coalesce(sum(n) FILTER (WHERE ${where}), 0)::bigint AS total, count(*) AS rows
        FROM entity_counts`,
  );
  if ((read?.rows ?? 0) > FOLD_AT) foldEntityCounts(db);
  return read?.total ?? 0;
}

/**
 * One row per group again, in one transaction, so a reader sees either the gathered rows or their
 * sums, never both. Rows of transactions still open are not this statement's to see and stay as they
 * are. Skipped when another session is folding; a failure leaves the rows to the next read.
 */
export function foldEntityCounts(db: PgDb): boolean {
  try {
    return unitOfWork(db, () => {
      if (value<boolean>(db, sql`SELECT ${FOLD_LOCK}`) !== true) return false;
      run(
        db,
        sql`WITH gone AS (DELETE FROM entity_counts RETURNING kind, status, township, jurisdiction, n)
            INSERT INTO entity_counts (kind, status, township, jurisdiction, n)
            SELECT kind, status, township, jurisdiction, sum(n) FROM gone
            GROUP BY 1, 2, 3, 4 HAVING sum(n) <> 0`,
      );
      return true;
    });
  } catch (e) {
    // A database refusal (its SQLSTATE in `code`) costs this fold only: the count was read already.
    // PgError itself is not imported, so that the desk's start-up never loads the PostgreSQL code.
    if (e instanceof Error && typeof (e as { code?: unknown }).code === 'string') return false;
    throw e;
  }
}
