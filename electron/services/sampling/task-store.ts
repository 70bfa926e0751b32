/**
 * The task rules every sampling service applies before it changes a task: the task and plan must
 * exist, and the task must be in a state that allows the change. The rows themselves are read and
 * written by the repository (./repository/tasks.ts, ./repository/plans.ts).
 */
import type { TaskStatus } from '../../../shared/api/contracts/sampling.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { DataDoor } from '../../db/sql.ts';
import { findPlan, type StoredPlan } from './repository/plans.ts';
import { findTask, findTaskForChange, type StoredTask } from './repository/tasks.ts';

export type { StoredPlan } from './repository/plans.ts';
// The exchange importer of plan results reads tasks too; it keeps importing them from here.
export { type StoredTask, taskFromRow } from './repository/tasks.ts';

export function loadTask(db: DataDoor, id: number): StoredTask {
  return found(findTask(db, id));
}

/** The task, to be changed in the caller's unit of work (another officer's change waits meanwhile). */
export function loadTaskForChange(db: DataDoor, id: number): StoredTask {
  return found(findTaskForChange(db, id));
}

function found(task: StoredTask | undefined): StoredTask {
  if (!task) throw new ApiError('not_found', '未找到该抽查任务');
  return task;
}

export function requireStatus(task: StoredTask, allowed: readonly TaskStatus[], action: string): void {
  if (!allowed.includes(task.status)) {
    throw new ApiError('conflict', `任务当前状态为“${STATUS_TEXT[task.status]}”，不能${action}。`);
  }
}

const STATUS_TEXT: Record<TaskStatus, string> = {
  draft: '草稿',
  drawn: '已抽取',
  in_progress: '检查中',
  results_entered: '结果已录入',
  reviewed: '已审核',
  published: '已公示',
};

/** The plan with its file (every candidate): only to export or verify it. */
export function loadPlan(db: DataDoor, planId: number): StoredPlan {
  const plan = findPlan(db, planId);
  if (!plan) throw new ApiError('not_found', '未找到该抽查计划');
  return plan;
}

export function currentPlan(db: DataDoor, task: StoredTask): StoredPlan {
  return loadPlan(db, currentPlanId(task));
}

/** The id of the task's current plan (refused while the task is still a draft). */
export function currentPlanId(task: StoredTask): number {
  if (task.currentPlanId === null) throw new ApiError('conflict', '该任务尚未抽取。');
  return task.currentPlanId;
}
