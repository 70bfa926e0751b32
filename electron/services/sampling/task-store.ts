/**
 * Rows of `inspection_tasks` and `inspection_plans` as typed objects. Internal to the sampling services
 * (no authorization here: callers have authorized their actor).
 */
import type { Ratios, TaskData, TaskFilter, TaskStatus } from '../../../shared/api/contracts/sampling.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { Db } from '../../db/open.ts';

export interface StoredTask {
  id: number;
  number: string;
  name: string;
  items: string[];
  directed: boolean;
  filter: TaskFilter;
  gradingRunId: number | null;
  profileId: string | null;
  classOrder: string[];
  ratios: Ratios;
  yearlyCaps: Record<string, number>;
  startDate: string;
  endDate: string;
  teamSize: number;
  organiser: string | null;
  witness: string | null;
  exclusions: TaskData['exclusions'];
  status: TaskStatus;
  currentPlanId: number | null;
  createdAt: string;
  createdBy: string;
  reviewedBy: string | null;
  publishedBy: string | null;
  publishedAt: string | null;
}

export function taskFromRow(r: Record<string, unknown>): StoredTask {
  return {
    id: r.id as number,
    number: r.number as string,
    name: r.name as string,
    items: JSON.parse(r.items as string),
    directed: r.directed === 1,
    filter: JSON.parse(r.filter as string),
    gradingRunId: (r.grading_run_id as number | null) ?? null,
    profileId: (r.profile_id as string | null) ?? null,
    classOrder: JSON.parse(r.class_order as string),
    ratios: JSON.parse(r.ratios as string),
    yearlyCaps: JSON.parse(r.yearly_caps as string),
    startDate: r.start_date as string,
    endDate: r.end_date as string,
    teamSize: r.team_size as number,
    organiser: (r.organiser as string | null) ?? null,
    witness: (r.witness as string | null) ?? null,
    exclusions: JSON.parse(r.exclusions as string),
    status: r.status as TaskStatus,
    currentPlanId: (r.current_plan_id as number | null) ?? null,
    createdAt: r.created_at as string,
    createdBy: r.created_by as string,
    reviewedBy: (r.reviewed_by as string | null) ?? null,
    publishedBy: (r.published_by as string | null) ?? null,
    publishedAt: (r.published_at as string | null) ?? null,
  };
}

export function loadTask(db: Db, id: number): StoredTask {
  const r = db.prepare('SELECT * FROM inspection_tasks WHERE id = ?').get(id) as
    | Record<string, unknown>
    | undefined;
  if (!r) throw new ApiError('not_found', '未找到该抽查任务');
  return taskFromRow(r);
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

export function setStatus(db: Db, taskId: number, status: TaskStatus, at: string): void {
  db.prepare('UPDATE inspection_tasks SET status = ?, updated_at = ? WHERE id = ?').run(status, at, taskId);
}

export interface StoredPlan {
  id: number;
  taskId: number;
  seq: number;
  digest: string;
  seed: string;
  planFile: string;
  strata: unknown[];
  unstaffed: string[];
  excluded: { reason: string; count: number }[];
  warnings: string[];
  candidates: number;
  drawnAt: string;
  drawnBy: string;
  supersededAt: string | null;
  supersededBy: string | null;
  redrawReason: string | null;
}

export function planFromRow(r: Record<string, unknown>): StoredPlan {
  return {
    id: r.id as number,
    taskId: r.task_id as number,
    seq: r.seq as number,
    digest: r.digest as string,
    seed: r.seed as string,
    planFile: r.plan_file as string,
    strata: JSON.parse(r.strata as string),
    unstaffed: JSON.parse(r.unstaffed as string),
    excluded: JSON.parse(r.excluded as string),
    warnings: JSON.parse(r.warnings as string),
    candidates: r.candidates as number,
    drawnAt: r.drawn_at as string,
    drawnBy: r.drawn_by as string,
    supersededAt: (r.superseded_at as string | null) ?? null,
    supersededBy: (r.superseded_by as string | null) ?? null,
    redrawReason: (r.redraw_reason as string | null) ?? null,
  };
}

/**
 * Every column but the plan file, which holds every candidate (megabytes in a large county) and is
 * read only to export or verify the plan; `planFile` is then an empty JSON object.
 */
export const PLAN_COLUMNS_WITHOUT_FILE = `id, task_id, seq, digest, seed, '{}' AS plan_file, strata, unstaffed,
  excluded, warnings, candidates, drawn_at, drawn_by, superseded_at, superseded_by, redraw_reason`;

export function loadPlan(db: Db, planId: number): StoredPlan {
  const r = db.prepare('SELECT * FROM inspection_plans WHERE id = ?').get(planId) as
    | Record<string, unknown>
    | undefined;
  if (!r) throw new ApiError('not_found', '未找到该抽查计划');
  return planFromRow(r);
}

export function currentPlan(db: Db, task: StoredTask): StoredPlan {
  return loadPlan(db, currentPlanId(task));
}

/** The id of the task's current plan (refused while the task is still a draft). */
export function currentPlanId(task: StoredTask): number {
  if (task.currentPlanId === null) throw new ApiError('conflict', '该任务尚未抽取。');
  return task.currentPlanId;
}
