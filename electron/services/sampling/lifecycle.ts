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
import type { DataDoor } from '../../db/sql.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { onRecordsChanged } from '../grading/records-changed.ts';
import { codesWithoutResult, planMembers, remainingCount, writeResult } from './repository/results.ts';
import { refuseStaleResult } from './stale-result.ts';
import { markPublished, markReviewed, setTaskStatus } from './repository/tasks.ts';
import { unitOfWork } from './repository/unit-of-work.ts';
import { currentPlanId, loadTaskForChange, requireStatus } from './task-store.ts';

export function startTask(db: DataDoor, actor: Actor, taskId: number, at: string): void {
  authorize(actor, 'sampling.manage');
  unitOfWork(db, () => {
    const task = loadTaskForChange(db, taskId);
    requireStatus(task, ['drawn'], '开始检查');
    setTaskStatus(db, taskId, 'in_progress', at);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.task.start',
      target: task.number,
      detail: { taskId },
    });
  });
}

export interface ResultInput {
  entityId: number;
  results: readonly string[];
  checkedOn: string;
  followUp: string | null;
  note: string | null;
  /** The version of the result the officer saw (0: none); undefined: no check (older callers, CLI). */
  expectedVersion?: number | undefined;
}

export function enterResult(
  db: DataDoor,
  actor: Actor,
  taskId: number,
  input: ResultInput,
  at: string,
): { results: string[]; followUps: FollowUp[]; remaining: number; version: number } {
  authorize(actor, 'sampling.results');
  let codes: string[];
  try {
    codes = normalizeResults(input.results);
  } catch (e) {
    throw new ApiError('invalid_input', (e as Error).message);
  }
  const followUps = proposedFollowUps(codes);
  return unitOfWork(db, () => {
    const task = loadTaskForChange(db, taskId);
    requireStatus(task, ['drawn', 'in_progress', 'results_entered'], '录入检查结果');
    // The plan's id is enough: loading the plan row would read its file (every candidate) per save.
    const planId = currentPlanId(task);
    if (!planMembers(db, planId, [input.entityId]).has(input.entityId))
      throw new ApiError('invalid_input', '该主体不在本次抽查计划中');
    if (input.checkedOn < task.startDate)
      throw new ApiError('invalid_input', `检查日期不能早于任务开始日期 ${task.startDate}`);

    // The task row is locked for this transaction (loadTaskForChange), so no entry of this plan can
    // slip in between this read and the write below.
    refuseStaleResult(db, planId, input.entityId, input.expectedVersion);

    const followUp = input.followUp?.trim() || followUps.map((f) => f.text).join('；') || null;
    const { replaced, version } = writeResult(
      db,
      task,
      planId,
      {
        entityId: input.entityId,
        codes,
        checkedOn: input.checkedOn,
        followUp,
        note: input.note?.trim() || null,
      },
      actor.username,
      at,
    );
    if (task.status === 'drawn') setTaskStatus(db, taskId, 'in_progress', at);
    onRecordsChanged(db, [input.entityId], at);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: replaced ? 'sampling.result.correct' : 'sampling.result.enter',
      target: task.number,
      detail: {
        taskId,
        planId,
        entityId: input.entityId,
        results: codes,
        checkedOn: input.checkedOn,
      },
    });
    return { results: codes, followUps, remaining: remainingCount(db, planId), version };
  });
}

/** All entities of the plan have a result → results entered (ready for review). */
export function completeResults(db: DataDoor, actor: Actor, taskId: number, at: string): void {
  authorize(actor, 'sampling.results');
  unitOfWork(db, () => {
    const task = loadTaskForChange(db, taskId);
    requireStatus(task, ['drawn', 'in_progress'], '提交结果');
    const planId = currentPlanId(task);
    const missing = codesWithoutResult(db, planId);
    if (missing.length > 0)
      throw new ApiError(
        'conflict',
        `还有 ${missing.length} 户未录入检查结果（如 ${missing[0]}），不能提交。`,
      );
    setTaskStatus(db, taskId, 'results_entered', at);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.results.complete',
      target: task.number,
      detail: { taskId, planId },
    });
  });
}

export function reviewTask(db: DataDoor, actor: Actor, taskId: number, at: string): void {
  authorize(actor, 'sampling.review');
  unitOfWork(db, () => {
    const task = loadTaskForChange(db, taskId);
    requireStatus(task, ['results_entered'], '审核');
    markReviewed(db, taskId, actor.username, at);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.review',
      target: task.number,
      detail: { taskId },
    });
  });
}

export function publishTask(db: DataDoor, actor: Actor, taskId: number, at: string): void {
  authorize(actor, 'sampling.review');
  unitOfWork(db, () => {
    const task = loadTaskForChange(db, taskId);
    requireStatus(task, ['reviewed'], '公示');
    markPublished(db, taskId, actor.username, at);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.publish',
      target: task.number,
      detail: { taskId, planId: task.currentPlanId },
    });
  });
}
