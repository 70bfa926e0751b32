/**
 * Copies tables of a desk's SQLite database into a PostgreSQL one with the same schema, rows and ids as
 * they are, for tests and benches that need a county on PostgreSQL written by code that is SQLite-only
 * today (writeDemoCounty). Set-based: each batch of rows is one JSON parameter unpacked by
 * json_populate_recordset with the table's own row type, so every column gets its PostgreSQL type.
 * Generated columns are left to PostgreSQL; identity sequences are moved past the copied ids, so rows
 * inserted afterwards get fresh ones.
 */
import type { Db } from '../../electron/db/open.ts';
import { all, column, type PgDb, run, sql, unitOfWork } from '../../electron/db/sql.ts';

/** The tables a county's credit files live in, parents first. */
export const COUNTY_TABLES = ['import_batches', 'entities', 'records', 'annual_report_coverage'] as const;

const BATCH = 5000;

export function copyDeskTables(
  desk: Db,
  pg: PgDb,
  tables: readonly string[] = COUNTY_TABLES,
  opts: { buildIndexesAfter?: boolean } = {},
): void {
  unitOfWork(pg, () => {
    for (const table of tables) {
      const rebuild = opts.buildIndexesAfter ? dropSecondaryIndexes(pg, table) : [];
      copyTable(desk, pg, table);
      for (const definition of rebuild) run(pg, sql.raw(definition));
    }
  });
}

/**
 * A large copy (a scale bench's millions of rows) builds each secondary index once at the end, sorted,
 * instead of inserting every row into it: the trigram GIN indexes above all. Keys and UNIQUE indexes stay,
 * so every row is still checked as it arrives. Returns the definitions to build again.
 */
function dropSecondaryIndexes(pg: PgDb, table: string): string[] {
  const indexes = all<{ name: string; definition: string }>(
    pg,
    sql`SELECT i.indexname AS name, i.indexdef AS definition FROM pg_indexes i
        JOIN pg_class c ON c.relname = i.indexname
        JOIN pg_index x ON x.indexrelid = c.oid
        WHERE i.schemaname = current_schema() AND i.tablename = ${table} AND NOT x.indisunique`,
  );
  for (const i of indexes) run(pg, sql.raw(`DROP INDEX "${i.name}"`));
  return indexes.map((i) => i.definition);
}

function copyTable(desk: Db, pg: PgDb, table: string): void {
  const deskColumns = new Set(
    (desk.prepare(`SELECT name FROM pragma_table_info(?)`).all(table) as { name: string }[]).map(
      (c) => c.name,
    ),
  );
  const columns = column<string>(
    pg,
    sql`SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ${table} AND is_generated = 'NEVER'
        ORDER BY ordinal_position`,
  ).filter((c) => deskColumns.has(c));
  if (columns.length === 0) throw new Error(`no columns of ${table} to copy`);
  const list = sql.raw(columns.map((c) => `"${c}"`).join(', '));
  const read = desk.prepare(`SELECT ${columns.map((c) => `"${c}"`).join(', ')} FROM "${table}"`);
  let batch: unknown[] = [];
  const flush = () => {
    if (batch.length === 0) return;
    run(
      pg,
      sql`INSERT INTO ${sql.raw(table)} (${list})
          SELECT ${list} FROM json_populate_recordset(NULL::${sql.raw(table)}, CAST(${JSON.stringify(batch)} AS json))`,
    );
    batch = [];
  };
  for (const row of read.iterate()) {
    batch.push(row);
    if (batch.length === BATCH) flush();
  }
  flush();
  const identity = all<{ column_name: string }>(
    pg,
    sql`SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ${table} AND is_identity = 'YES'`,
  );
  for (const { column_name } of identity) {
    run(
      pg,
      sql`SELECT setval(pg_get_serial_sequence(${table}, ${column_name}),
                        (SELECT coalesce(max(${sql.raw(`"${column_name}"`)}), 0) + 1 FROM ${sql.raw(table)}), false)`,
    );
  }
}
