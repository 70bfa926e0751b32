/**
 * What the draw reads besides the sampling tables: the target pool of `entities` with each one's class
 * in a grading run (`grading_results`, `grading_adjustments` of the grading area), the inspections of
 * the year (`records`) and the entities of other open plans. Read-only, and shaped for speed: this is
 * the million-entity path.
 */
import { ENTITY_KINDS, ENTITY_STATUSES } from '../../../../shared/domain/entity.ts';
import type { Db } from '../../../db/open.ts';
import {
  all,
  column,
  type DataDoor,
  dialect,
  get,
  type SqlQuery,
  sql,
  sqliteOnly,
  value,
} from '../../../db/sql.ts';
import type { StoredTask } from './tasks.ts';

type FilteredTask = Pick<StoredTask, 'directed' | 'filter'>;

/** The WHERE of a 定向 task's filter ('' for an undirected one) and its parameters, in order. */
export function filterSql(task: FilteredTask): { where: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (!task.directed) return { where: '', params };
  const f = task.filter;
  const inList = (col: string, values: readonly string[]) => {
    if (values.length === 0) return;
    clauses.push(`${col} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  inList('kind', f.kinds);
  inList('township', f.townships);
  inList('jurisdiction', f.jurisdictions);
  if (f.industryPrefixes.length > 0) {
    clauses.push(`(${f.industryPrefixes.map(() => 'industry_code LIKE ?').join(' OR ')})`);
    params.push(...f.industryPrefixes.map((p) => `${p.replace(/[%_]/g, '')}%`));
  }
  if (f.tags.length > 0) {
    clauses.push(
      `EXISTS (SELECT 1 FROM json_each(entities.tags) t WHERE t.value IN (${f.tags.map(() => '?').join(', ')}))`,
    );
    params.push(...f.tags);
  }
  if (f.entities && f.entities.length > 0) {
    clauses.push('(uscc IN (SELECT value FROM json_each(?)) OR reg_no IN (SELECT value FROM json_each(?)))');
    params.push(JSON.stringify(f.entities), JSON.stringify(f.entities));
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/** A filter on these columns only is answered from the pool index (migration 012) without the table. */
const coveredByPoolIndex = (task: FilteredTask) =>
  !task.directed ||
  (task.filter.townships.length === 0 &&
    task.filter.jurisdictions.length === 0 &&
    task.filter.industryPrefixes.length === 0 &&
    task.filter.tags.length === 0);

/** kind and status as one small integer (kind index × 8 + status index): no string per row. */
const KIND_STATUS_SQL = `(CASE kind ${ENTITY_KINDS.map((k, i) => `WHEN '${k}' THEN ${i * 8}`).join(' ')} END + CASE status ${ENTITY_STATUSES.map((s, i) => `WHEN '${s}' THEN ${i}`).join(' ')} END)`;

/** The kind of a pool row's kindStatus, as its index in ENTITY_KINDS. */
export const poolKindIndex = (kindStatus: number): number => kindStatus >> 3;
/** The status of a pool row's kindStatus, as its index in ENTITY_STATUSES. */
export const poolStatusIndex = (kindStatus: number): number => kindStatus & 7;

/**
 * One slice of the pool in id order: its params, then the last id of the previous slice and the slice
 * size. Both tables are read through the covering indexes of migration 012 (the table rows are ten and
 * more times wider than what the draw needs); a filter on other columns reads the table, NOT INDEXED so
 * that every slice stays an id range (a filter's index, kind or township, would make each slice sort
 * all of the filter's matches). Each graded entity's class is joined in the same pass.
 */
export function poolSliceQuery(task: FilteredTask & Pick<StoredTask, 'gradingRunId'>): {
  sql: string;
  params: (string | number)[];
} {
  const { where, params } = filterSql(task);
  const graded = task.gradingRunId !== null;
  return {
    sql: `SELECT entities.id, coalesce(uscc, reg_no, ''), ${KIND_STATUS_SQL}, ${graded ? 'g.grade' : 'NULL'}
          FROM entities ${coveredByPoolIndex(task) ? 'INDEXED BY entities_pool' : 'NOT INDEXED'}
          ${graded ? 'LEFT JOIN grading_results g INDEXED BY grading_results_grade ON g.run_id = ? AND g.entity_id = entities.id' : ''}
          ${where ? `${where} AND` : 'WHERE'} entities.id > ?
          ORDER BY entities.id LIMIT ?`,
    params: [...(graded ? [task.gradingRunId as number] : []), ...params],
  };
}

/** One entity of the pool: its id, code (USCC, else 注册号, else ''), kind and status (poolKindIndex, poolStatusIndex), computed grade. */
export type PoolRow = [entityId: number, code: string, kindStatus: number, grade: string | null];

/**
 * The pool in entity id order, one slice of rows at a time (keyset paging): per-row iteration costs
 * more than the query itself, and slices keep a million rows from being held at once.
 */
export function poolSlices(db: DataDoor, task: StoredTask, slice: number): Generator<PoolRow[]> {
  return dialect(db, {
    sqlite: () => poolSlicesSqlite(sqliteOnly(db, '抽取范围的快速读取'), task, slice),
    postgres: () => poolSlicesPg(db, task, slice),
  })();
}

function* poolSlicesSqlite(db: Db, task: StoredTask, slice: number): Generator<PoolRow[]> {
  const pool = poolSliceQuery(task);
  // Raw arrays, not the door's row objects: a million objects would cost more than the draw itself.
  const page = db.prepare(pool.sql).raw(true);
  for (let after = 0; ; ) {
    const rows = page.all(...pool.params, after, slice) as PoolRow[];
    yield rows;
    if (rows.length < slice) return;
    after = (rows[rows.length - 1] as PoolRow)[0];
  }
}

/**
 * A 定向 task's filter for PostgreSQL, the twin of filterSql: JSON arrays through
 * jsonb_array_elements_text instead of json_each; TRUE for an undirected task.
 */
function filterPg(task: FilteredTask): SqlQuery {
  if (!task.directed) return sql`TRUE`;
  const f = task.filter;
  const clauses: SqlQuery[] = [];
  if (f.kinds.length > 0) clauses.push(sql`kind IN ${sql.list(f.kinds)}`);
  if (f.townships.length > 0) clauses.push(sql`township IN ${sql.list(f.townships)}`);
  if (f.jurisdictions.length > 0) clauses.push(sql`jurisdiction IN ${sql.list(f.jurisdictions)}`);
  if (f.industryPrefixes.length > 0)
    clauses.push(
      sql`(${sql.join(
        f.industryPrefixes.map((p) => sql`industry_code LIKE ${`${p.replace(/[%_]/g, '')}%`}`),
        ' OR ',
      )})`,
    );
  if (f.tags.length > 0)
    clauses.push(
      sql`EXISTS (SELECT 1 FROM jsonb_array_elements_text(entities.tags::jsonb) t(value)
                  WHERE t.value IN ${sql.list(f.tags)})`,
    );
  if (f.entities && f.entities.length > 0) {
    const list = JSON.stringify(f.entities);
    clauses.push(
      sql`(uscc IN (SELECT jsonb_array_elements_text(CAST(${list} AS jsonb)))
           OR reg_no IN (SELECT jsonb_array_elements_text(CAST(${list} AS jsonb))))`,
    );
  }
  return clauses.length > 0 ? sql.join(clauses, ' AND ') : sql`TRUE`;
}

/**
 * PostgreSQL: the same columns in the same (entity id) order; each slice is one round trip, rows come
 * as objects through the bridge and are turned into the same tuples. The planner picks its own indexes.
 */
function* poolSlicesPg(db: DataDoor, task: StoredTask, slice: number): Generator<PoolRow[]> {
  const grade =
    task.gradingRunId === null
      ? { column: sql`CAST(NULL AS text)`, join: sql`` }
      : {
          column: sql`g.grade`,
          join: sql`LEFT JOIN grading_results g ON g.run_id = ${task.gradingRunId} AND g.entity_id = entities.id`,
        };
  const where = filterPg(task);
  for (let after = 0; ; ) {
    const rows = all<{ i: number; c: string; k: number; g: string | null }>(
      db,
      sql`SELECT entities.id AS i, coalesce(uscc, reg_no, '') AS c, ${sql.raw(KIND_STATUS_SQL)} AS k,
                 ${grade.column} AS g
          FROM entities ${grade.join}
          WHERE ${where} AND entities.id > ${after}
          ORDER BY entities.id LIMIT ${slice}`,
    ).map((r): PoolRow => [r.i, r.c, r.k, r.g]);
    yield rows;
    if (rows.length < slice) return;
    after = (rows[rows.length - 1] as PoolRow)[0];
  }
}

/** The latest manual adjustment per entity in a run (as effectiveGrades reads them): entity → grade. */
export function latestAdjustments(db: DataDoor, runId: number): Map<number, string> {
  const rows = all<{ entity_id: number; to_grade: string }>(
    db,
    sql`SELECT a.entity_id, a.to_grade FROM grading_adjustments a
        WHERE a.run_id = ${runId} AND a.id = (SELECT max(y.id) FROM grading_adjustments y
                                              WHERE y.run_id = a.run_id AND y.entity_id = a.entity_id)`,
  );
  return new Map(rows.map((r) => [r.entity_id, r.to_grade]));
}

/** Inspection records per entity dated within [from, to]: entity → count. */
export function inspectionsBetween(db: DataDoor, from: string, to: string): Map<number, number> {
  const rows = all<{ id: number; n: number }>(
    db,
    sql`SELECT entity_id AS id, count(*) AS n FROM records
        WHERE type = 'inspection' AND date BETWEEN ${from} AND ${to} GROUP BY entity_id`,
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}

/** Entities in the current plan of a task other than `taskId` that is not yet published. */
export function entitiesInOtherOpenPlans(db: DataDoor, taskId: number): Set<number> {
  return new Set(
    column<number>(
      db,
      sql`SELECT DISTINCT e.entity_id FROM inspection_plan_entries e
          JOIN inspection_tasks t ON t.current_plan_id = e.plan_id
          WHERE t.status <> 'published' AND t.id <> ${taskId}`,
    ),
  );
}

/** Entities in business, the whole jurisdiction (the A07 floor of a 定向 task). */
export function activeEntityCount(db: DataDoor): number {
  return value<number>(db, sql`SELECT count(*) FROM entities WHERE status = 'active'`) ?? 0;
}

/** The entity whose USCC or 注册号 is `code` (normalised). */
export function entityByCode(db: DataDoor, code: string): { code: string; name: string } | undefined {
  return get<{ code: string; name: string }>(
    db,
    sql`SELECT coalesce(uscc, reg_no) AS code, name FROM entities WHERE uscc = ${code} OR reg_no = ${code} LIMIT 1`,
  );
}

/** Codes of the first `n` entities in business (the demo pool's conflicts point at them). */
export function firstActiveEntityCodes(db: DataDoor, n: number): string[] {
  return column<string>(
    db,
    sql`SELECT coalesce(uscc, reg_no) FROM entities WHERE status = 'active' ORDER BY id LIMIT ${n}`,
  );
}

export function gradingRunExists(db: DataDoor, id: number): boolean {
  return get(db, sql`SELECT 1 FROM grading_runs WHERE id = ${id}`) !== undefined;
}

/** A complete grading run a task may draw its classes from, as the task form lists it. */
export interface GradingRunChoice {
  id: number;
  modelId: string;
  modelVersion: string;
  asOf: string;
  entityCount: number;
  createdAt: string;
}

/** The complete grading runs, newest first. */
export function completeGradingRuns(db: DataDoor): GradingRunChoice[] {
  return all<GradingRunChoice>(
    db,
    sql`SELECT id, model_id AS "modelId", model_version AS "modelVersion", as_of AS "asOf",
               entity_count AS "entityCount", created_at AS "createdAt"
        FROM grading_runs WHERE status = 'complete' ORDER BY id DESC`,
  );
}
