/**
 * Tasks (SPEC §6.2): create and edit drafts, list with their deadlines, read one with its plan, its
 * results and the plans it replaced. The ratio profile is copied into the task when saved, so a later
 * edit of the profile never changes a task (nor the digest of its plan).
 */
import {
  type PlanDetail,
  type Ratios,
  type TaskDetail,
  type TaskInput,
  type TaskSummary,
  taskInputSchema,
} from '../../../shared/api/contracts/sampling.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { createCalendar, publicationDeadline, type WorkingCalendar } from '../../../shared/calendar/index.ts';
import type { DataDoor } from '../../db/sql.ts';
import { unitOfWork } from './repository/unit-of-work.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { profileProblems, readProfile } from './reference-store.ts';
import {
  entriesWithResults,
  entryCount,
  planProgress,
  plansOfTask,
  type StoredPlan,
} from './repository/plans.ts';
import { completeGradingRuns, type GradingRunChoice, gradingRunExists } from './repository/pool.ts';
import { inspectorNames } from './repository/inspectors.ts';
import { calendarYears, itemCodes, readCalendar } from './repository/reference.ts';
import {
  insertTask,
  numberTaken,
  type StoredTask,
  type TaskSettings,
  tasksNewestFirst,
  updateTaskSettings,
} from './repository/tasks.ts';
import { loadTask, loadTaskForChange, requireStatus } from './task-store.ts';
import { refuseStaleTask } from './stale-task.ts';

export function workingCalendar(db: DataDoor): WorkingCalendar {
  return createCalendar(readCalendar(db));
}

function deadlineOf(cal: WorkingCalendar, years: Set<string>, task: StoredTask, today: string) {
  const d = publicationDeadline(cal, task.endDate, today, task.status === 'published');
  const missing: string[] = [];
  for (let y = Number(task.endDate.slice(0, 4)); y <= Number(d.deadline.slice(0, 4)); y++)
    if (!years.has(String(y))) missing.push(String(y));
  const calendarNote = missing.length
    ? `工作日历中尚无 ${missing.join('、')} 年的节假日安排，期限暂按周一至周五计算，请在“工作日历”中补充。`
    : null;
  return { ...d, calendarNote };
}

/**
 * Ratios given with the task itself instead of a stored profile (the command line's TASK.json); the
 * task then records no profile id.
 */
export interface InlineRatios {
  classOrder: string[];
  ratios: Ratios;
  yearlyCaps: Record<string, number>;
}

function validated(db: DataDoor, input: TaskInput, inline?: InlineRatios) {
  const p = taskInputSchema.safeParse(input);
  if (!p.success) throw new ApiError('invalid_input', p.error.issues[0]?.message ?? '任务信息不完整');
  const t = p.data;
  let profile: { id: string | null } & InlineRatios;
  if (inline) {
    const problems = profileProblems(inline);
    if (problems.length) throw new ApiError('invalid_input', problems.join('；'));
    profile = { id: null, ...inline };
  } else {
    const stored = readProfile(db, t.profileId);
    if (!stored) throw new ApiError('invalid_input', '所选抽查比例方案不存在');
    profile = stored;
  }
  const known = new Set(itemCodes(db));
  const unknown = t.items.filter((c) => !known.has(c));
  if (unknown.length) throw new ApiError('invalid_input', `抽查事项清单中没有：${unknown.join('、')}`);
  if (t.gradingRunId !== null && !gradingRunExists(db, t.gradingRunId))
    throw new ApiError('invalid_input', '所选信用评价批次不存在');
  const settings: TaskSettings = {
    number: t.number,
    name: t.name,
    items: [...new Set(t.items)],
    directed: t.directed,
    filter: t.filter,
    gradingRunId: t.gradingRunId,
    profileId: profile.id,
    classOrder: profile.classOrder,
    ratios: profile.ratios,
    yearlyCaps: profile.yearlyCaps,
    startDate: t.startDate,
    endDate: t.endDate,
    teamSize: t.teamSize,
    organiser: t.organiser,
    witness: t.witness,
    exclusions: t.exclusions,
  };
  return { t, profile, settings };
}

export function createTask(
  db: DataDoor,
  actor: Actor,
  input: TaskInput,
  at: string,
  inline?: InlineRatios,
): number {
  authorize(actor, 'sampling.manage');
  const { t, profile, settings } = validated(db, input, inline);
  return unitOfWork(db, () => {
    if (numberTaken(db, t.number)) throw new ApiError('conflict', `任务文号“${t.number}”已存在`);
    const id = insertTask(db, settings, actor.username, at);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.task.create',
      target: t.number,
      detail: { taskId: id, items: t.items, profileId: profile.id, gradingRunId: t.gradingRunId },
    });
    return id;
  });
}

/** `expectedVersion`: the version the form was filled from; undefined: no check (older callers). */
export function updateTask(
  db: DataDoor,
  actor: Actor,
  taskId: number,
  input: TaskInput,
  at: string,
  expectedVersion?: number,
): { version: number } {
  authorize(actor, 'sampling.manage');
  const { t, settings } = validated(db, input);
  return unitOfWork(db, () => {
    const task = loadTaskForChange(db, taskId);
    refuseStaleTask(db, task, expectedVersion);
    requireStatus(task, ['draft'], '修改（计划已抽取并锁定）');
    if (numberTaken(db, t.number, taskId)) throw new ApiError('conflict', `任务文号“${t.number}”已存在`);
    const version = updateTaskSettings(db, taskId, settings, at);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.task.update',
      target: t.number,
      detail: { taskId },
    });
    return { version };
  });
}

function summarize(
  db: DataDoor,
  task: StoredTask,
  cal: WorkingCalendar,
  years: Set<string>,
  today: string,
): TaskSummary {
  const counts =
    task.currentPlanId === null ? { selected: 0, results: 0 } : planProgress(db, task.currentPlanId);
  return {
    id: task.id,
    number: task.number,
    name: task.name,
    status: task.status,
    items: task.items,
    startDate: task.startDate,
    endDate: task.endDate,
    planId: task.currentPlanId,
    selected: counts.selected,
    resultsEntered: counts.results,
    deadline: deadlineOf(cal, years, task, today),
    createdAt: task.createdAt,
  };
}

/** The complete grading runs a new task may take its classes from, newest first. */
export function gradingRunChoices(db: DataDoor, actor: Actor): GradingRunChoice[] {
  authorize(actor, 'sampling.read');
  return completeGradingRuns(db);
}

export function listTasks(db: DataDoor, actor: Actor, today: string): TaskSummary[] {
  authorize(actor, 'sampling.read');
  const cal = workingCalendar(db);
  const years = calendarYears(db);
  return tasksNewestFirst(db).map((t) => summarize(db, t, cal, years, today));
}

/** Tasks not yet published whose check has started, most urgent first (the deadline overview). */
export function deadlineOverview(db: DataDoor, actor: Actor, today: string): TaskSummary[] {
  return listTasks(db, actor, today)
    .filter((t) => t.status !== 'draft')
    .sort((a, b) => {
      const done = Number(a.deadline.state === 'done') - Number(b.deadline.state === 'done');
      return done !== 0 ? done : a.deadline.deadline.localeCompare(b.deadline.deadline);
    });
}

function planDetail(db: DataDoor, p: StoredPlan): PlanDetail {
  const names = inspectorNames(db);
  const entries = entriesWithResults(db, p.id).map((e) => ({
    ...e,
    team: e.team.map((no) => ({ employeeNo: no, name: names.get(no) ?? no })),
  }));
  return {
    ...summaryOf(p, entries.length),
    candidates: p.candidates,
    strata: p.strata,
    warnings: p.warnings,
    excluded: p.excluded,
    unstaffed: p.unstaffed,
    entries,
  };
}

function summaryOf(p: StoredPlan, selected: number) {
  return {
    id: p.id,
    seq: p.seq,
    digest: p.digest,
    seed: p.seed,
    drawnAt: p.drawnAt,
    drawnBy: p.drawnBy,
    supersededAt: p.supersededAt,
    supersededBy: p.supersededBy,
    redrawReason: p.redrawReason,
    selected,
  };
}

export function getTask(db: DataDoor, actor: Actor, taskId: number, today: string): TaskDetail {
  authorize(actor, 'sampling.read');
  const task = loadTask(db, taskId);
  const cal = workingCalendar(db);
  const plans = plansOfTask(db, taskId);
  const current = plans.find((p) => p.id === task.currentPlanId);
  const history = plans
    .filter((p) => p.id !== task.currentPlanId)
    .map((p) => summaryOf(p, entryCount(db, p.id)));
  return {
    summary: summarize(db, task, cal, calendarYears(db), today),
    task: {
      number: task.number,
      name: task.name,
      items: task.items,
      directed: task.directed,
      filter: task.filter,
      gradingRunId: task.gradingRunId,
      profileId: task.profileId,
      classOrder: task.classOrder,
      ratios: task.ratios,
      startDate: task.startDate,
      endDate: task.endDate,
      teamSize: task.teamSize,
      organiser: task.organiser,
      witness: task.witness,
      exclusions: task.exclusions,
    },
    plan: current ? planDetail(db, current) : null,
    history,
    reviewedBy: task.reviewedBy,
    publishedBy: task.publishedBy,
    version: task.version,
  };
}
