/**
 * The after-image digests (after-images.ts) on PostgreSQL: the server has no cd_exchange_row_digest, so
 * the rows are read (a cursor, a page per round trip) and digested here with the very function SQLite
 * runs, over the table's columns in their order, and the digests are written back set-based.
 */
import { type PgDb, type SqlValue, sql } from '../../../db/sql.ts';
import { ID_TABLES, KEYED_TABLES } from './logged-tables.ts';
import { rowDigest } from './row-digest.ts';

/** Digests per INSERT … SELECT FROM json_to_recordset. */
const DIGESTS_PER_STATEMENT = 5000;

type Row = Record<string, SqlValue>;

/** The table's columns in their order (as SQLite's pragma_table_info gives them). */
function columnsOf(db: PgDb, tbl: string): string[] {
  return db.column<string>(
    sql`SELECT column_name FROM information_schema.columns
        WHERE table_schema = current_schema() AND table_name = ${tbl} ORDER BY ordinal_position`,
  );
}

const digestOf = (row: Row, cols: readonly string[]): number => rowDigest(...cols.map((c) => row[c]));

/** `t."k1"::text = c.row_key::jsonb ->> 0 AND …`: keys as text, as the log's JSON array holds them. */
function keyJoin(tbl: string, alias: string) {
  return sql.raw(
    (KEYED_TABLES[tbl] ?? [])
      .map((k, i) => `t."${k}"::text = (${alias}.row_key::jsonb ->> ${i})`)
      .join(' AND '),
  );
}

export function recordAfterImagesPg(db: PgDb, batchId: number): void {
  let held: { tbl: string; row_id: number | null; row_key: string | null; digest: number }[] = [];
  const write = () => {
    if (held.length === 0) return;
    db.run(
      sql`INSERT INTO exchange_after (batch_id, tbl, row_id, row_key, digest)
          SELECT CAST(${batchId} AS bigint), x.tbl, x.row_id, x.row_key, x.digest
          FROM json_to_recordset(CAST(${JSON.stringify(held)} AS json))
            AS x(tbl text, row_id bigint, row_key text, digest bigint)`,
    );
    held = [];
  };
  const hold = (entry: (typeof held)[number]) => {
    held.push(entry);
    if (held.length >= DIGESTS_PER_STATEMENT) write();
  };
  for (const tbl of ID_TABLES) {
    const cols = columnsOf(db, tbl);
    const ownRows = tbl === 'entities' || tbl === 'records' ? sql`t.batch_id = ${batchId} OR ` : sql.raw('');
    // tbl is one of ID_TABLES; the statements between pages run in the same transaction.
    for (const row of db.iterate<Row>(
      sql`SELECT t.* FROM ${sql.raw(tbl)} t
          WHERE ${ownRows}t.id IN (SELECT row_id FROM exchange_changes WHERE batch_id = ${batchId} AND tbl = ${tbl})`,
    )) {
      hold({ tbl, row_id: Number(row.id), row_key: null, digest: digestOf(row, cols) });
    }
  }
  for (const tbl of Object.keys(KEYED_TABLES)) {
    const cols = columnsOf(db, tbl);
    for (const row of db.iterate<Row>(
      sql`SELECT c.row_key AS "cd$key", t.* FROM exchange_changes c JOIN ${sql.raw(tbl)} t ON ${keyJoin(tbl, 'c')}
          WHERE c.batch_id = ${batchId} AND c.tbl = ${tbl}`,
    )) {
      hold({ tbl, row_id: null, row_key: row.cd$key as string, digest: digestOf(row, cols) });
    }
  }
  write();
}

export interface ChangedRow {
  tbl: string;
  id: number | null;
  key: string | null;
  gone: boolean;
}

/** The rows of the batch whose digest is no longer the one recorded (changed), or that are gone. */
export function changedRowsPg(db: PgDb, batchId: number): ChangedRow[] {
  const changed: ChangedRow[] = [];
  for (const tbl of ID_TABLES) {
    const cols = columnsOf(db, tbl);
    for (const row of db.iterate<Row>(
      sql`SELECT a.row_id AS "cd$id", a.digest AS "cd$digest", t.* FROM exchange_after a
          LEFT JOIN ${sql.raw(tbl)} t ON t.id = a.row_id
          WHERE a.batch_id = ${batchId} AND a.tbl = ${tbl} ORDER BY a.row_id`,
    )) {
      const gone = row.id === null;
      if (gone || digestOf(row, cols) !== Number(row.cd$digest))
        changed.push({ tbl, id: Number(row.cd$id), key: null, gone });
    }
  }
  for (const tbl of Object.keys(KEYED_TABLES)) {
    const cols = columnsOf(db, tbl);
    const first = KEYED_TABLES[tbl]?.[0] as string;
    for (const row of db.iterate<Row>(
      sql`SELECT a.row_key AS "cd$key", a.digest AS "cd$digest", t.* FROM exchange_after a
          LEFT JOIN ${sql.raw(tbl)} t ON ${keyJoin(tbl, 'a')}
          WHERE a.batch_id = ${batchId} AND a.tbl = ${tbl}`,
    )) {
      const gone = row[first] === null;
      if (gone || digestOf(row, cols) !== Number(row.cd$digest))
        changed.push({ tbl, id: null, key: row.cd$key as string, gone });
    }
  }
  return changed;
}
