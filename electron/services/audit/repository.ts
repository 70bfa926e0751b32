/**
 * The audit area's repository: the only code that writes SQL for audit_log and audit_head (migration
 * 006 keeps the head with a trigger). The chain's rules — what the next entry links to, how a hash is
 * made, what counts as broken — stay in log.ts and verify.ts; this module only stores and reads.
 */
import {
  all,
  column,
  type DataDoor,
  dialect,
  get,
  isPg,
  iterate,
  run,
  type SqlQuery,
  sql,
  unitOfWork,
  value,
} from '../../db/sql.ts';

export { unitOfWork };

/** An entry as stored: the detail is the JSON text that was hashed, never re-serialised. */
export interface StoredAuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detailJson: string;
  prevHash: string;
  hash: string;
}

/** The head the trigger keeps: the last entry's id and hash, how many entries, and the highest id present. */
export interface AuditHeadRow {
  id: number;
  hash: string;
  entries: number;
  maxId: number | null;
}

/** SQLite says "no such table"; PostgreSQL answers SQLSTATE 42P01 (undefined_table). */
function isMissingTable(e: unknown): boolean {
  return (
    e instanceof Error && (/no such table/.test(e.message) || (e as { code?: unknown }).code === '42P01')
  );
}

/** The head, or null when it has no row — or no table yet (a database before migration 006, in migration tests). */
export function readAuditHead(db: DataDoor): AuditHeadRow | null {
  try {
    return (
      get<AuditHeadRow>(
        db,
        sql`SELECT last_id AS id, last_hash AS hash, entries, (SELECT max(id) FROM audit_log) AS "maxId"
            FROM audit_head WHERE id = 1`,
      ) ?? null
    );
  } catch (e) {
    if (isMissingTable(e)) return null;
    throw e;
  }
}

/**
 * Runs an append (`fn` reads the chain's tip and inserts after it) with the chain to itself. On
 * PostgreSQL several connections append at once: the head row is locked until the transaction ends, so
 * the next appender reads the tip after this one commits (READ COMMITTED: each statement sees what
 * committed before it); without it two appenders would take the same id and one would fail on the key.
 * An append outside a unit of work gets one of its own there, or the lock would end with its statement.
 * On SQLite the write lock already serialises writers: `fn` just runs.
 */
export function withAuditHeadLocked<T>(db: DataDoor, fn: () => T): T {
  if (!isPg(db)) return fn();
  const locked = () => {
    run(db, sql`SELECT 1 FROM audit_head WHERE id = 1 FOR UPDATE`);
    return fn();
  };
  return db.inUnitOfWork ? locked() : unitOfWork(db, locked);
}

/** The entry with the highest id, whatever the head says. */
export function lastAuditEntry(db: DataDoor): { id: number; hash: string } | null {
  return (
    get<{ id: number; hash: string }>(db, sql`SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1`) ??
    null
  );
}

export function insertAuditEntry(db: DataDoor, e: StoredAuditEntry): void {
  run(
    db,
    sql`INSERT INTO audit_log (id, at, actor, action, target, detail, prev_hash, hash)
        VALUES (${e.id}, ${e.at}, ${e.actor}, ${e.action}, ${e.target}, ${e.detailJson}, ${e.prevHash}, ${e.hash})`,
  );
}

/** Whether an entry of `action` has `field` = `text` in its detail. `field` must be a plain name (checked here). */
export function hasEntryWithDetail(db: DataDoor, action: string, field: string, text: string): boolean {
  if (!/^[a-zA-Z]+$/.test(field)) throw new Error('detail field must be a plain name');
  const fieldValue = dialect(db, {
    sqlite: sql`json_extract(detail, ${`$.${field}`})`,
    postgres: sql`(detail::jsonb ->> CAST(${field} AS text))`,
  });
  return (
    value<number>(
      db,
      sql`SELECT 1 FROM audit_log WHERE action = ${action} AND ${fieldValue} = ${text} LIMIT 1`,
    ) !== undefined
  );
}

/** Whether a deferred entry (its deferredId inside the detail) is already in the chain. */
export function hasDeferredEntry(db: DataDoor, at: string, action: string, deferredId: string): boolean {
  return (
    value<number>(
      db,
      sql`SELECT 1 FROM audit_log WHERE at = ${at} AND action = ${action} AND detail LIKE '%' || CAST(${deferredId} AS text) || '%' LIMIT 1`,
    ) !== undefined
  );
}

export function auditEntryHash(db: DataDoor, id: number): string | null {
  return value<string>(db, sql`SELECT hash FROM audit_log WHERE id = ${id}`) ?? null;
}

/** Who made the latest entry about `target` among actions starting with `actionPrefix`, and when. */
export function lastEntryAbout(
  db: DataDoor,
  target: string,
  actionPrefix: string,
): { by: string; at: string } | null {
  return (
    get<{ by: string; at: string }>(
      db,
      sql`SELECT actor AS "by", at FROM audit_log WHERE target = ${target} AND action LIKE ${`${actionPrefix}%`}
          ORDER BY id DESC LIMIT 1`,
    ) ?? null
  );
}

/** Who made an entry of `action` at exactly `at` (a row's updated_at names its save's entry). */
export function entryOfActionAt(db: DataDoor, action: string, at: string): { by: string; at: string } | null {
  return (
    get<{ by: string; at: string }>(
      db,
      sql`SELECT actor AS "by", at FROM audit_log WHERE action = ${action} AND at = ${at} ORDER BY id DESC LIMIT 1`,
    ) ?? null
  );
}

export function auditEntryTimes(db: DataDoor, action: string): string[] {
  return column<string>(db, sql`SELECT at FROM audit_log WHERE action = ${action} ORDER BY id`);
}

/** The head with the time of the entry it points to (null when that entry is gone). */
export function readAuditHeadWithTime(
  db: DataDoor,
): { id: number; hash: string; entries: number; at: string | null } | null {
  return (
    get<{ id: number; hash: string; entries: number; at: string | null }>(
      db,
      sql`SELECT h.last_id AS id, h.last_hash AS hash, h.entries AS entries, l.at AS at
          FROM audit_head h LEFT JOIN audit_log l ON l.id = h.last_id WHERE h.id = 1`,
    ) ?? null
  );
}

/** Every restore, oldest first, with the head id the restored copy's log had (null when not recorded). */
export function auditRestoreEntries(db: DataDoor): { at: string; restoredHeadId: number | null }[] {
  const restoredHeadId = dialect(db, {
    sqlite: sql`json_extract(detail, '$.restoredHead.id')`,
    postgres: sql`(detail::jsonb #>> '{restoredHead,id}')::bigint`,
  });
  return all<{ at: string; restoredHeadId: number | null }>(
    db,
    sql`SELECT at, ${restoredHeadId} AS "restoredHeadId"
        FROM audit_log WHERE action = 'backup.restore' ORDER BY id`,
  );
}

export function countAllAuditEntries(db: DataDoor): number {
  return value<number>(db, sql`SELECT count(*) FROM audit_log`) ?? 0;
}

/** Every entry in id order, one at a time (the log may hold years of entries). */
export function iterateAuditChain(db: DataDoor): IterableIterator<StoredAuditEntry> {
  return iterate<StoredAuditEntry>(
    db,
    sql`SELECT id, at, actor, action, target, detail AS "detailJson", prev_hash AS "prevHash", hash
        FROM audit_log ORDER BY id`,
  );
}

// ---- Reading the log for people (操作日志, its export, the command line) ----

/** An entry as listed: the stored fields without the chain's hashes. */
export interface ListedAuditEntry {
  id: number;
  at: string;
  actor: string;
  action: string;
  target: string | null;
  detailJson: string;
}

/** Which entries, in stored terms; an absent field does not filter. */
export interface AuditSelection {
  actor?: string;
  /** Action codes starting with this ('user.' is every user-management entry). */
  actionPrefix?: string;
  /** UTC instants: from (inclusive) and before (exclusive). */
  fromAt?: string;
  beforeAt?: string;
}

function filterConditions(f: AuditSelection): SqlQuery[] {
  const where: SqlQuery[] = [];
  if (f.actor) where.push(sql`actor = ${f.actor}`);
  // The cast names the parameter's type: PostgreSQL cannot pick among length()'s overloads without it.
  if (f.actionPrefix)
    where.push(sql`substr(action, 1, length(CAST(${f.actionPrefix} AS text))) = ${f.actionPrefix}`);
  if (f.fromAt) where.push(sql`at >= ${f.fromAt}`);
  if (f.beforeAt) where.push(sql`at < ${f.beforeAt}`);
  return where;
}

function whereClause(conditions: SqlQuery[]): SqlQuery {
  return conditions.length ? sql`WHERE ${sql.join(conditions, ' AND ')}` : sql``;
}

const LISTED = sql.raw('id, at, actor, action, target, detail AS "detailJson"');

export function countAuditEntries(db: DataDoor, f: AuditSelection): number {
  return value<number>(db, sql`SELECT count(*) FROM audit_log ${whereClause(filterConditions(f))}`) ?? 0;
}

/** A page of the filtered log, newest first. */
export function auditPage(
  db: DataDoor,
  f: AuditSelection,
  offset: number,
  limit: number,
): ListedAuditEntry[] {
  return all<ListedAuditEntry>(
    db,
    sql`SELECT ${LISTED} FROM audit_log ${whereClause(filterConditions(f))}
        ORDER BY id DESC LIMIT ${limit} OFFSET ${offset}`,
  );
}

/** Up to `limit` filtered entries with ids below `beforeId`, newest first: one batch of a long read. */
export function auditEntriesBefore(
  db: DataDoor,
  f: AuditSelection,
  beforeId: number,
  limit: number,
): ListedAuditEntry[] {
  const where = whereClause([...filterConditions(f), sql`id < ${beforeId}`]);
  return all<ListedAuditEntry>(
    db,
    sql`SELECT ${LISTED} FROM audit_log ${where} ORDER BY id DESC LIMIT ${limit}`,
  );
}

/** Everyone who has an entry, by user name. */
export function auditActors(db: DataDoor): string[] {
  return column<string>(db, sql`SELECT DISTINCT actor FROM audit_log ORDER BY actor`);
}

/**
 * Names of the entities and inspection tasks entries refer to, looked up by id for describing them.
 * These read other areas' tables; they are here because only the log's reader needs them in this form.
 */
export function namesOf(
  db: DataDoor,
  table: 'entities' | 'inspection_tasks',
  ids: readonly number[],
): Map<number, string> {
  if (ids.length === 0) return new Map();
  const from = table === 'entities' ? sql`entities` : sql`inspection_tasks`;
  const rows = all<{ id: number; name: string }>(
    db,
    sql`SELECT id, name FROM ${from} WHERE id IN ${sql.list(ids)}`,
  );
  return new Map(rows.map((r) => [r.id, r.name]));
}
