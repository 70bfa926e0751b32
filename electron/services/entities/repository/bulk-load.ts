/**
 * Settings for one large write (the demo county: a million entities and nearly three million records
 * in one transaction).
 *
 * - A larger page cache while it runs. Some indexes take their rows in no useful order (records by
 *   type and date, entities by code); once they outgrow the default cache, every insert evicts a dirty
 *   page that a later insert needs again, so it is written out, read back and decrypted over and over
 *   (the 1 M demo wrote 33.7 GB for a 1.3 GB database). The cache only grows as pages are used.
 * - records_type_date built once at the end when the records table starts empty: one sorted build
 *   instead of a random insert per record. Dropped and re-created inside the caller's transaction
 *   (DDL is transactional in SQLite), from its own stored SQL, so a rollback leaves it as it was.
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

const DEFERRABLE = ['records_type_date'];

/**
 * When the records table is empty, drops the indexes that records fill in random order and returns
 * the function that re-creates them; otherwise (re-creating would rebuild over every stored record)
 * keeps them and returns a no-op. Call inside the write's transaction.
 */
export function deferRecordIndexes(db: Db): () => void {
  if (value<number>(db, sql`SELECT EXISTS (SELECT 1 FROM records)`) === 1) return () => {};
  const indexes = all<{ name: string; sql: string }>(
    db,
    sql`SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'records' AND sql IS NOT NULL`,
  ).filter((i) => DEFERRABLE.includes(i.name));
  for (const i of indexes) script(db, `DROP INDEX ${i.name}`);
  return () => {
    for (const i of indexes) script(db, i.sql);
  };
}
