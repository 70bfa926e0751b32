/**
 * Class counts of a grading run, grouped by the entity's attributes, in one pass over the run's results.
 * The grade counted is the one in force: the latest manual adjustment's, else the computed one.
 * Township, 管辖单位, industry code and kind are the entity's as stored today (the register keeps no
 * history of them).
 */
import type { EntityKind } from '../../../../shared/domain/entity.ts';
import { all, type DataDoor, type SqlQuery, sql } from '../../../db/sql.ts';

/** `adj(entity_id, to_grade)`: the latest adjustment of each adjusted result of the run, as a CTE body. */
export function gradedAdjustmentsCte(runId: number): SqlQuery {
  return sql`adj AS (
      SELECT entity_id, to_grade FROM grading_adjustments
      WHERE id IN (SELECT max(id) FROM grading_adjustments WHERE run_id = ${runId} GROUP BY entity_id))`;
}

/** `graded(entity_id, grade)`: the run's results with the grade in force, as a CTE body. */
export function gradedCte(runId: number): SqlQuery {
  return sql`${gradedAdjustmentsCte(runId)},
    graded AS (
      SELECT r.entity_id, coalesce(adj.to_grade, r.grade) AS grade
      FROM grading_results r LEFT JOIN adj ON adj.entity_id = r.entity_id
      WHERE r.run_id = ${runId})`;
}

/** One cell of the cross-tabulation: entities with these attributes and this grade. */
export interface GradeCell {
  township: string;
  jurisdiction: string;
  industryCode: string;
  kind: EntityKind;
  grade: string;
  n: number;
}

/**
 * Entities of the run by township × 管辖单位 × industry code × kind × grade. The service folds the cells
 * into each grouping; there are far fewer cells than entities.
 */
export function gradeCells(db: DataDoor, runId: number): GradeCell[] {
  return all<GradeCell>(
    db,
    sql`WITH ${gradedCte(runId)}
        SELECT coalesce(e.township, '') AS township, coalesce(e.jurisdiction, '') AS jurisdiction,
               coalesce(e.industry_code, '') AS "industryCode", e.kind, g.grade, count(*) AS n
        FROM graded g JOIN entities e ON e.id = g.entity_id
        GROUP BY 1, 2, 3, 4, 5`,
  );
}

const SUMMARY_COLUMN = {
  township: sql`township`,
  jurisdiction: sql`jurisdiction`,
  section: sql`section`,
  kind: sql`kind`,
} as const;

/**
 * Entities of the run by one attribute (the GB/T 4754 section letter for sections) and grade in force,
 * read from the run's summary (migration 010): a few thousand rows at most, where grouping the results
 * themselves costs about 1.5 s per million. Adjustments are already in the summary.
 */
export function gradeCountsBy(
  db: DataDoor,
  runId: number,
  by: keyof typeof SUMMARY_COLUMN,
): { key: string; grade: string; n: number }[] {
  return all<{ key: string; grade: string; n: number }>(
    db,
    // sum() of a bigint is numeric on PostgreSQL (read back as text): cast back, a no-op on SQLite.
    sql`SELECT ${SUMMARY_COLUMN[by]} AS key, grade, CAST(sum(entities) AS bigint) AS n
        FROM grading_run_summary WHERE run_id = ${runId}
        GROUP BY 1, 2 HAVING sum(entities) <> 0`,
  );
}

/** One cell of the movement between two runs: entities graded in both with these two grades. */
export interface MoveCell {
  township: string;
  jurisdiction: string;
  industryCode: string;
  kind: EntityKind;
  fromGrade: string;
  toGrade: string;
  n: number;
}

/** Entities graded in both runs, by attributes and the pair of grades in force (previous → current). */
export function moveCells(db: DataDoor, fromRunId: number, toRunId: number): MoveCell[] {
  return all<MoveCell>(
    db,
    sql`WITH adjA AS (
          SELECT entity_id, to_grade FROM grading_adjustments
          WHERE id IN (SELECT max(id) FROM grading_adjustments WHERE run_id = ${fromRunId} GROUP BY entity_id)),
        adjB AS (
          SELECT entity_id, to_grade FROM grading_adjustments
          WHERE id IN (SELECT max(id) FROM grading_adjustments WHERE run_id = ${toRunId} GROUP BY entity_id))
        SELECT coalesce(e.township, '') AS township, coalesce(e.jurisdiction, '') AS jurisdiction,
               coalesce(e.industry_code, '') AS "industryCode", e.kind,
               coalesce(adjA.to_grade, a.grade) AS "fromGrade", coalesce(adjB.to_grade, b.grade) AS "toGrade",
               count(*) AS n
        FROM grading_results a
        JOIN grading_results b ON b.run_id = ${toRunId} AND b.entity_id = a.entity_id
        LEFT JOIN adjA ON adjA.entity_id = a.entity_id
        LEFT JOIN adjB ON adjB.entity_id = a.entity_id
        JOIN entities e ON e.id = a.entity_id
        WHERE a.run_id = ${fromRunId} AND coalesce(adjA.to_grade, a.grade) <> coalesce(adjB.to_grade, b.grade)
        GROUP BY 1, 2, 3, 4, 5, 6`,
  );
}
