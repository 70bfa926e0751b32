/**
 * The task lifecycle after the draw (SPEC §6.5): drawn (locked) → in progress → results entered →
 * reviewed → published. A result becomes an `inspection` record in the entity's credit file at once,
 * so the next grading run sees it; correcting a result replaces that record. Every step is audited.
 */
import { ApiError } from '../../../shared/api/errors.ts';
import {
  normalizeResults,
  proposedFollowUps,
  type FollowUp,
} from '../../../shared/inspection-results/index.ts';
import { type CreditRecord, recordNaturalKey } from '../../../shared/domain/records.ts';
import type { Db } from '../../db/open.ts';
import { appendAudit } from '../audit.ts';
import { type Actor, authorize } from '../authz.ts';
import { recordData } from '../entity-store.ts';
import { onRecordsChanged } from '../grading/records-changed.ts';
import { currentPlan, loadTask, requireStatus, setStatus } from './task-store.ts';

export function startTask(db: Db, actor: Actor, taskId: number, at: string): void {
  authorize(actor, 'sampling.manage');
  db.transaction(() => {
    const task = loadTask(db, taskId);
    requireStatus(task, ['drawn'], '开始检查');
    setStatus(db, taskId, 'in_progress', at);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.task.start',
      target: task.number,
      detail: { taskId },
    });
  })();
}

export interface ResultInput {
  entityId: number;
  results: readonly string[];
  checkedOn: string;
  followUp: string | null;
  note: string | null;
}

export function enterResult(
  db: Db,
  actor: Actor,
  taskId: number,
  input: ResultInput,
  at: string,
): { results: string[]; followUps: FollowUp[]; remaining: number } {
  authorize(actor, 'sampling.results');
  let codes: string[];
  try {
    codes = normalizeResults(input.results);
  } catch (e) {
    throw new ApiError('invalid_input', (e as Error).message);
  }
  const followUps = proposedFollowUps(codes);
  return db.transaction(() => {
    const task = loadTask(db, taskId);
    requireStatus(task, ['drawn', 'in_progress', 'results_entered'], '录入检查结果');
    const plan = currentPlan(db, task);
    const entry = db
      .prepare('SELECT entity_id FROM inspection_plan_entries WHERE plan_id = ? AND entity_id = ?')
      .get(plan.id, input.entityId);
    if (!entry) throw new ApiError('invalid_input', '该主体不在本次抽查计划中');
    if (input.checkedOn < task.startDate)
      throw new ApiError('invalid_input', `检查日期不能早于任务开始日期 ${task.startDate}`);

    const followUp = input.followUp?.trim() || followUps.map((f) => f.text).join('；') || null;
    const record: CreditRecord = {
      type: 'inspection',
      date: input.checkedOn,
      plan: task.number,
      items: task.items,
      results: codes,
      followUp,
    };
    const previous = db
      .prepare('SELECT record_id FROM inspection_results WHERE plan_id = ? AND entity_id = ?')
      .get(plan.id, input.entityId) as { record_id: number | null } | undefined;
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
          input.entityId,
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
      plan.id,
      input.entityId,
      input.checkedOn,
      JSON.stringify(codes),
      followUp,
      input.note?.trim() || null,
      recordId,
      at,
      actor.username,
    );
    if (task.status === 'drawn') setStatus(db, taskId, 'in_progress', at);
    onRecordsChanged(db, [input.entityId], at);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: previous ? 'sampling.result.correct' : 'sampling.result.enter',
      target: task.number,
      detail: {
        taskId,
        planId: plan.id,
        entityId: input.entityId,
        results: codes,
        checkedOn: input.checkedOn,
      },
    });
    const remaining = db
      .prepare(
        `SELECT count(*) AS n FROM inspection_plan_entries pe
         WHERE pe.plan_id = ? AND NOT EXISTS
           (SELECT 1 FROM inspection_results r WHERE r.plan_id = pe.plan_id AND r.entity_id = pe.entity_id)`,
      )
      .get(plan.id) as { n: number };
    return { results: codes, followUps, remaining: remaining.n };
  })();
}

/** All entities of the plan have a result → results entered (ready for review). */
export function completeResults(db: Db, actor: Actor, taskId: number, at: string): void {
  authorize(actor, 'sampling.results');
  db.transaction(() => {
    const task = loadTask(db, taskId);
    requireStatus(task, ['drawn', 'in_progress'], '提交结果');
    const plan = currentPlan(db, task);
    const missing = db
      .prepare(
        `SELECT pe.code FROM inspection_plan_entries pe
         WHERE pe.plan_id = ? AND NOT EXISTS
           (SELECT 1 FROM inspection_results r WHERE r.plan_id = pe.plan_id AND r.entity_id = pe.entity_id)
         ORDER BY pe.position`,
      )
      .all(plan.id) as { code: string }[];
    if (missing.length > 0)
      throw new ApiError(
        'conflict',
        `还有 ${missing.length} 户未录入检查结果（如 ${missing[0]?.code}），不能提交。`,
      );
    setStatus(db, taskId, 'results_entered', at);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.results.complete',
      target: task.number,
      detail: { taskId, planId: plan.id },
    });
  })();
}

export function reviewTask(db: Db, actor: Actor, taskId: number, at: string): void {
  authorize(actor, 'sampling.review');
  db.transaction(() => {
    const task = loadTask(db, taskId);
    requireStatus(task, ['results_entered'], '审核');
    db.prepare(
      "UPDATE inspection_tasks SET status = 'reviewed', reviewed_at = ?, reviewed_by = ?, updated_at = ? WHERE id = ?",
    ).run(at, actor.username, at, taskId);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.review',
      target: task.number,
      detail: { taskId },
    });
  })();
}

export function publishTask(db: Db, actor: Actor, taskId: number, at: string): void {
  authorize(actor, 'sampling.review');
  db.transaction(() => {
    const task = loadTask(db, taskId);
    requireStatus(task, ['reviewed'], '公示');
    db.prepare(
      "UPDATE inspection_tasks SET status = 'published', published_at = ?, published_by = ?, updated_at = ? WHERE id = ?",
    ).run(at, actor.username, at, taskId);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.publish',
      target: task.number,
      detail: { taskId, planId: task.currentPlanId },
    });
  })();
}
