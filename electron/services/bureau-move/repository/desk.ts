/**
 * The desk side of a move: its catalog and its rows, read from the desk's SQLite file (SQLite-only by
 * nature: sqlite_master and the PRAGMA table functions). Rows are read one at a time (`iterate`), so a
 * million credit files never sit in memory at once.
 */
import type { Db } from '../../../db/open.ts';
import { all, column, iterate, type SqlValue, sql, value } from '../../../db/sql.ts';
import { type CatalogTable, plainIdentifier, SQLITE_TYPES } from '../catalog.ts';

/** FTS5's own tables beside each full-text table (SQLite's naming, not ours): no twin on the server. */
const FTS_SHADOW_SUFFIXES = ['_data', '_idx', '_docsize', '_config', '_content'];

export function deskSchemaVersion(db: Db): number {
  return value<number>(db, sql`SELECT user_version FROM pragma_user_version`) ?? 0;
}

/**
 * Every table of the desk with its stored columns and the tables its foreign keys point to. SQLite's own
 * tables, full-text tables and their shadow tables are left out: the server searches with trigram
 * indexes instead (docs/bureau-server.md, "Schema").
 */
export function deskCatalog(db: Db): CatalogTable[] {
  const tables = all<{ name: string; virtual: number }>(
    db,
    sql`SELECT name, sql LIKE 'CREATE VIRTUAL TABLE%' AS virtual FROM sqlite_master
        WHERE type = 'table' AND name NOT LIKE 'sqlite!_%' ESCAPE '!' ORDER BY name`,
  );
  const fullText = tables.filter((t) => t.virtual).map((t) => t.name);
  const shadow = new Set(fullText.flatMap((n) => FTS_SHADOW_SUFFIXES.map((s) => `${n}${s}`)));
  return tables
    .filter((t) => !t.virtual && !shadow.has(t.name))
    .map((t) => ({
      name: t.name,
      // hidden 0: a stored column; 2 and 3 are generated ones, which the server computes itself.
      columns: all<{ name: string; type: string }>(
        db,
        sql`SELECT name, type FROM pragma_table_xinfo(${t.name}) WHERE hidden = 0 ORDER BY cid`,
      ).map((c) => ({ name: c.name, type: SQLITE_TYPES[c.type.toUpperCase()] ?? `other:${c.type}` })),
      references: column<string>(db, sql`SELECT DISTINCT "table" FROM pragma_foreign_key_list(${t.name})`),
    }));
}

function quotedColumns(columns: readonly string[], aliased: boolean) {
  return sql.raw(columns.map((c, i) => `"${plainIdentifier(c)}"${aliased ? ` AS c${i}` : ''}`).join(', '));
}

export function deskRowCount(db: Db, table: string): number {
  return value<number>(db, sql`SELECT count(*) FROM ${sql.raw(`"${plainIdentifier(table)}"`)}`) ?? 0;
}

/**
 * The rows of `table`, each keyed c0, c1 … in the order of `columns` (the server's batch insert reads
 * those keys), in rowid order: an id's parent row within the same table (grading_adjustments'
 * carried_from) has a smaller id and so arrives first.
 */
export function iterateDeskRows(
  db: Db,
  table: string,
  columns: readonly string[],
): IterableIterator<Record<string, SqlValue>> {
  return iterate<Record<string, SqlValue>>(
    db,
    sql`SELECT ${quotedColumns(columns, true)} FROM ${sql.raw(`"${plainIdentifier(table)}"`)}`,
  );
}
