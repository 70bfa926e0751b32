/**
 * Inspection figures for analysis: coverage of a run's classes by the results checked in a date range,
 * and the quarter's tasks with their plan entries, results and publication as of a cut-off date.
 * Result codes and follow-up texts are grouped here and classified by the service (few distinct values).
 */
import { ENTITY_KINDS, type EntityKind } from '../../../../shared/domain/entity.ts';
import { jsonArrayRows, textsIn } from '../../../db/json-lists.ts';
import { all, type DataDoor, dialect, get, sql } from '../../../db/sql.ts';
import { gradedAdjustmentsCte } from './graded.ts';

export interface InspectedCell {
  grade: string;
  inspected: number;
  withProblems: number;
}

/**
 * Entities of the run inspected (a result checked in [from, to], and entered by `range.enteredBy` when
 * given) per grade in force, and how many of those had a result with one of `problemCodes`. Driven
 * from the results, which are few beside the run.
 */
export function inspectedByGrade(
  db: DataDoor,
  runId: number,
  range: { from: string; to: string; enteredBy?: string | undefined },
  problemCodes: readonly string[],
): InspectedCell[] {
  const entered =
    range.enteredBy === undefined ? sql`` : sql`AND substr(entered_at, 1, 10) <= ${range.enteredBy}`;
  return all<InspectedCell>(
    db,
    sql`WITH ${gradedAdjustmentsCte(runId)},
        insp AS (
          SELECT entity_id,
                 max(CASE WHEN EXISTS (SELECT 1 FROM ${jsonArrayRows(db, 'results', 'j')}
                                       WHERE j.value IN ${textsIn(db, problemCodes)}) THEN 1 ELSE 0 END) AS problem
          FROM inspection_results WHERE checked_on BETWEEN ${range.from} AND ${range.to} ${entered}
          GROUP BY entity_id)
        SELECT coalesce(adj.to_grade, r.grade) AS grade, count(*) AS inspected,
               coalesce(sum(i.problem), 0) AS "withProblems"
        FROM insp i JOIN grading_results r ON r.run_id = ${runId} AND r.entity_id = i.entity_id
        LEFT JOIN adj ON adj.entity_id = i.entity_id
        GROUP BY 1`,
  );
}

export interface RatioProfileRow {
  profileId: string | null;
  profileName: string | null;
  /** {"enterprise": {"A": 300, …}, …} in basis points, as the task applied them. */
  ratios: Record<string, Record<string, number>>;
}

/** The ratios of the latest task (by end date) whose check period overlaps [from, to]; none → undefined. */
export function latestTaskRatios(
  db: DataDoor,
  range: { from: string; to: string },
): RatioProfileRow | undefined {
  const row = get<{ profileId: string | null; profileName: string | null; ratios: string }>(
    db,
    sql`SELECT t.profile_id AS "profileId", p.name AS "profileName", t.ratios
        FROM inspection_tasks t LEFT JOIN ratio_profiles p ON p.id = t.profile_id
        WHERE t.current_plan_id IS NOT NULL AND t.start_date <= ${range.to} AND t.end_date >= ${range.from}
        ORDER BY t.end_date DESC, t.id DESC LIMIT 1`,
  );
  return row && { profileId: row.profileId, profileName: row.profileName, ratios: JSON.parse(row.ratios) };
}

export interface QuarterTask {
  id: number;
  number: string;
  name: string;
  directed: boolean;
  endDate: string;
  /** The local-clock date part of the publication time; null when not published by the cut-off. */
  publishedOn: string | null;
  /** 抽查基数: candidates of the current plan. */
  base: number;
  drawn: number;
  /** Entity kinds drawn, distinct. */
  kinds: EntityKind[];
}

/** Tasks with a drawn plan whose check period ends in [from, cutOff], in end-date order. */
export function quarterTasks(db: DataDoor, range: { from: string; cutOff: string }): QuarterTask[] {
  // The kinds are split on ',' and only their set matters (ordered below).
  const distinctKinds = dialect(db, {
    sqlite: sql`group_concat(DISTINCT pe.kind)`,
    postgres: sql`string_agg(DISTINCT pe.kind, ',')`,
  });
  const rows = all<{
    id: number;
    number: string;
    name: string;
    directed: number;
    endDate: string;
    publishedAt: string | null;
    base: number;
    drawn: number;
    kinds: string | null;
  }>(
    db,
    sql`SELECT t.id, t.number, t.name, t.directed, t.end_date AS "endDate", t.published_at AS "publishedAt",
               p.candidates AS base,
               (SELECT count(*) FROM inspection_plan_entries pe WHERE pe.plan_id = p.id) AS drawn,
               (SELECT ${distinctKinds} FROM inspection_plan_entries pe WHERE pe.plan_id = p.id) AS kinds
        FROM inspection_tasks t JOIN inspection_plans p ON p.id = t.current_plan_id
        WHERE t.end_date BETWEEN ${range.from} AND ${range.cutOff}
        ORDER BY t.end_date, t.id`,
  );
  return rows.map((r) => {
    const publishedOn = r.publishedAt?.slice(0, 10) ?? null;
    return {
      id: r.id,
      number: r.number,
      name: r.name,
      directed: r.directed === 1,
      endDate: r.endDate,
      publishedOn: publishedOn !== null && publishedOn <= range.cutOff ? publishedOn : null,
      base: r.base,
      drawn: r.drawn,
      // In the register's order of kinds: each engine aggregates the distinct kinds in an order of its own.
      kinds: ENTITY_KINDS.filter((k) => (r.kinds ?? '').split(',').includes(k)),
    };
  });
}

export interface EntryCell {
  taskId: number;
  township: string;
  jurisdiction: string;
  /** The result's codes as stored (a JSON array); null when no result was entered by the cut-off. */
  results: string | null;
  followUp: string | null;
  published: boolean;
  n: number;
}

/**
 * The plan entries of the quarter's tasks by task × township × 管辖单位 × result × follow-up, with
 * whether the task was published by the cut-off. A result entered after the cut-off counts as not entered.
 */
export function entryCells(db: DataDoor, range: { from: string; cutOff: string }): EntryCell[] {
  const rows = all<Omit<EntryCell, 'published'> & { published: number }>(
    db,
    sql`SELECT t.id AS "taskId", coalesce(e.township, '') AS township, coalesce(e.jurisdiction, '') AS jurisdiction,
               CASE WHEN substr(r.entered_at, 1, 10) <= ${range.cutOff} THEN r.results END AS results,
               CASE WHEN substr(r.entered_at, 1, 10) <= ${range.cutOff} THEN r.follow_up END AS "followUp",
               CASE WHEN t.published_at IS NOT NULL AND substr(t.published_at, 1, 10) <= ${range.cutOff}
                    THEN 1 ELSE 0 END AS published,
               count(*) AS n
        FROM inspection_tasks t
        JOIN inspection_plan_entries pe ON pe.plan_id = t.current_plan_id
        JOIN entities e ON e.id = pe.entity_id
        LEFT JOIN inspection_results r ON r.plan_id = pe.plan_id AND r.entity_id = pe.entity_id
        WHERE t.end_date BETWEEN ${range.from} AND ${range.cutOff}
        GROUP BY 1, 2, 3, 4, 5, 6`,
  );
  return rows.map((r) => ({ ...r, published: r.published === 1 }));
}
