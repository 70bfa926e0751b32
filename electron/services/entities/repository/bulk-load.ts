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

export interface DeferredIndexes {
  /** How many indexes wait to be built (none when every table already had rows). */
  count: number;
  /** Builds them, in the order they were dropped. Call inside the same transaction. */
  rebuild(): void;
}

/**
 * For each bulk table that is empty, drops its secondary indexes and returns what re-creates them;
 * a table that already has rows keeps its indexes (re-creating would rebuild over every stored row).
 * Call inside the write's transaction.
 */
export function deferBulkIndexes(db: Db): DeferredIndexes {
  const indexes: { name: string; sql: string }[] = [];
  for (const table of BULK_TABLES) {
    if (value<number>(db, sql`SELECT EXISTS (SELECT 1 FROM ${sql.raw(table)})`) === 1) continue;
    indexes.push(
      ...all<{ name: string; sql: string }>(
        db,
        sql`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ${table} AND sql IS NOT NULL
            ORDER BY name`,
      ),
    );
  }
  for (const i of indexes) script(db, `DROP INDEX ${i.name}`);
  return {
    count: indexes.length,
    rebuild() {
      for (const i of indexes) script(db, i.sql);
    },
  };
}
