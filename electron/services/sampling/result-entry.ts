/**
 * Results entry beyond one row at a time (issue 10): “其余全部未发现问题” enters one result for every
 * entity the user confirmed that still has none, and undo removes results entered by mistake. Each is
 * one transaction with one audit entry; the credit files and current grades follow at once.
 */
import { proposedFollowUps, normalizeResults } from '../../../shared/inspection-results/index.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { DataDoor } from '../../db/sql.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { onRecordsChanged } from '../grading/records-changed.ts';
import { deleteResult, planMembers, remainingCount, withResult, writeResults } from './repository/results.ts';
import { setTaskStatus } from './repository/tasks.ts';
import { unitOfWork } from './repository/unit-of-work.ts';
import { currentPlanId, loadTaskForChange, requireStatus } from './task-store.ts';

export interface ManyResultsInput {
  entityIds: readonly number[];
  results: readonly string[];
  checkedOn: string;
}

function requireMembers(db: DataDoor, planId: number, entityIds: readonly number[]): void {
  const members = planMembers(db, planId, entityIds);
  const outside = entityIds.filter((id) => !members.has(id));
  if (outside.length > 0)
    throw new ApiError('invalid_input', `有 ${outside.length} 户不在本次抽查计划中，请刷新后重试`);
}

/**
 * The same result for each listed entity that has no result yet; entities that got one meanwhile are
 * skipped, never overwritten.
 */
export function enterManyResults(
  db: DataDoor,
  actor: Actor,
  taskId: number,
  input: ManyResultsInput,
  at: string,
): { entered: number; skipped: number; remaining: number } {
  authorize(actor, 'sampling.results');
  let codes: string[];
  try {
    codes = normalizeResults(input.results);
  } catch (e) {
    throw new ApiError('invalid_input', (e as Error).message);
  }
  const followUp =
    proposedFollowUps(codes)
      .map((f) => f.text)
      .join('；') || null;
  const ids = [...new Set(input.entityIds)];
  return unitOfWork(db, () => {
    const task = loadTaskForChange(db, taskId);
    requireStatus(task, ['drawn', 'in_progress'], '录入检查结果');
    const planId = currentPlanId(task);
    requireMembers(db, planId, ids);
    if (input.checkedOn < task.startDate)
      throw new ApiError('invalid_input', `检查日期不能早于任务开始日期 ${task.startDate}`);
    const done = withResult(db, planId, ids);
    const todo = ids.filter((id) => !done.has(id));
    writeResults(
      db,
      task,
      planId,
      { entityIds: todo, codes, checkedOn: input.checkedOn, followUp },
      actor.username,
      at,
    );
    if (todo.length > 0) {
      if (task.status === 'drawn') setTaskStatus(db, taskId, 'in_progress', at);
      onRecordsChanged(db, todo, at);
      appendAudit(db, {
        at,
        actor: actor.username,
        action: 'sampling.result.enterMany',
        target: task.number,
        detail: { taskId, planId, entityIds: todo, results: codes, checkedOn: input.checkedOn },
      });
    }
    return { entered: todo.length, skipped: ids.length - todo.length, remaining: remainingCount(db, planId) };
  });
}

/**
 * Removes the listed entities' results (undo of an entry): their `inspection` records leave the credit
 * files and the grades follow. Only before the results are submitted.
 */
export function clearResults(
  db: DataDoor,
  actor: Actor,
  taskId: number,
  entityIds: readonly number[],
  at: string,
): { cleared: number; remaining: number } {
  authorize(actor, 'sampling.results');
  const ids = [...new Set(entityIds)];
  return unitOfWork(db, () => {
    const task = loadTaskForChange(db, taskId);
    requireStatus(task, ['drawn', 'in_progress'], '撤销检查结果');
    const planId = currentPlanId(task);
    requireMembers(db, planId, ids);
    const cleared = ids.filter((id) => deleteResult(db, planId, id));
    if (cleared.length > 0) {
      onRecordsChanged(db, cleared, at);
      appendAudit(db, {
        at,
        actor: actor.username,
        action: 'sampling.result.clear',
        target: task.number,
        detail: { taskId, planId, entityIds: cleared },
      });
    }
    return { cleared: cleared.length, remaining: remainingCount(db, planId) };
  });
}
