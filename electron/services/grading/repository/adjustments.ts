/**
 * Manual adjustments (table grading_adjustments): each is its own row attached to one result of a run,
 * never an edit of the result. The latest adjustment of a result is the one in force, unless a
 * re-grade row of current_grades names another (see current-grades.ts in the service).
 */
import { all, type DataDoor, isPg, run, runInsert, sql } from '../../../db/sql.ts';
import { namedQuery } from './named-query.ts';

export interface StoredAdjustment {
  id: number;
  runId: number;
  entityId: number;
  /** The computed grade the adjustment overrode. */
  fromGrade: string;
  toGrade: string;
  reason: string;
  adjustedBy: string;
  adjustedAt: string;
  /** The adjustment of an earlier run this one carries over, or null when a person made it. */
  carriedFrom: number | null;
}

interface AdjustmentRow {
  id: number;
  run_id: number;
  entity_id: number;
  from_grade: string;
  to_grade: string;
  reason: string;
  adjusted_by: string;
  adjusted_at: string;
  carried_from: number | null;
}

/**
 * Makes two adjustments of one entity take turns, until the transaction ends: each reads the grade in
 * force and moves the run's summary from it, so two at once would both move it from the same class. On
 * SQLite the transaction already holds the one write lock; on PostgreSQL the entity's row is locked
 * (FOR UPDATE), which adjustments of other entities do not wait for.
 */
export function lockEntityForAdjustment(db: DataDoor, entityId: number): void {
  if (isPg(db)) run(db, sql`SELECT 1 FROM entities WHERE id = ${entityId} FOR UPDATE`);
}

function toAdjustment(a: AdjustmentRow): StoredAdjustment {
  return {
    id: a.id,
    runId: a.run_id,
    entityId: a.entity_id,
    fromGrade: a.from_grade,
    toGrade: a.to_grade,
    reason: a.reason,
    adjustedBy: a.adjusted_by,
    adjustedAt: a.adjusted_at,
    carriedFrom: a.carried_from,
  };
}

const byId = namedQuery<{ id: number }, AdjustmentRow>('SELECT * FROM grading_adjustments WHERE id = @id');

export function findAdjustment(db: DataDoor, id: number): StoredAdjustment | undefined {
  const row = byId.get(db, { id });
  return row && toAdjustment(row);
}

const latestOf = namedQuery<{ run: number; entity: number }, AdjustmentRow>(
  `SELECT * FROM grading_adjustments WHERE run_id = @run AND entity_id = @entity ORDER BY id DESC LIMIT 1`,
);

/** The latest adjustment of one result of a run, or undefined when it was never adjusted. */
export function latestAdjustmentOf(
  db: DataDoor,
  runId: number,
  entityId: number,
): StoredAdjustment | undefined {
  const row = latestOf.get(db, { run: runId, entity: entityId });
  return row && toAdjustment(row);
}

/** The latest adjustment of each adjusted result of a run, with the computed grade it overrides. */
export function latestAdjustmentsOfRun(
  db: DataDoor,
  runId: number,
): { entityId: number; computed: string; toGrade: string }[] {
  return all<{ entityId: number; computed: string; toGrade: string }>(
    db,
    sql`SELECT a.entity_id AS "entityId", r.grade AS computed, a.to_grade AS "toGrade"
        FROM grading_adjustments a JOIN grading_results r ON r.run_id = a.run_id AND r.entity_id = a.entity_id
        WHERE a.run_id = ${runId} AND a.id = (SELECT max(y.id) FROM grading_adjustments y
                                              WHERE y.run_id = a.run_id AND y.entity_id = a.entity_id)`,
  );
}

/** Records a person's adjustment and returns its id. */
export function insertAdjustment(db: DataDoor, a: Omit<StoredAdjustment, 'id' | 'carriedFrom'>): number {
  return runInsert(
    db,
    sql`INSERT INTO grading_adjustments (run_id, entity_id, from_grade, to_grade, reason, adjusted_by, adjusted_at)
        VALUES (${a.runId}, ${a.entityId}, ${a.fromGrade}, ${a.toGrade}, ${a.reason}, ${a.adjustedBy},
                ${a.adjustedAt})`,
  ).newId;
}

/**
 * Copies into run `runId` the adjustments in force under the previous basis run `previousRunId` of the
 * same model, wherever the new run's computed grade is the one the adjustment overrode (one set-based
 * statement: a run may carry thousands). Returns how many were carried.
 */
export function carryAdjustmentsInForce(
  db: DataDoor,
  q: { runId: number; previousRunId: number; modelId: string; at: string },
): number {
  return run(
    db,
    sql`INSERT INTO grading_adjustments
          (run_id, entity_id, from_grade, to_grade, reason, adjusted_by, adjusted_at, carried_from)
        SELECT CAST(${q.runId} AS bigint), x.entity_id, a.from_grade, a.to_grade, a.reason, a.adjusted_by,
               CAST(${q.at} AS text), a.id
        FROM (
          -- Re-graded since the previous run: the adjustment kept on the re-grade row.
          SELECT cg.entity_id, cg.adjustment_id AS aid, 'regrade' AS src FROM current_grades cg
          WHERE cg.model_id = ${q.modelId} AND cg.run_id = ${q.previousRunId} AND cg.adjustment_id IS NOT NULL
          UNION ALL
          -- Not re-graded: the latest adjustment of the previous run's result, if in force.
          SELECT ad.entity_id, max(ad.id), 'run' FROM grading_adjustments ad
          WHERE ad.run_id = ${q.previousRunId} AND NOT EXISTS (
            SELECT 1 FROM current_grades c2
            WHERE c2.model_id = ${q.modelId} AND c2.entity_id = ad.entity_id AND c2.run_id = ${q.previousRunId})
          GROUP BY ad.entity_id
        ) x
        JOIN grading_adjustments a ON a.id = x.aid
        JOIN grading_results pr ON pr.run_id = ${q.previousRunId} AND pr.entity_id = x.entity_id
        JOIN grading_results r ON r.run_id = ${q.runId} AND r.entity_id = x.entity_id AND r.grade = a.from_grade
        -- In force: kept on a re-grade row, or (on a run result) differing from the computed grade.
        WHERE a.to_grade <> a.from_grade AND (x.src = 'regrade' OR a.to_grade <> pr.grade)`,
  ).changes;
}
