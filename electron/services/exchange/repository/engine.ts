/**
 * What the exchange's services do differently per engine, named by what it is for, so the services
 * themselves never ask which engine they run on (docs/data-door.md).
 *
 * SQLite's tuning of a large load (the large page cache, secondary indexes built once at the end) has
 * no PostgreSQL twin here: the server's own cache and its set-based writes (pg-import-writes.ts) take
 * its place. Every import kind runs on both engines; the areas it writes through (sampling, repair, the
 * annual-report coverage of grading) take a DataDoor.
 */
import { deferIndexesForLoad, withLargeCache } from '../../entities/repository/bulk-load.ts';
import { type DataDoor, isPg } from '../../../db/sql.ts';

/** SQLite: `fn` with the large page cache (imports and undo of many rows); PostgreSQL: just `fn`. */
export function withLoadCache<T>(db: DataDoor, fn: () => T): T {
  return isPg(db) ? fn() : withLargeCache(db, fn);
}

/** SQLite: deferIndexesForLoad (a list as large as the table); PostgreSQL: nothing deferred. */
export function deferIndexesOfLoad(db: DataDoor, incoming: number) {
  return isPg(db) ? null : deferIndexesForLoad(db, 'entities', incoming);
}

/**
 * Rows of a file are looked up and written a slice at a time: SQLite 500 (benchmarked), PostgreSQL a
 * few thousand, so a slice is a handful of round trips whatever its size.
 */
export function lookupSliceRows(db: DataDoor): number {
  return isPg(db) ? 2500 : 500;
}
