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
import type { Db } from '../../db/open.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { profileProblems, readCalendar, readProfile } from './reference-store.ts';
import {
  loadTask,
  PLAN_COLUMNS_WITHOUT_FILE,
  planFromRow,
  requireStatus,
  type StoredTask,
  taskFromRow,
} from './task-store.ts';

export function workingCalendar(db: Db): WorkingCalendar {
  return createCalendar(readCalendar(db));
}

/** Years that have at least one holiday or make-up workday on file. */
function calendarYears(db: Db): Set<string> {
  return new Set(
    (db.prepare('SELECT DISTINCT substr(date, 1, 4) AS y FROM calendar_days').all() as { y: string }[]).map(
      (r) => r.y,
    ),
  );
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

function validated(db: Db, input: TaskInput, inline?: InlineRatios) {
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
  const known = new Set(
    (db.prepare('SELECT code FROM inspection_items').all() as { code: string }[]).map((r) => r.code),
  );
  const unknown = t.items.filter((c) => !known.has(c));
  if (unknown.length) throw new ApiError('invalid_input', `抽查事项清单中没有：${unknown.join('、')}`);
  if (t.gradingRunId !== null) {
    const run = db.prepare('SELECT id FROM grading_runs WHERE id = ?').get(t.gradingRunId);
    if (!run) throw new ApiError('invalid_input', '所选信用评价批次不存在');
  }
  return { t, profile };
}

export function createTask(
  db: Db,
  actor: Actor,
  input: TaskInput,
  at: string,
  inline?: InlineRatios,
): number {
  authorize(actor, 'sampling.manage');
  const { t, profile } = validated(db, input, inline);
  return db.transaction(() => {
    if (db.prepare('SELECT 1 FROM inspection_tasks WHERE number = ?').get(t.number))
      throw new ApiError('conflict', `任务文号“${t.number}”已存在`);
    const id = Number(
      db
        .prepare(
          `INSERT INTO inspection_tasks (number, name, items, directed, filter, grading_run_id, profile_id, class_order,
             ratios, yearly_caps, start_date, end_date, team_size, organiser, witness, exclusions, status,
             created_at, created_by, updated_at)
           VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'draft', ?, ?, ?)`,
        )
        .run(
          t.number,
          t.name,
          JSON.stringify([...new Set(t.items)]),
          t.directed ? 1 : 0,
          JSON.stringify(t.filter),
          t.gradingRunId,
          profile.id,
          JSON.stringify(profile.classOrder),
          JSON.stringify(profile.ratios),
          JSON.stringify(profile.yearlyCaps),
          t.startDate,
          t.endDate,
          t.teamSize,
          t.organiser,
          t.witness,
          JSON.stringify(t.exclusions),
          at,
          actor.username,
          at,
        ).lastInsertRowid,
    );
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.task.create',
      target: t.number,
      detail: { taskId: id, items: t.items, profileId: profile.id, gradingRunId: t.gradingRunId },
    });
    return id;
  })();
}

export function updateTask(db: Db, actor: Actor, taskId: number, input: TaskInput, at: string): void {
  authorize(actor, 'sampling.manage');
  const { t, profile } = validated(db, input);
  db.transaction(() => {
    const task = loadTask(db, taskId);
    requireStatus(task, ['draft'], '修改（计划已抽取并锁定）');
    if (db.prepare('SELECT 1 FROM inspection_tasks WHERE number = ? AND id <> ?').get(t.number, taskId))
      throw new ApiError('conflict', `任务文号“${t.number}”已存在`);
    db.prepare(
      `UPDATE inspection_tasks SET number = ?, name = ?, items = ?, directed = ?, filter = ?, grading_run_id = ?,
         profile_id = ?, class_order = ?, ratios = ?, yearly_caps = ?, start_date = ?, end_date = ?, team_size = ?,
         organiser = ?, witness = ?, exclusions = ?, updated_at = ? WHERE id = ?`,
    ).run(
      t.number,
      t.name,
      JSON.stringify([...new Set(t.items)]),
      t.directed ? 1 : 0,
      JSON.stringify(t.filter),
      t.gradingRunId,
      profile.id,
      JSON.stringify(profile.classOrder),
      JSON.stringify(profile.ratios),
      JSON.stringify(profile.yearlyCaps),
      t.startDate,
      t.endDate,
      t.teamSize,
      t.organiser,
      t.witness,
      JSON.stringify(t.exclusions),
      at,
      taskId,
    );
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.task.update',
      target: t.number,
      detail: { taskId },
    });
  })();
}

function summarize(
  db: Db,
  task: StoredTask,
  cal: WorkingCalendar,
  years: Set<string>,
  today: string,
): TaskSummary {
  const counts =
    task.currentPlanId === null
      ? { selected: 0, results: 0 }
      : (db
          .prepare(
            `SELECT (SELECT count(*) FROM inspection_plan_entries WHERE plan_id = ?) AS selected,
                    (SELECT count(*) FROM inspection_results WHERE plan_id = ?) AS results`,
          )
          .get(task.currentPlanId, task.currentPlanId) as { selected: number; results: number });
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

export function listTasks(db: Db, actor: Actor, today: string): TaskSummary[] {
  authorize(actor, 'sampling.read');
  const cal = workingCalendar(db);
  const years = calendarYears(db);
  return (
    db.prepare('SELECT * FROM inspection_tasks ORDER BY id DESC').all() as Record<string, unknown>[]
  ).map((r) => summarize(db, taskFromRow(r), cal, years, today));
}

/** Tasks not yet published whose check has started, most urgent first (the deadline overview). */
export function deadlineOverview(db: Db, actor: Actor, today: string): TaskSummary[] {
  return listTasks(db, actor, today)
    .filter((t) => t.status !== 'draft')
    .sort((a, b) => {
      const done = Number(a.deadline.state === 'done') - Number(b.deadline.state === 'done');
      return done !== 0 ? done : a.deadline.deadline.localeCompare(b.deadline.deadline);
    });
}

function planDetail(db: Db, planRow: Record<string, unknown>): PlanDetail {
  const p = planFromRow(planRow);
  const names = new Map(
    (
      db.prepare('SELECT employee_no AS no, name FROM inspectors').all() as { no: string; name: string }[]
    ).map((r) => [r.no, r.name]),
  );
  const entries = (
    db
      .prepare(
        `SELECT pe.position, pe.entity_id, pe.code, pe.kind, pe.class, pe.team, e.name, e.address, e.phone,
                r.results, r.checked_on, r.follow_up, r.note, r.entered_by
         FROM inspection_plan_entries pe
         JOIN entities e ON e.id = pe.entity_id
         LEFT JOIN inspection_results r ON r.plan_id = pe.plan_id AND r.entity_id = pe.entity_id
         WHERE pe.plan_id = ? ORDER BY pe.position`,
      )
      .all(p.id) as Record<string, unknown>[]
  ).map((r) => ({
    position: r.position as number,
    entityId: r.entity_id as number,
    code: r.code as string,
    name: r.name as string,
    address: (r.address as string | null) ?? null,
    phone: (r.phone as string | null) ?? null,
    kind: r.kind as PlanDetail['entries'][number]['kind'],
    class: (r.class as string | null) ?? null,
    team: (JSON.parse(r.team as string) as string[]).map((no) => ({
      employeeNo: no,
      name: names.get(no) ?? no,
    })),
    result:
      r.results === null
        ? null
        : {
            results: JSON.parse(r.results as string) as string[],
            checkedOn: r.checked_on as string,
            followUp: (r.follow_up as string | null) ?? null,
            note: (r.note as string | null) ?? null,
            enteredBy: r.entered_by as string,
          },
  }));
  return {
    ...summaryOf(p, entries.length),
    candidates: p.candidates,
    strata: p.strata as PlanDetail['strata'],
    warnings: p.warnings,
    excluded: p.excluded,
    unstaffed: p.unstaffed,
    entries,
  };
}

function summaryOf(p: ReturnType<typeof planFromRow>, selected: number) {
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

export function getTask(db: Db, actor: Actor, taskId: number, today: string): TaskDetail {
  authorize(actor, 'sampling.read');
  const task = loadTask(db, taskId);
  const cal = workingCalendar(db);
  const planRows = db
    .prepare(`SELECT ${PLAN_COLUMNS_WITHOUT_FILE} FROM inspection_plans WHERE task_id = ? ORDER BY seq DESC`)
    .all(taskId) as Record<string, unknown>[];
  const current = planRows.find((r) => r.id === task.currentPlanId);
  const history = planRows
    .filter((r) => r.id !== task.currentPlanId)
    .map((r) => {
      const n = db
        .prepare('SELECT count(*) AS n FROM inspection_plan_entries WHERE plan_id = ?')
        .get(r.id) as {
        n: number;
      };
      return summaryOf(planFromRow(r), n.n);
    });
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
  };
}
