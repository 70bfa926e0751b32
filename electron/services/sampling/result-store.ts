/**
 * Rows of `inspection_results` and the credit-file `inspection` record each one carries. Internal to
 * the sampling services (no authorization, no audit, no re-grade: callers do those once per change).
 */
import { type CreditRecord, recordNaturalKey } from '../../../shared/domain/records.ts';
import type { Db } from '../../db/open.ts';
import { recordData } from '../entities/record-data.ts';
import type { StoredTask } from './task-store.ts';

export interface ResultWrite {
  entityId: number;
  /** Normalised result codes. */
  codes: string[];
  checkedOn: string;
  followUp: string | null;
  note: string | null;
}

/** Entities of the plan among `entityIds` (the rest are not in it). */
export function planMembers(db: Db, planId: number, entityIds: readonly number[]): Set<number> {
  const found = db
    .prepare(
      'SELECT entity_id FROM inspection_plan_entries WHERE plan_id = ? AND entity_id IN (SELECT value FROM json_each(?))',
    )
    .pluck()
    .all(planId, JSON.stringify(entityIds)) as number[];
  return new Set(found);
}

/** Entities among `entityIds` that already have a result in the plan. */
export function withResult(db: Db, planId: number, entityIds: readonly number[]): Set<number> {
  const found = db
    .prepare(
      'SELECT entity_id FROM inspection_results WHERE plan_id = ? AND entity_id IN (SELECT value FROM json_each(?))',
    )
    .pluck()
    .all(planId, JSON.stringify(entityIds)) as number[];
  return new Set(found);
}

/**
 * Stores one entity's result and its `inspection` record (replacing the record an earlier result of
 * this plan wrote). Returns whether an earlier result was replaced.
 */
export function writeResult(
  db: Db,
  task: StoredTask,
  planId: number,
  w: ResultWrite,
  enteredBy: string,
  at: string,
): boolean {
  const record: CreditRecord = {
    type: 'inspection',
    date: w.checkedOn,
    plan: task.number,
    items: task.items,
    results: w.codes,
    followUp: w.followUp,
  };
  const previous = db
    .prepare('SELECT record_id FROM inspection_results WHERE plan_id = ? AND entity_id = ?')
    .get(planId, w.entityId) as { record_id: number | null } | undefined;
  if (previous?.record_id) db.prepare('DELETE FROM records WHERE id = ?').run(previous.record_id);
  const recordId = (
    db
      .prepare(
        `INSERT INTO records (entity_id, type, date, natural_key, source, batch_id, data, created_at)
         VALUES (?, 'inspection', ?, ?, ?, NULL, ?, ?)
         ON CONFLICT (entity_id, natural_key) DO UPDATE SET data = excluded.data, source = excluded.source
         RETURNING id`,
      )
      .get(
        w.entityId,
        record.date,
        recordNaturalKey(record),
        `双随机抽查 ${task.number}`,
        JSON.stringify(recordData(record)),
        at,
      ) as { id: number }
  ).id;
  db.prepare(
    `INSERT INTO inspection_results (plan_id, entity_id, checked_on, results, follow_up, note, record_id, entered_at, entered_by)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (plan_id, entity_id) DO UPDATE SET checked_on = excluded.checked_on, results = excluded.results,
       follow_up = excluded.follow_up, note = excluded.note, record_id = excluded.record_id,
       entered_at = excluded.entered_at, entered_by = excluded.entered_by`,
  ).run(
    planId,
    w.entityId,
    w.checkedOn,
    JSON.stringify(w.codes),
    w.followUp,
    w.note,
    recordId,
    at,
    enteredBy,
  );
  return previous !== undefined;
}

/** Removes one entity's result and the record it wrote; false when it had none. */
export function deleteResult(db: Db, planId: number, entityId: number): boolean {
  const row = db
    .prepare('DELETE FROM inspection_results WHERE plan_id = ? AND entity_id = ? RETURNING record_id')
    .get(planId, entityId) as { record_id: number | null } | undefined;
  if (!row) return false;
  if (row.record_id) db.prepare('DELETE FROM records WHERE id = ?').run(row.record_id);
  return true;
}

/** Entities of the plan still without a result. */
export function remainingCount(db: Db, planId: number): number {
  const r = db
    .prepare(
      `SELECT count(*) AS n FROM inspection_plan_entries pe
       WHERE pe.plan_id = ? AND NOT EXISTS
         (SELECT 1 FROM inspection_results r WHERE r.plan_id = pe.plan_id AND r.entity_id = pe.entity_id)`,
    )
    .get(planId) as { n: number };
  return r.n;
}
