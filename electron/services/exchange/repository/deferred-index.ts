/**
 * Name indexing deferred to the end of a large entity import. The entity tables keep two FTS5 indexes
 * fed by AFTER INSERT triggers (migrations 001 and 002); one FTS insert per row costs about three times
 * what the same rows cost as one INSERT … SELECT at the end (measured: 30,000 rows 2.0 s vs 0.6 s). So,
 * inside the import's transaction, the AFTER INSERT triggers are dropped, the rows this batch inserts
 * are indexed in bulk at the end, and the triggers are re-created from their own stored SQL. DDL is
 * transactional in SQLite: a cancel, an error or a crash rolls the triggers back with everything else.
 *
 * Only triggers of the exact shape `INSERT INTO t(cols) VALUES (new.…)` are deferred; any other shape
 * (a future migration) makes this return null and the import runs with the triggers as they are.
 */
import { all, bulk, type DataDoor, get, isPg, run, script, sql } from '../../../db/sql.ts';

const INSERT_TRIGGER =
  /^CREATE TRIGGER (\w+) AFTER INSERT ON entities BEGIN\s*INSERT INTO (\w+)\s*\(([^)]*)\)\s*VALUES\s*\(([^;]*)\);\s*END$/i;

/** Entity ids per INSERT … SELECT at the end: small enough to report well within 500 ms each. */
const FINISH_SLICE = 2000;

interface Deferred {
  name: string;
  sql: string;
  table: string;
  columns: string;
  select: string;
}

export interface DeferredIndex {
  /**
   * Indexes one row of this batch now: the AFTER UPDATE triggers (kept) would otherwise remove tokens
   * the row never had. Called before any update of a row this batch inserted.
   */
  indexNow(id: number): void;
  /**
   * Indexes every other row this batch inserted, in slices of ids that report the rows indexed so far
   * of the rows to index (one statement for 20,000 rows ran for seconds without a word), and re-creates
   * the triggers.
   */
  finish(onProgress?: (done: number, total: number) => void): void;
}

/** PostgreSQL has no name-index triggers (pg_trgm GIN indexes instead): nothing to defer, null. */
export function deferEntityIndexing(db: DataDoor, batchId: number): DeferredIndex | null {
  if (isPg(db)) return null;
  const triggers = all<{ name: string; sql: string }>(
    db,
    sql`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'entities'`,
  );
  const deferred: Deferred[] = [];
  for (const t of triggers) {
    if (!/AFTER\s+INSERT\s+ON\s+entities/i.test(t.sql)) continue;
    const m = INSERT_TRIGGER.exec(t.sql.trim());
    if (!m || /\bold\./i.test(m[4]!)) return null;
    deferred.push({
      name: m[1]!,
      sql: t.sql,
      table: m[2]!,
      columns: m[3]!,
      select: m[4]!.replace(/\bnew\./gi, ''),
    });
  }
  if (deferred.length === 0) return null;
  for (const d of deferred) script(db, `DROP TRIGGER ${d.name}`);
  const one = deferred.map((d) =>
    bulk<{ id: number }>(
      db,
      `INSERT INTO ${d.table} (${d.columns}) SELECT ${d.select} FROM entities WHERE id = @id`,
    ),
  );
  const early = new Set<number>();
  return {
    indexNow(id) {
      if (early.has(id)) return;
      early.add(id);
      for (const s of one) s.run({ id });
    },
    finish(onProgress) {
      const done = JSON.stringify([...early]);
      const span = get<{ lo: number | null; hi: number | null; n: number }>(
        db,
        sql`SELECT min(id) AS lo, max(id) AS hi, count(*) AS n FROM entities WHERE batch_id = ${batchId}`,
      );
      const total = (span?.n ?? 0) * deferred.length;
      let indexed = 0;
      for (const d of deferred) {
        if (span?.lo == null || span.hi == null) break;
        for (let from = span.lo; from <= span.hi; from += FINISH_SLICE) {
          // Table, columns and expressions come from the triggers' own stored SQL, matched above.
          indexed += run(
            db,
            sql`INSERT INTO ${sql.raw(d.table)} (${sql.raw(d.columns)}) SELECT ${sql.raw(d.select)} FROM entities
                WHERE batch_id = ${batchId} AND id BETWEEN ${from} AND ${from + FINISH_SLICE - 1}
                  AND id NOT IN (SELECT value FROM json_each(${done})) ORDER BY id`,
          ).changes;
          onProgress?.(Math.min(indexed, total), total);
        }
      }
      for (const d of deferred) script(db, d.sql);
    },
  };
}
