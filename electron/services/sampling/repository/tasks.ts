/**
 * `inspection_tasks`: the tasks as typed objects. The task's settings are written from one column list
 * (taskColumns) by both the INSERT of a new draft and the UPDATE of an edited one.
 */
import type { Ratios, TaskData, TaskFilter, TaskStatus } from '../../../../shared/api/contracts/sampling.ts';
import { all, column, type DataDoor, dialect, get, run, runInsert, sql, value } from '../../../db/sql.ts';
import { assignments, type Columns, columnNames, columnValues } from './columns.ts';

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
  updatedAt: string;
  /** The row's version, which an edit of the task names (optimistic concurrency). */
  version: number;
}

/** A row of inspection_tasks as either engine returns it (JSON columns as text, booleans as 0/1). */
export interface TaskRow {
  id: number;
  number: string;
  name: string;
  items: string;
  directed: number;
  filter: string;
  grading_run_id: number | null;
  profile_id: string | null;
  class_order: string;
  ratios: string;
  yearly_caps: string;
  start_date: string;
  end_date: string;
  team_size: number;
  organiser: string | null;
  witness: string | null;
  exclusions: string;
  status: TaskStatus;
  current_plan_id: number | null;
  created_at: string;
  created_by: string;
  updated_at: string;
  row_version: number;
  reviewed_at: string | null;
  reviewed_by: string | null;
  published_at: string | null;
  published_by: string | null;
}

function fromRow(r: TaskRow): StoredTask {
  return {
    id: r.id,
    number: r.number,
    name: r.name,
    items: JSON.parse(r.items),
    directed: r.directed === 1,
    filter: JSON.parse(r.filter),
    gradingRunId: r.grading_run_id ?? null,
    profileId: r.profile_id ?? null,
    classOrder: JSON.parse(r.class_order),
    ratios: JSON.parse(r.ratios),
    yearlyCaps: JSON.parse(r.yearly_caps),
    startDate: r.start_date,
    endDate: r.end_date,
    teamSize: r.team_size,
    organiser: r.organiser ?? null,
    witness: r.witness ?? null,
    exclusions: JSON.parse(r.exclusions),
    status: r.status,
    currentPlanId: r.current_plan_id ?? null,
    createdAt: r.created_at,
    createdBy: r.created_by,
    reviewedBy: r.reviewed_by ?? null,
    publishedBy: r.published_by ?? null,
    publishedAt: r.published_at ?? null,
    updatedAt: r.updated_at,
    version: Number(r.row_version),
  };
}

/**
 * A whole inspection_tasks row read elsewhere (the exchange importer still reads its task rows itself;
 * findTaskByNumber, tasksNamed and tasksNumberedWithin below are those reads, for it to move to).
 */
export function taskFromRow(r: Record<string, unknown>): StoredTask {
  return fromRow(r as unknown as TaskRow);
}

/** What the user sets on a draft (the ratio profile copied in); the rest is the lifecycle's. */
export type TaskSettings = Pick<
  StoredTask,
  | 'number'
  | 'name'
  | 'items'
  | 'directed'
  | 'filter'
  | 'gradingRunId'
  | 'profileId'
  | 'classOrder'
  | 'ratios'
  | 'yearlyCaps'
  | 'startDate'
  | 'endDate'
  | 'teamSize'
  | 'organiser'
  | 'witness'
  | 'exclusions'
>;

function taskColumns(t: TaskSettings): Columns {
  return {
    number: t.number,
    name: t.name,
    items: JSON.stringify(t.items),
    directed: t.directed ? 1 : 0,
    filter: JSON.stringify(t.filter),
    grading_run_id: t.gradingRunId,
    profile_id: t.profileId,
    class_order: JSON.stringify(t.classOrder),
    ratios: JSON.stringify(t.ratios),
    yearly_caps: JSON.stringify(t.yearlyCaps),
    start_date: t.startDate,
    end_date: t.endDate,
    team_size: t.teamSize,
    organiser: t.organiser,
    witness: t.witness,
    exclusions: JSON.stringify(t.exclusions),
  };
}

/** A new draft; returns its id. */
export function insertTask(db: DataDoor, t: TaskSettings, by: string, at: string): number {
  const c: Columns = { ...taskColumns(t), status: 'draft', created_at: at, created_by: by, updated_at: at };
  return runInsert(db, sql`INSERT INTO inspection_tasks (${columnNames(c)}) VALUES ${columnValues(c)}`).newId;
}

/** Returns the row's version after the edit. */
export function updateTaskSettings(db: DataDoor, id: number, t: TaskSettings, at: string): number {
  const c: Columns = { ...taskColumns(t), updated_at: at };
  return Number(
    value<number>(
      db,
      sql`UPDATE inspection_tasks SET row_version = row_version + 1, ${assignments(c)} WHERE id = ${id}
          RETURNING row_version`,
    ),
  );
}

export function findTask(db: DataDoor, id: number): StoredTask | undefined {
  const r = get<TaskRow>(db, sql`SELECT * FROM inspection_tasks WHERE id = ${id}`);
  return r && fromRow(r);
}

/**
 * The task, read to be changed in the caller's transaction. PostgreSQL: its row stays locked until
 * the transaction ends (FOR UPDATE), so two officers' changes of one task — a result entered while
 * another submits the results, an edit during a draw — run one after the other, each reading what
 * the other committed. SQLite: its one writer already does that.
 */
export function findTaskForChange(db: DataDoor, id: number): StoredTask | undefined {
  const r = get<TaskRow>(
    db,
    dialect(db, {
      sqlite: sql`SELECT * FROM inspection_tasks WHERE id = ${id}`,
      postgres: sql`SELECT * FROM inspection_tasks WHERE id = ${id} FOR UPDATE`,
    }),
  );
  return r && fromRow(r);
}

/** Whether another task (not `exceptId`) already has this 文号. */
export function numberTaken(db: DataDoor, number: string, exceptId: number | null = null): boolean {
  return (
    get(
      db,
      exceptId === null
        ? sql`SELECT 1 FROM inspection_tasks WHERE number = ${number}`
        : sql`SELECT 1 FROM inspection_tasks WHERE number = ${number} AND id <> ${exceptId}`,
    ) !== undefined
  );
}

export function tasksNewestFirst(db: DataDoor): StoredTask[] {
  return all<TaskRow>(db, sql`SELECT * FROM inspection_tasks ORDER BY id DESC`).map(fromRow);
}

export function taskNumbers(db: DataDoor): string[] {
  return column<string>(db, sql`SELECT number FROM inspection_tasks`);
}

/** The task whose 文号 is exactly `number`. */
export function findTaskByNumber(db: DataDoor, number: string): StoredTask | undefined {
  const r = get<TaskRow>(db, sql`SELECT * FROM inspection_tasks WHERE number = ${number}`);
  return r && fromRow(r);
}

/** At most two tasks of this name (two say the name is ambiguous). */
export function tasksNamed(db: DataDoor, name: string): StoredTask[] {
  return all<TaskRow>(db, sql`SELECT * FROM inspection_tasks WHERE name = ${name} LIMIT 2`).map(fromRow);
}

/** At most two tasks whose 文号 occurs in `text` (provincial files write 名称（文号）). */
export function tasksNumberedWithin(db: DataDoor, text: string): StoredTask[] {
  return all<TaskRow>(
    db,
    dialect(db, {
      sqlite: sql`SELECT * FROM inspection_tasks WHERE number <> '' AND instr(${text}, number) > 0 LIMIT 2`,
      postgres: sql`SELECT * FROM inspection_tasks WHERE number <> '' AND strpos(CAST(${text} AS text), number) > 0
                    ORDER BY id LIMIT 2`,
    }),
  ).map(fromRow);
}

export function setTaskStatus(db: DataDoor, id: number, status: TaskStatus, at: string): void {
  run(
    db,
    sql`UPDATE inspection_tasks SET row_version = row_version + 1, status = ${status}, updated_at = ${at} WHERE id = ${id}`,
  );
}

/** The draw's plan becomes the task's current plan; the task is drawn (locked). */
export function setCurrentPlan(db: DataDoor, taskId: number, planId: number, at: string): void {
  run(
    db,
    sql`UPDATE inspection_tasks SET row_version = row_version + 1, current_plan_id = ${planId}, status = 'drawn', updated_at = ${at}
        WHERE id = ${taskId}`,
  );
}

export function markReviewed(db: DataDoor, id: number, by: string, at: string): void {
  run(
    db,
    sql`UPDATE inspection_tasks SET row_version = row_version + 1, status = 'reviewed', reviewed_at = ${at}, reviewed_by = ${by}, updated_at = ${at}
        WHERE id = ${id}`,
  );
}

export function markPublished(db: DataDoor, id: number, by: string, at: string): void {
  run(
    db,
    sql`UPDATE inspection_tasks SET row_version = row_version + 1, status = 'published', published_at = ${at}, published_by = ${by},
        updated_at = ${at} WHERE id = ${id}`,
  );
}

/** Whether any task names the item (then it cannot be deleted). */
export function itemUsedByTask(db: DataDoor, code: string): boolean {
  return (
    get(
      db,
      dialect(db, {
        sqlite: sql`SELECT 1 FROM inspection_tasks, json_each(inspection_tasks.items) j WHERE j.value = ${code} LIMIT 1`,
        postgres: sql`SELECT 1 FROM inspection_tasks WHERE jsonb_exists(items::jsonb, CAST(${code} AS text)) LIMIT 1`,
      }),
    ) !== undefined
  );
}

/** The namespace of the draw's advisory locks (the first key of pg_advisory_xact_lock): ASCII "DRAW". */
const DRAW_LOCK_NAMESPACE = 0x44524157;

/**
 * Serialises the draws of one task until the caller's transaction ends (issue 17 item 3): a second
 * draw waits here, then reads the task as the first one left it. PostgreSQL: a transaction-scoped
 * advisory lock keyed by the task (READ COMMITTED: the statements after it see the first draw's commit).
 * SQLite: one writer at a time already (the desk's write lock), so nothing to take.
 */
export function lockTaskForDraw(db: DataDoor, taskId: number): void {
  dialect(db, {
    sqlite: () => {},
    postgres: () => {
      get(
        db,
        sql`SELECT pg_advisory_xact_lock(CAST(${DRAW_LOCK_NAMESPACE} AS integer), CAST(${taskId} AS integer))`,
      );
    },
  })();
}
