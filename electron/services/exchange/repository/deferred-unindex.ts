/**
 * Name un-indexing done set-based while undo deletes a batch's entities. The two name indexes are fed
 * by AFTER DELETE triggers (migrations 001 and 002) that remove one row's tokens per deleted entity:
 * at 100,000 entities they were two thirds of the delete (measured on the 2-core machine: 8 s CPU of
 * 11.8 s), while the same removal as one statement per slice of ids costs about 1.3 s. So, inside
 * undo's transaction, those triggers are dropped, each slice's rows are removed from the indexes by one
 * statement just before the slice itself is deleted, and the triggers are re-created from their own
 * stored SQL. DDL is transactional in SQLite: an error or a crash rolls the triggers back with the rest.
 *
 * Only the two shapes the migrations use are handled set-based:
 *   INSERT INTO t(t, rowid, cols) VALUES ('delete', old.id, old.…)   (an FTS5 external-content index)
 *   DELETE FROM t WHERE rowid = old.id                               (a contentless FTS5 index)
 * Any other AFTER DELETE trigger on entities (a future migration) makes this return null, and undo
 * deletes with the triggers as they are.
 */
import { all, type DataDoor, isPg, run, script, type SqlQuery, sql } from '../../../db/sql.ts';

const FTS_DELETE =
  /^CREATE TRIGGER (\w+) AFTER DELETE ON entities BEGIN\s*INSERT INTO (\w+)\s*\(([^)]*)\)\s*VALUES\s*\(\s*'delete'\s*,([^;]*)\);\s*END$/i;
const ROWID_DELETE =
  /^CREATE TRIGGER (\w+) AFTER DELETE ON entities BEGIN\s*DELETE FROM (\w+) WHERE rowid\s*=\s*old\.id\s*;\s*END$/i;

interface Deferred {
  name: string;
  sql: string;
  /** The statement removing the tokens of the entities that `where` selects. */
  remove: (where: SqlQuery) => SqlQuery;
}

function parse(trigger: { name: string; sql: string }): Deferred | null {
  const text = trigger.sql.trim();
  const fts = FTS_DELETE.exec(text);
  if (fts) {
    const [, name, table, columns, values] = fts as unknown as [string, string, string, string, string];
    // The trigger's values may only read the deleted row (old.…), which the SELECT reads from entities.
    if (/\bnew\./i.test(values)) return null;
    const select = values.replace(/\bold\./gi, '');
    // Table, columns and expressions come from the trigger's own stored SQL, matched above.
    return {
      name,
      sql: trigger.sql,
      remove: (where) =>
        sql`INSERT INTO ${sql.raw(table)} (${sql.raw(columns)}) SELECT 'delete', ${sql.raw(select)} FROM entities WHERE ${where}`,
    };
  }
  const byRowid = ROWID_DELETE.exec(text);
  if (byRowid) {
    const [, name, table] = byRowid as unknown as [string, string, string];
    return {
      name,
      sql: trigger.sql,
      remove: (where) =>
        sql`DELETE FROM ${sql.raw(table)} WHERE rowid IN (SELECT id FROM entities WHERE ${where})`,
    };
  }
  return null;
}

export interface DeferredUnindex {
  /** Removes from the name indexes the entities `where` selects; call just before deleting them. */
  unindex(where: SqlQuery): void;
  /** Re-creates the triggers. */
  finish(): void;
}

/** PostgreSQL has no name-index triggers (pg_trgm GIN indexes go with their rows): null. */
export function deferEntityUnindexing(db: DataDoor): DeferredUnindex | null {
  if (isPg(db)) return null;
  const triggers = all<{ name: string; sql: string }>(
    db,
    sql`SELECT name, sql FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'entities'`,
  ).filter((t) => /AFTER\s+DELETE\s+ON\s+entities/i.test(t.sql));
  const deferred: Deferred[] = [];
  for (const t of triggers) {
    const d = parse(t);
    if (!d) return null;
    deferred.push(d);
  }
  if (deferred.length === 0) return null;
  for (const d of deferred) script(db, `DROP TRIGGER ${d.name}`);
  return {
    unindex(where) {
      for (const d of deferred) run(db, d.remove(where));
    },
    finish() {
      for (const d of deferred) script(db, d.sql);
    },
  };
}
