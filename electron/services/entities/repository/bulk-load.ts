/**
 * Settings for one large write (the demo county: a million entities and six million records in one
 * transaction).
 *
 * - A larger page cache while it runs. Some indexes take their rows in no useful order (records by
 *   type and date, entities by code); once they outgrow the default cache, every insert evicts a dirty
 *   page that a later insert needs again, so it is written out, read back and decrypted over and over
 *   (the 1 M demo wrote 33.7 GB for a 1.3 GB database). The cache only grows as pages are used.
 * - Into an empty table, its secondary indexes built once at the end: one sorted build per index instead
 *   of a B-tree insert per row (at 20,000 entities: entity rows 1.0 → 0.56 s, record rows 2.95 → 1.65 s,
 *   the builds 0.66 s). Only indexes with stored SQL are deferred; the UNIQUE constraints' own indexes
 *   stay, so the upsert by code and the records' natural key are checked row by row as before. Dropped
 *   and re-created inside the caller's transaction (DDL is transactional in SQLite), from their own
 *   stored SQL, so a rollback leaves them as they were and readers on other connections never see a
 *   table without them (WAL: they read the last committed schema).
 */
import type { Db } from '../../../db/open.ts';
import { all, script, sql, value } from '../../../db/sql.ts';

/** 512 MiB, in SQLite's negative-KiB form. */
const LARGE_CACHE = -524288;

export function withLargeCache<T>(db: Db, fn: () => T): T {
  const before = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${LARGE_CACHE}`);
  try {
    return fn();
  } finally {
    db.pragma(`cache_size = ${before}`);
  }
}

/**
 * Runs `fn` without evaluating the tables' CHECK constraints, for rows valid by construction (the demo's
 * generator): json_valid over every record's JSON, the date's GLOB and the IN lists were 15–20 % of the
 * demo's CPU at 100,000 entities. NOT NULL, UNIQUE and foreign keys still hold row by row. SQLite
 * compiles statements anew when the flag changes, so only what runs inside `fn` skips the checks;
 * quick_check and integrity_check evaluate them all again (every login of a file under the check bound,
 * `creditdesk check`, and the demo's tests over the generated county).
 */
export function withoutCheckConstraints<T>(db: Db, fn: () => T): T {
  db.pragma('ignore_check_constraints = ON');
  try {
    return fn();
  } finally {
    db.pragma('ignore_check_constraints = OFF');
  }
}

/** The tables a demo fills in bulk. */
const BULK_TABLES = ['entities', 'records'] as const;
type BulkTable = (typeof BULK_TABLES)[number];

export interface DeferredIndexes {
  /** How many indexes wait to be built (none when every table already had rows). */
  count: number;
  /**
   * Builds them, in the order they were dropped, telling `onBuilt` after each. Call inside the same
   * transaction.
   */
  rebuild(onBuilt?: (built: number, of: number) => void): void;
}

/**
 * The secondary indexes of `tables`, dropped: those with stored SQL and not UNIQUE, so every code is
 * still checked row by row as it is written (the UNIQUE constraints' own indexes have no SQL).
 */
function dropSecondaryIndexes(db: Db, tables: readonly BulkTable[]): DeferredIndexes {
  const indexes: { name: string; sql: string }[] = [];
  for (const table of tables) {
    indexes.push(
      ...all<{ name: string; sql: string }>(
        db,
        sql`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ${table} AND sql IS NOT NULL
              AND sql NOT LIKE 'CREATE UNIQUE%' ORDER BY name`,
      ),
    );
  }
  for (const i of indexes) script(db, `DROP INDEX ${i.name}`);
  return {
    count: indexes.length,
    rebuild(onBuilt) {
      indexes.forEach((i, n) => {
        script(db, i.sql);
        onBuilt?.(n + 1, indexes.length);
      });
    },
  };
}

/**
 * For each bulk table that is empty, drops its secondary indexes and returns what re-creates them;
 * a table that already has rows keeps its indexes (re-creating would rebuild over every stored row).
 * Call inside the write's transaction.
 */
export function deferBulkIndexes(db: Db): DeferredIndexes {
  return dropSecondaryIndexes(
    db,
    BULK_TABLES.filter(
      (table) => value<number>(db, sql`SELECT EXISTS (SELECT 1 FROM ${sql.raw(table)})`) !== 1,
    ),
  );
}

/**
 * For a load of about `incoming` rows into `table` (a large import): its secondary indexes dropped
 * when the table holds no more rows than that, else null. A sorted build over all the rows at the end
 * then costs less than one B-tree insert per new row into each index: at 100,000 entities into an
 * empty table 0.7 s of builds against 1.8 s of index inserts (the monitoring keys' JS functions run
 * once per row instead of once per row and index touch). Into a much larger table the build would
 * redo every stored row, so the indexes stay. Call inside the write's transaction.
 */
export function deferIndexesForLoad(db: Db, table: BulkTable, incoming: number): DeferredIndexes | null {
  // Counted only as far as the comparison needs: a full count of a million-row table is a scan.
  const stored =
    value<number>(
      db,
      sql`SELECT count(*) FROM (SELECT 1 FROM ${sql.raw(table)} LIMIT ${Math.floor(incoming) + 1})`,
    ) ?? 0;
  return stored <= incoming ? dropSecondaryIndexes(db, [table]) : null;
}
