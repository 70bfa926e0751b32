/**
 * Re-grade rows (table current_grades): an entity's grade per model recomputed since the model's basis
 * run because its records changed. A row with no grade hides the run's result (no longer graded).
 */
import type { Db } from '../../../db/open.ts';
import { get, run, sql } from '../../../db/sql.ts';

export interface RegradeRow {
  modelId: string;
  entityId: number;
  modelVersion: string;
  /** The basis run the re-grade follows. */
  runId: number;
  asOf: string;
  score: number | null;
  scoreGrade: string | null;
  /** null: not graded any more (e.g. 注销 since the run). */
  grade: string | null;
  breakdown: string | null;
  /** The adjustment kept in force, if any. */
  adjustmentId: number | null;
  updatedAt: string;
}

/** The entity's re-grade row for the model, if it follows basis run `runId` (rows of older bases are stale). */
export function regradeRow(db: Db, modelId: string, entityId: number, runId: number): RegradeRow | undefined {
  return get<RegradeRow>(
    db,
    sql`SELECT model_id AS modelId, entity_id AS entityId, model_version AS modelVersion, run_id AS runId,
               as_of AS asOf, score, score_grade AS scoreGrade, grade, breakdown,
               adjustment_id AS adjustmentId, updated_at AS updatedAt
        FROM current_grades WHERE model_id = ${modelId} AND entity_id = ${entityId} AND run_id = ${runId}`,
  );
}

export function saveRegrade(db: Db, r: RegradeRow): void {
  run(
    db,
    sql`INSERT INTO current_grades (model_id, entity_id, model_version, run_id, as_of, score, score_grade, grade,
          breakdown, adjustment_id, updated_at)
        VALUES (${r.modelId}, ${r.entityId}, ${r.modelVersion}, ${r.runId}, ${r.asOf}, ${r.score}, ${r.scoreGrade},
                ${r.grade}, ${r.breakdown}, ${r.adjustmentId}, ${r.updatedAt})
        ON CONFLICT (model_id, entity_id) DO UPDATE SET model_version = excluded.model_version,
          run_id = excluded.run_id, as_of = excluded.as_of, score = excluded.score,
          score_grade = excluded.score_grade, grade = excluded.grade, breakdown = excluded.breakdown,
          adjustment_id = excluded.adjustment_id, updated_at = excluded.updated_at`,
  );
}

/** Sets (or, with null, ends) the adjustment kept on an entity's re-grade row. */
export function setRegradeAdjustment(
  db: Db,
  q: { modelId: string; entityId: number; adjustmentId: number | null; at: string },
): void {
  run(
    db,
    sql`UPDATE current_grades SET adjustment_id = ${q.adjustmentId}, updated_at = ${q.at}
        WHERE model_id = ${q.modelId} AND entity_id = ${q.entityId}`,
  );
}

/** Drops every re-grade row of a model: a new basis run replaces them. */
export function dropRegrades(db: Db, modelId: string): void {
  run(db, sql`DELETE FROM current_grades WHERE model_id = ${modelId}`);
}
