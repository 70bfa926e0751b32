/**
 * `inspection_results` and the credit-file `inspection` record each one carries. No authorization,
 * no audit, no re-grade here: the services do those once per change.
 */
import { type CreditRecord, recordNaturalKey } from '../../../../shared/domain/records.ts';
import {
  all,
  column,
  type DataDoor,
  dialect,
  get,
  isPg,
  run,
  type SqlQuery,
  sql,
  value,
} from '../../../db/sql.ts';
import { recordData } from '../../entities/record-data.ts';
import { readSetting, writeSetting } from '../../settings/repository.ts';
import type { StoredTask } from './tasks.ts';

export interface ResultWrite {
  entityId: number;
  /** Normalised result codes. */
  codes: string[];
  checkedOn: string;
  followUp: string | null;
  note: string | null;
}

/**
 * The ids as a subquery over one JSON parameter, so the statement text never varies with the list
 * (`json_each` on SQLite, `jsonb_array_elements_text` on PostgreSQL).
 */
const idsIn = (db: DataDoor, ids: readonly number[]): SqlQuery =>
  dialect(db, {
    sqlite: sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`,
    postgres: sql`(SELECT CAST(value AS bigint) FROM jsonb_array_elements_text(CAST(${JSON.stringify(ids)} AS jsonb)))`,
  });

/**
 * Version continuity of a cleared result. Clearing deletes the result's row (every reader counts rows
 * as entered results), so the version the row reached would be forgotten and a result entered again
 * would restart at 1 — and a save based on the cleared result, still open in another officer's form at
 * that version, would then pass the check and overwrite an entry its author never saw. So the highest
 * version a cleared result of the plan reached is kept (one small settings value per plan that ever had
 * a result cleared), and every new result row of the plan starts above it.
 */
const clearedVersionKey = (planId: number) => `sampling.clearedResultVersion.${planId}`;

function clearedVersion(db: DataDoor, planId: number): number {
  const v = readSetting(db, clearedVersionKey(planId));
  return typeof v === 'number' ? v : 0;
}

/** The version a new result row of this plan starts at: 1, or above every result cleared in it. */
export function firstResultVersion(db: DataDoor, planId: number): number {
  return clearedVersion(db, planId) + 1;
}

/** A result row of the plan at `version` was deleted: the plan's next new result starts above it. */
export function keepClearedResultVersion(db: DataDoor, planId: number, version: number): void {
  if (version > clearedVersion(db, planId)) writeSetting(db, clearedVersionKey(planId), version);
}

/** Entities of the plan among `entityIds` (the rest are not in it). */
export function planMembers(db: DataDoor, planId: number, entityIds: readonly number[]): Set<number> {
  return new Set(
    column<number>(
      db,
      sql`SELECT entity_id FROM inspection_plan_entries
          WHERE plan_id = ${planId} AND entity_id IN ${idsIn(db, entityIds)}`,
    ),
  );
}

/** Entities among `entityIds` that already have a result in the plan. */
export function withResult(db: DataDoor, planId: number, entityIds: readonly number[]): Set<number> {
  return new Set(
    column<number>(
      db,
      sql`SELECT entity_id FROM inspection_results
          WHERE plan_id = ${planId} AND entity_id IN ${idsIn(db, entityIds)}`,
    ),
  );
}

/**
 * Stores one entity's result and its `inspection` record (replacing the record an earlier result of
 * this plan wrote). Returns whether an earlier result was replaced and the row's version now.
 */
export function writeResult(
  db: DataDoor,
  task: Pick<StoredTask, 'number' | 'items'>,
  planId: number,
  w: ResultWrite,
  enteredBy: string,
  at: string,
): { replaced: boolean; version: number } {
  const record: CreditRecord = {
    type: 'inspection',
    date: w.checkedOn,
    plan: task.number,
    items: task.items,
    results: w.codes,
    followUp: w.followUp,
  };
  const previous = get<{ record_id: number | null }>(
    db,
    sql`SELECT record_id FROM inspection_results WHERE plan_id = ${planId} AND entity_id = ${w.entityId}`,
  );
  if (previous?.record_id) run(db, sql`DELETE FROM records WHERE id = ${previous.record_id}`);
  const recordId = value<number>(
    db,
    sql`INSERT INTO records (entity_id, type, date, natural_key, source, batch_id, data, created_at)
        VALUES (${w.entityId}, 'inspection', ${record.date}, ${recordNaturalKey(record)},
                ${`双随机抽查 ${task.number}`}, NULL, ${JSON.stringify(recordData(record))}, ${at})
        ON CONFLICT (entity_id, natural_key) DO UPDATE SET data = excluded.data, source = excluded.source
        RETURNING id`,
  );
  // An existing row adds one to its own version; only a new row takes the first version.
  const first = previous ? 1 : firstResultVersion(db, planId);
  const version = value<number>(
    db,
    sql`INSERT INTO inspection_results
          (plan_id, entity_id, checked_on, results, follow_up, note, record_id, entered_at, entered_by, row_version)
        VALUES (${planId}, ${w.entityId}, ${w.checkedOn}, ${JSON.stringify(w.codes)}, ${w.followUp}, ${w.note},
                ${recordId ?? null}, ${at}, ${enteredBy}, ${first})
        ON CONFLICT (plan_id, entity_id) DO UPDATE SET checked_on = excluded.checked_on,
          results = excluded.results, follow_up = excluded.follow_up, note = excluded.note,
          record_id = excluded.record_id, entered_at = excluded.entered_at, entered_by = excluded.entered_by,
          row_version = inspection_results.row_version + 1
        RETURNING row_version`,
  );
  return { replaced: previous !== undefined, version: Number(version) };
}

/** One entity's result as stored now, with its version and who last wrote it. */
export interface StoredResult {
  version: number;
  results: string[];
  checkedOn: string;
  followUp: string | null;
  note: string | null;
  enteredAt: string;
  enteredBy: string;
}

export function findResult(db: DataDoor, planId: number, entityId: number): StoredResult | undefined {
  const r = get<{
    row_version: number;
    results: string;
    checked_on: string;
    follow_up: string | null;
    note: string | null;
    entered_at: string;
    entered_by: string;
  }>(
    db,
    sql`SELECT row_version, results, checked_on, follow_up, note, entered_at, entered_by
        FROM inspection_results WHERE plan_id = ${planId} AND entity_id = ${entityId}`,
  );
  return (
    r && {
      version: Number(r.row_version),
      results: JSON.parse(r.results),
      checkedOn: r.checked_on,
      followUp: r.follow_up,
      note: r.note,
      enteredAt: r.entered_at,
      enteredBy: r.entered_by,
    }
  );
}

/** One result for many entities: what `writeResults` writes for each of them. */
export interface SameResultWrite {
  entityIds: readonly number[];
  codes: string[];
  checkedOn: string;
  followUp: string | null;
}

/** Entities per statement on PostgreSQL (其余全部 over a plan of thousands). */
const RESULT_BATCH = 5000;

/**
 * The same result (and its `inspection` record) for each of these entities, as `writeResult` stores
 * one. SQLite: writeResult per entity (statements cost microseconds). PostgreSQL: per batch one
 * DELETE of the records earlier results wrote and one statement inserting the records and the results
 * (a data-modifying CTE) instead of four round trips per entity.
 */
export function writeResults(
  db: DataDoor,
  task: Pick<StoredTask, 'number' | 'items'>,
  planId: number,
  w: SameResultWrite,
  enteredBy: string,
  at: string,
): void {
  const one = (entityId: number): ResultWrite => ({
    entityId,
    codes: w.codes,
    checkedOn: w.checkedOn,
    followUp: w.followUp,
    note: null,
  });
  if (!isPg(db)) {
    for (const entityId of w.entityIds) writeResult(db, task, planId, one(entityId), enteredBy, at);
    return;
  }
  const record: CreditRecord = {
    type: 'inspection',
    date: w.checkedOn,
    plan: task.number,
    items: task.items,
    results: w.codes,
    followUp: w.followUp,
  };
  const results = JSON.stringify(w.codes);
  const first = firstResultVersion(db, planId);
  for (let from = 0; from < w.entityIds.length; from += RESULT_BATCH) {
    const ids = w.entityIds.slice(from, from + RESULT_BATCH);
    run(
      db,
      sql`DELETE FROM records WHERE id IN (SELECT record_id FROM inspection_results
                                           WHERE plan_id = ${planId} AND entity_id IN ${idsIn(db, ids)})`,
    );
    run(
      db,
      sql`WITH r AS (
            INSERT INTO records (entity_id, type, date, natural_key, source, batch_id, data, created_at)
            SELECT e.id, 'inspection', CAST(${record.date} AS text), CAST(${recordNaturalKey(record)} AS text),
                   CAST(${`双随机抽查 ${task.number}`} AS text), NULL,
                   CAST(${JSON.stringify(recordData(record))} AS text), CAST(${at} AS text)
            FROM ${idsIn(db, ids)} AS e(id)
            ON CONFLICT (entity_id, natural_key) DO UPDATE SET data = excluded.data, source = excluded.source
            RETURNING id, entity_id)
          INSERT INTO inspection_results
            (plan_id, entity_id, checked_on, results, follow_up, note, record_id, entered_at, entered_by, row_version)
          SELECT CAST(${planId} AS bigint), r.entity_id, CAST(${w.checkedOn} AS text), CAST(${results} AS text),
                 CAST(${w.followUp} AS text), NULL, r.id, CAST(${at} AS text), CAST(${enteredBy} AS text),
                 CAST(${first} AS bigint)
          FROM r
          ON CONFLICT (plan_id, entity_id) DO UPDATE SET checked_on = excluded.checked_on,
            results = excluded.results, follow_up = excluded.follow_up, note = excluded.note,
            record_id = excluded.record_id, entered_at = excluded.entered_at, entered_by = excluded.entered_by,
          row_version = inspection_results.row_version + 1`,
    );
  }
}

/**
 * Removes one entity's result and the record it wrote; false when it had none. The version it had
 * reached is kept for the plan (firstResultVersion), so the result entered next continues above it.
 */
export function deleteResult(db: DataDoor, planId: number, entityId: number): boolean {
  const row = get<{ record_id: number | null; row_version: number | string }>(
    db,
    sql`DELETE FROM inspection_results WHERE plan_id = ${planId} AND entity_id = ${entityId}
        RETURNING record_id, row_version`,
  );
  if (!row) return false;
  if (row.record_id) run(db, sql`DELETE FROM records WHERE id = ${row.record_id}`);
  keepClearedResultVersion(db, planId, Number(row.row_version));
  return true;
}

const WITHOUT_RESULT = (planId: number) =>
  sql`FROM inspection_plan_entries pe
      WHERE pe.plan_id = ${planId} AND NOT EXISTS
        (SELECT 1 FROM inspection_results r WHERE r.plan_id = pe.plan_id AND r.entity_id = pe.entity_id)`;

/** Entities of the plan still without a result. */
export function remainingCount(db: DataDoor, planId: number): number {
  return value<number>(db, sql`SELECT count(*) ${WITHOUT_RESULT(planId)}`) ?? 0;
}

/** Codes of the plan's entities still without a result, in plan order. */
export function codesWithoutResult(db: DataDoor, planId: number): string[] {
  return column<string>(db, sql`SELECT pe.code ${WITHOUT_RESULT(planId)} ORDER BY pe.position`);
}

export function resultCount(db: DataDoor, planId: number): number {
  return value<number>(db, sql`SELECT count(*) FROM inspection_results WHERE plan_id = ${planId}`) ?? 0;
}

export interface NoticeRow {
  code: string;
  name: string;
  checkedOn: string;
  results: string[];
  followUp: string | null;
}

/** The plan's results in plan order with the entity's name, for the publication notice. */
export function noticeRows(db: DataDoor, planId: number): NoticeRow[] {
  return all<{ code: string; name: string; checked_on: string; results: string; follow_up: string | null }>(
    db,
    sql`SELECT pe.code, e.name, r.checked_on, r.results, r.follow_up
        FROM inspection_results r
        JOIN inspection_plan_entries pe ON pe.plan_id = r.plan_id AND pe.entity_id = r.entity_id
        JOIN entities e ON e.id = r.entity_id
        WHERE r.plan_id = ${planId} ORDER BY pe.position`,
  ).map((r) => ({
    code: r.code,
    name: r.name,
    checkedOn: r.checked_on,
    results: JSON.parse(r.results),
    followUp: r.follow_up,
  }));
}

/** The entity's name, for messages about its result. */
export function entityName(db: DataDoor, entityId: number): string {
  return value<string>(db, sql`SELECT name FROM entities WHERE id = ${entityId}`) ?? '';
}
