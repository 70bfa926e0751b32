/**
 * What an import batch left behind, so undo can tell whether anything changed those rows since.
 *
 * The undo log (exchange_changes) holds before-images; undo writes them back and deletes what the batch
 * inserted. That is only right while the rows are still exactly as the batch left them: an inspection
 * result entered afterwards, a demo re-run, a repair by SQL would otherwise be silently overwritten or
 * deleted. So at commit every row the batch inserted or updated gets a 53-bit digest of all its columns
 * (`exchange_after`, migration 004), and undo compares the rows' current digests with them first.
 * A digest instead of the whole after-image: 8 bytes per row rather than a second copy of a 100,000-row
 * list, and an accidental match of a changed row is a 1 in 2^53 chance.
 *
 * SQLite computes the digests inside SQL (a function registered on the connection); PostgreSQL reads
 * the rows and computes the same digest in JavaScript (after-images-pg.ts).
 */
import { RECORD_TYPE_LABELS, type RecordType } from '../../../../shared/domain/records.ts';
import type { Db } from '../../../db/open.ts';
import {
  all,
  column,
  type DataDoor,
  get,
  isPg,
  run,
  type SqlQuery,
  type SqlValue,
  sql,
  value,
} from '../../../db/sql.ts';
import { changedRowsPg, recordAfterImagesPg } from './after-images-pg.ts';
import { ID_TABLES, KEYED_TABLES, type StoredRow } from './logged-tables.ts';
import { rowDigest } from './row-digest.ts';

const FN = 'cd_exchange_row_digest';

const registered = new WeakSet<Db>();

/** Registers the digest function on this connection (once). */
function ensureDigestFunction(db: Db): void {
  if (registered.has(db)) return;
  db.function(FN, { deterministic: true, varargs: true }, rowDigest);
  registered.add(db);
}

/**
 * SQL for the digest of row `alias` of `tbl`: every column, in the table's order. Table names come from
 * the fixed lists of logged-tables.ts, column names from the table itself.
 */
function digestSql(db: Db, tbl: string, alias: string): SqlQuery {
  const cols = column<string>(db, sql`SELECT name FROM pragma_table_info(${tbl}) ORDER BY cid`);
  return sql.raw(`${FN}(${cols.map((c) => `${alias}."${c}"`).join(', ')})`);
}

/** `t.k1 = json_extract(<json>, '$[0]') AND …` for a table keyed by other columns than an id. */
function keyJoin(tbl: string, json: string): SqlQuery {
  return sql.raw(
    (KEYED_TABLES[tbl] ?? []).map((k, i) => `t."${k}" = json_extract(${json}, '$[${i}]')`).join(' AND '),
  );
}

/**
 * Called once at the end of a committed import, in its transaction: records the digest of every row the
 * batch inserted (entities and records by batch_id, the rest by their log rows) or updated.
 */
export function recordAfterImages(db: DataDoor, batchId: number): void {
  if (isPg(db)) {
    recordAfterImagesPg(db, batchId);
    return;
  }
  ensureDigestFunction(db);
  for (const tbl of ID_TABLES) {
    const ownRows = tbl === 'entities' || tbl === 'records' ? sql`t.batch_id = ${batchId} OR ` : sql.raw('');
    run(
      db,
      sql`INSERT INTO exchange_after (batch_id, tbl, row_id, digest)
          SELECT ${batchId}, ${tbl}, t.id, ${digestSql(db, tbl, 't')} FROM ${sql.raw(tbl)} t
          WHERE ${ownRows}t.id IN (SELECT row_id FROM exchange_changes WHERE batch_id = ${batchId} AND tbl = ${tbl})`,
    );
  }
  for (const tbl of Object.keys(KEYED_TABLES)) {
    run(
      db,
      sql`INSERT INTO exchange_after (batch_id, tbl, row_key, digest)
          SELECT ${batchId}, ${tbl}, c.row_key, ${digestSql(db, tbl, 't')}
          FROM exchange_changes c JOIN ${sql.raw(tbl)} t ON ${keyJoin(tbl, 'c.row_key')}
          WHERE c.batch_id = ${batchId} AND c.tbl = ${tbl}`,
    );
  }
}

export interface ChangedSince {
  /** Rows changed or deleted since the batch wrote them. */
  count: number;
  /** One of them, in words (主体名称与代码, 执法人员, 事项编码 …). */
  example: string | null;
}

/**
 * The rows of the batch that are no longer exactly as it left them (changed, or deleted). Batches
 * committed before the digests existed have none recorded, and are not checked.
 */
export function rowsChangedSince(db: DataDoor, batchId: number): ChangedSince {
  if (isPg(db)) {
    const changed = changedRowsPg(db, batchId);
    const first = changed[0];
    if (!first) return { count: 0, example: null };
    const example =
      first.id !== null
        ? describeRow(db, batchId, first.tbl, first.id, first.gone)
        : describeKeyed(db, first.tbl, first.key ?? '[]', first.gone);
    return { count: changed.length, example };
  }
  ensureDigestFunction(db);
  let count = 0;
  let example: string | null = null;
  for (const tbl of ID_TABLES) {
    const rows = all<{ id: number; gone: number }>(
      db,
      sql`SELECT a.row_id AS id, t.id IS NULL AS gone FROM exchange_after a LEFT JOIN ${sql.raw(tbl)} t ON t.id = a.row_id
          WHERE a.batch_id = ${batchId} AND a.tbl = ${tbl} AND (t.id IS NULL OR ${digestSql(db, tbl, 't')} IS NOT a.digest)`,
    );
    count += rows.length;
    if (!example && rows.length > 0)
      example = describeRow(db, batchId, tbl, rows[0]!.id, rows[0]!.gone === 1);
  }
  for (const tbl of Object.keys(KEYED_TABLES)) {
    const firstKey = sql.raw(`t."${KEYED_TABLES[tbl]?.[0]}"`);
    const rows = all<{ key: string; gone: number }>(
      db,
      sql`SELECT a.row_key AS key, ${firstKey} IS NULL AS gone FROM exchange_after a LEFT JOIN ${sql.raw(tbl)} t ON ${keyJoin(tbl, 'a.row_key')}
          WHERE a.batch_id = ${batchId} AND a.tbl = ${tbl} AND (${firstKey} IS NULL OR ${digestSql(db, tbl, 't')} IS NOT a.digest)`,
    );
    count += rows.length;
    if (!example && rows.length > 0) example = describeKeyed(db, tbl, rows[0]!.key, rows[0]!.gone === 1);
  }
  return { count, example };
}

/** A row of a keyed table in words. */
function describeKeyed(db: DataDoor, tbl: string, rowKey: string, deleted: boolean): string {
  const key = JSON.parse(rowKey) as SqlValue[];
  const gone = deleted ? '（已删除）' : '';
  return tbl === 'inspection_results'
    ? `${describePlanResult(db, key)}${gone}`
    : `${KEYED_LABELS[tbl] ?? tbl}「${key.join('、')}」${gone}`;
}

const KEYED_LABELS: Record<string, string> = {
  inspector_conflicts: '回避关系',
  inspection_items: '抽查事项',
  calendar_days: '节假日',
};

/** A plan's result row in words: the entity and the task, never the internal ids of its key. */
function describePlanResult(db: DataDoor, [planId, entityId]: SqlValue[]): string {
  const row = get<{ name: string; code: string; number: string }>(
    db,
    sql`SELECT e.name, coalesce(e.uscc, e.reg_no) AS code, t.number FROM inspection_plans p
        JOIN inspection_tasks t ON t.id = p.task_id, entities e WHERE p.id = ${planId ?? null} AND e.id = ${entityId ?? null}`,
  );
  return row
    ? `抽查任务「${row.number}」中「${row.name}」（${row.code}）的检查结果`
    : '抽查计划中的一条检查结果';
}

/** A row in words; a deleted one from its before-image when the batch updated it, else by number. */
function describeRow(db: DataDoor, batchId: number, tbl: string, id: number, gone: boolean): string {
  const entity = (row: StoredRow | undefined) =>
    row ? `「${String(row.name)}」（${String(row.uscc ?? row.reg_no)}）` : '';
  const before = value<string>(
    db,
    sql`SELECT before FROM exchange_changes WHERE batch_id = ${batchId} AND tbl = ${tbl} AND row_id = ${id} AND before IS NOT NULL`,
  );
  // tbl is one of ID_TABLES (the caller iterates them).
  const row =
    (gone ? undefined : get<StoredRow>(db, sql`SELECT * FROM ${sql.raw(tbl)} WHERE id = ${id}`)) ??
    (before ? (JSON.parse(before) as StoredRow) : undefined);
  const suffix = gone ? '（已删除）' : '';
  if (tbl === 'entities') return row ? `市场主体${entity(row)}${suffix}` : `编号 ${id} 的市场主体${suffix}`;
  if (tbl === 'records') {
    if (!row) return `编号 ${id} 的信用记录${suffix}`;
    const owner = get<StoredRow>(
      db,
      sql`SELECT name, uscc, reg_no FROM entities WHERE id = ${row.entity_id ?? null}`,
    );
    return `${entity(owner)}的${RECORD_TYPE_LABELS[row.type as RecordType] ?? String(row.type)}记录（${String(row.date)}）${suffix}`;
  }
  if (tbl === 'inspectors')
    return row
      ? `执法人员「${String(row.name)}」（${String(row.employee_no)}）${suffix}`
      : `编号 ${id} 的执法人员${suffix}`;
  return `${tbl} 中编号 ${id} 的数据${suffix}`;
}
