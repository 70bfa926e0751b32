/**
 * The import's writes on PostgreSQL (docs/bureau-server.md): every statement is a round trip, so the
 * rows of a slice are not written one statement each, as SQLite's prepared statements do, but held here
 * and written at the end of the slice with one statement per table and kind of write (INSERT … SELECT
 * FROM json_to_recordset, UPDATE … FROM json_to_recordset), a few thousand rows each.
 *
 * New rows get their ids up front from the table's identity sequence, so the import knows them (a record
 * names its entity, the store answers with the id) before anything is written.
 *
 * Refusals: the store checks the codes of each write against the codes it has just looked up, so a
 * duplicate 统一社会信用代码 / 注册号 is refused on its own row before it is held, as on SQLite. A
 * statement that still fails (a CHECK nothing foresaw) poisons the transaction, so every flush runs in a
 * savepoint; when one fails, the slice's writes are replayed row by row, each row in a savepoint of its
 * own, and the rows the database refuses are returned — they become error rows, the others are written.
 * The slow path costs a few round trips per row of that slice only.
 */
import { type PgDb, type SqlValue, sql } from '../../../db/sql.ts';
import { isConstraintViolation } from './errors.ts';

/** Rows per statement: a JSON parameter of a few hundred KiB, far from any limit, few round trips. */
const ROWS_PER_STATEMENT = 2500;
/** Ids fetched from a sequence at a time: a slice's worth (lookupSliceRows), one round trip a slice. */
const ID_BLOCK = 2500;

/** Entity columns the import writes, with their PostgreSQL types for json_to_recordset. */
const ENTITY_COLUMN_TYPES: Readonly<Record<string, string>> = {
  uscc: 'text',
  reg_no: 'text',
  name: 'text',
  kind: 'text',
  legal_rep: 'text',
  region_code: 'text',
  township: 'text',
  jurisdiction: 'text',
  industry_code: 'text',
  industry_name: 'text',
  address: 'text',
  established_on: 'text',
  status: 'text',
  capital_amount: 'double precision',
  capital_unit: 'text',
  capital_currency: 'text',
  phone: 'text',
  tags: 'text',
};

export type EntityValues = Record<string, SqlValue>;

interface LogEntry {
  tbl: string;
  row_id: number | null;
  row_key: string | null;
  op: string;
  before: string | null;
}

interface RecordInsert {
  id: number;
  entity_id: number;
  type: string;
  date: string;
  natural_key: string;
  data: string;
}

type Op =
  | { row: number; kind: 'entityInsert'; v: EntityValues }
  | { row: number; kind: 'entityUpdate'; v: EntityValues }
  | { row: number; kind: 'recordInsert'; v: RecordInsert }
  | { row: number; kind: 'recordUpdate'; v: { id: number; date: string; data: string } }
  | { row: number; kind: 'log'; v: LogEntry };

/** The refusal of a write the store saw coming (a code another entity holds), as the database words it. */
export class CodeTaken extends Error {
  readonly code = '23505';
  constructor(column: string, value: string) {
    super(`duplicate key value violates unique constraint: ${column} ${value}`);
    this.name = 'CodeTaken';
  }
}

export function createPgImportWrites(db: PgDb, batch: { id: number; at: string; source: string }) {
  const ops: Op[] = [];
  /** The sheet row the coming writes belong to (for the row-by-row replay). */
  let row = -1;
  const pools = new Map<string, number[]>();

  function nextId(table: 'entities' | 'records'): number {
    let pool = pools.get(table);
    if (!pool || pool.length === 0) {
      // Ids reserved and then not used (a preview, a cancel) are gaps, as after any rolled-back insert.
      pool = db
        .column<number>(
          sql`SELECT nextval(pg_get_serial_sequence(${table}, 'id')) AS id FROM generate_series(1, ${ID_BLOCK}) ORDER BY 1 DESC`,
        )
        .map(Number);
      pools.set(table, pool);
    }
    return pool.pop() as number;
  }

  const cols = Object.keys(ENTITY_COLUMN_TYPES);
  const entityTypes = cols.map((c) => `${c} ${ENTITY_COLUMN_TYPES[c]}`).join(', ');

  function chunks<T>(list: readonly T[], each: (part: readonly T[]) => void): void {
    for (let i = 0; i < list.length; i += ROWS_PER_STATEMENT) each(list.slice(i, i + ROWS_PER_STATEMENT));
  }

  function insertEntities(list: readonly EntityValues[]): void {
    chunks(list, (part) =>
      db.run(
        sql`INSERT INTO entities (id, ${sql.raw(cols.join(', '))}, batch_id, created_at, updated_at)
            SELECT x.id, ${sql.raw(cols.map((c) => `x.${c}`).join(', '))}, CAST(${batch.id} AS bigint),
                   CAST(${batch.at} AS text), CAST(${batch.at} AS text)
            FROM json_to_recordset(CAST(${JSON.stringify(part)} AS json)) AS x(id bigint, ${sql.raw(entityTypes)})`,
      ),
    );
  }

  function updateEntities(list: readonly EntityValues[]): void {
    chunks(list, (part) =>
      db.run(
        sql`UPDATE entities e SET ${sql.raw(cols.map((c) => `${c} = x.${c}`).join(', '))}, updated_at = CAST(${batch.at} AS text)
            FROM json_to_recordset(CAST(${JSON.stringify(part)} AS json)) AS x(id bigint, ${sql.raw(entityTypes)})
            WHERE e.id = x.id`,
      ),
    );
  }

  function insertRecords(list: readonly RecordInsert[]): void {
    chunks(list, (part) =>
      db.run(
        sql`INSERT INTO records (id, entity_id, type, date, natural_key, source, batch_id, data, created_at)
            SELECT x.id, x.entity_id, x.type, x.date, x.natural_key, CAST(${batch.source} AS text),
                   CAST(${batch.id} AS bigint), x.data, CAST(${batch.at} AS text)
            FROM json_to_recordset(CAST(${JSON.stringify(part)} AS json))
              AS x(id bigint, entity_id bigint, type text, date text, natural_key text, data text)`,
      ),
    );
  }

  function updateRecords(list: readonly { id: number; date: string; data: string }[]): void {
    chunks(list, (part) =>
      db.run(
        sql`UPDATE records r SET date = x.date, data = x.data
            FROM json_to_recordset(CAST(${JSON.stringify(part)} AS json)) AS x(id bigint, date text, data text)
            WHERE r.id = x.id`,
      ),
    );
  }

  function insertLogs(list: readonly LogEntry[]): void {
    // Undo replays the log newest first, by id: the entries get their ids in the order they were made.
    chunks(list, (part) =>
      db.run(
        sql`INSERT INTO exchange_changes (batch_id, tbl, row_id, row_key, op, before)
            SELECT CAST(${batch.id} AS bigint), x.tbl, x.row_id, x.row_key, x.op, x.before
            FROM json_to_recordset(CAST(${JSON.stringify(part.map((e, n) => ({ ...e, n })))} AS json))
              AS x(n bigint, tbl text, row_id bigint, row_key text, op text, before text)
            ORDER BY x.n`,
      ),
    );
  }

  /** Last write wins per id: an update carries the whole row, so the later one holds the earlier. */
  function lastById<T extends { id: SqlValue }>(list: T[]): T[] {
    const byId = new Map<SqlValue, T>();
    for (const v of list) {
      byId.delete(v.id);
      byId.set(v.id, v);
    }
    return [...byId.values()];
  }

  function write(list: readonly Op[]): void {
    const entityInserts: EntityValues[] = [];
    const entityUpdates: (EntityValues & { id: SqlValue })[] = [];
    const recordInserts: RecordInsert[] = [];
    const recordUpdates: { id: number; date: string; data: string }[] = [];
    const logs: LogEntry[] = [];
    for (const o of list) {
      if (o.kind === 'entityInsert') entityInserts.push(o.v);
      else if (o.kind === 'entityUpdate') entityUpdates.push(o.v as EntityValues & { id: SqlValue });
      else if (o.kind === 'recordInsert') recordInserts.push(o.v);
      else if (o.kind === 'recordUpdate') recordUpdates.push(o.v);
      else logs.push(o.v);
    }
    // Entities before the records that name them, inserts before the updates of the same rows.
    insertEntities(entityInserts);
    updateEntities(lastById(entityUpdates));
    insertRecords(recordInserts);
    updateRecords(lastById(recordUpdates));
    insertLogs(logs);
  }

  return {
    /** The sheet row (0-based) the writes that follow belong to. */
    set row(r: number) {
      row = r;
    },

    get pending(): boolean {
      return ops.length > 0;
    },

    newEntityId: () => nextId('entities'),
    newRecordId: () => nextId('records'),

    insertEntity(v: EntityValues): void {
      ops.push({ row, kind: 'entityInsert', v });
    },
    updateEntity(v: EntityValues): void {
      ops.push({ row, kind: 'entityUpdate', v });
    },
    insertRecord(v: RecordInsert): void {
      ops.push({ row, kind: 'recordInsert', v });
    },
    updateRecord(v: { id: number; date: string; data: string }): void {
      ops.push({ row, kind: 'recordUpdate', v });
    },
    log(v: LogEntry): void {
      ops.push({ row, kind: 'log', v });
    },

    /**
     * Writes what is held. Returns the sheet rows the database refused (their writes are not made), in
     * sheet order; empty when the set-based statements went through, as they do unless a CHECK fails.
     */
    flush(): number[] {
      if (ops.length === 0) return [];
      const held = ops.splice(0);
      try {
        db.unitOfWork(() => write(held));
        return [];
      } catch (e) {
        if (!isConstraintViolation(e)) throw e;
      }
      const refused: number[] = [];
      let from = 0;
      while (from < held.length) {
        let to = from + 1;
        while (to < held.length && held[to]!.row === held[from]!.row) to++;
        const rowOps = held.slice(from, to);
        try {
          db.unitOfWork(() => write(rowOps));
        } catch (e) {
          if (!isConstraintViolation(e)) throw e;
          refused.push(held[from]!.row);
        }
        from = to;
      }
      return refused;
    },
  };
}

export type PgImportWrites = ReturnType<typeof createPgImportWrites>;
