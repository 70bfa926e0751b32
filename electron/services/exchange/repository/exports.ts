/**
 * The reads of the exports: each a count (for progress) and the rows streamed in the sheet's order, so a
 * million-row list is never held in memory. The caller runs them in one unit of work (one snapshot).
 * The tables belong to the entities, grading and sampling areas; these export-only reads stay here.
 */
import type { Entity, EntityKind } from '../../../../shared/domain/entity.ts';
import {
  type DataDoor,
  dialect,
  get,
  isPg,
  iterate,
  type SqlQuery,
  sql,
  unitOfWork,
  value,
} from '../../../db/sql.ts';
import { countEntities, iterateEntities } from '../../entities/repository/entities.ts';

// ---- 检查对象名录库 ----

/** The entities area owns these reads; the export names them here so its three lists read alike. */
export const entityCount = countEntities;
export const allEntities: (db: DataDoor, jurisdiction: string | null) => Generator<Entity> = iterateEntities;

// ---- 信用分级分类结果 ----

export interface CompleteRun {
  id: number;
  modelId: string;
  modelVersion: string;
  asOf: string;
}

/** The complete grading run `runId`, or the latest complete one; undefined before the grading tables exist. */
export function completeRun(db: DataDoor, runId?: number): CompleteRun | undefined {
  let r: { id: number; model_id: string; model_version: string; as_of: string } | undefined;
  const read = () =>
    get<{ id: number; model_id: string; model_version: string; as_of: string }>(
      db,
      runId
        ? sql`SELECT id, model_id, model_version, as_of FROM grading_runs WHERE id = ${runId} AND status = 'complete'`
        : sql`SELECT id, model_id, model_version, as_of FROM grading_runs WHERE status = 'complete' ORDER BY id DESC LIMIT 1`,
    );
  try {
    // PostgreSQL: a failed statement would abort the export's transaction; its own savepoint keeps it.
    r = isPg(db) ? unitOfWork(db, read) : read();
  } catch {
    return undefined; // the grading tables do not exist yet
  }
  return r && { id: r.id, modelId: r.model_id, modelVersion: r.model_version, asOf: r.as_of };
}

export function gradingResultCount(db: DataDoor, runId: number): number {
  return value<number>(db, sql`SELECT count(*) FROM grading_results WHERE run_id = ${runId}`) ?? 0;
}

export interface GradedEntity {
  uscc: string | null;
  regNo: string | null;
  name: string;
  kind: EntityKind;
  township: string | null;
  jurisdiction: string | null;
  score: number | null;
  grade: string;
  /** The latest manual adjustment of the grade, and its reason. */
  adjusted: string | null;
  reason: string | null;
}

/** The run's results in entity id order. */
export function* gradedEntities(db: DataDoor, runId: number): Generator<GradedEntity> {
  // Ordered by r.entity_id (= e.id): the results' primary key (run_id, entity_id) yields that order as
  // it reads, where ORDER BY e.id sorted every row first (1.5 s at 100,000 before the first row, and
  // before the export's first progress report).
  for (const r of iterate<Omit<GradedEntity, 'regNo'> & { reg_no: string | null }>(
    db,
    sql`SELECT e.uscc, e.reg_no, e.name, e.kind, e.township, e.jurisdiction, r.score, r.grade,
          (SELECT a.to_grade FROM grading_adjustments a WHERE a.run_id = r.run_id AND a.entity_id = r.entity_id ORDER BY a.id DESC LIMIT 1) AS adjusted,
          (SELECT a.reason FROM grading_adjustments a WHERE a.run_id = r.run_id AND a.entity_id = r.entity_id ORDER BY a.id DESC LIMIT 1) AS reason
        FROM grading_results r JOIN entities e ON e.id = r.entity_id WHERE r.run_id = ${runId} ORDER BY r.entity_id`,
  )) {
    const { reg_no, ...rest } = r;
    yield { ...rest, regNo: reg_no };
  }
}

// ---- 抽查检查结果公示表 ----

export type InspectionFilter = { plan: string } | { from: string; to: string };

export interface PublishedInspection {
  date: string;
  results: string[];
  followUp: string | null;
  authority: string | null;
  uscc: string | null;
  regNo: string | null;
  name: string;
}

function inspectionWhere(db: DataDoor, f: InspectionFilter): SqlQuery {
  return 'plan' in f
    ? sql`r.type = 'inspection' AND ${dialect(db, {
        sqlite: sql`json_extract(r.data, '$.plan')`,
        postgres: sql`(r.data::jsonb ->> 'plan')`,
      })} = ${f.plan}`
    : sql`r.type = 'inspection' AND r.date BETWEEN ${f.from} AND ${f.to}`;
}

export function inspectionCount(db: DataDoor, filter: InspectionFilter): number {
  return value<number>(db, sql`SELECT count(*) FROM records r WHERE ${inspectionWhere(db, filter)}`) ?? 0;
}

/** The `inspection` records of a plan (or a date range), by date then entity. */
export function* inspectionsToPublish(
  db: DataDoor,
  filter: InspectionFilter,
): Generator<PublishedInspection> {
  for (const r of iterate<{
    date: string;
    data: string;
    uscc: string | null;
    reg_no: string | null;
    name: string;
  }>(
    db,
    sql`SELECT r.date, r.data, e.uscc, e.reg_no, e.name FROM records r JOIN entities e ON e.id = r.entity_id
        WHERE ${inspectionWhere(db, filter)} ORDER BY r.date, e.id`,
  )) {
    const d = JSON.parse(r.data) as {
      results?: string[];
      followUp?: string | null;
      authority?: string | null;
    };
    yield {
      date: r.date,
      results: d.results ?? [],
      followUp: d.followUp ?? null,
      authority: d.authority ?? null,
      uscc: r.uscc,
      regNo: r.reg_no,
      name: r.name,
    };
  }
}
