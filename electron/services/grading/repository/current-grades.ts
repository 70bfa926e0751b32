/**
 * Re-grade rows (table current_grades): an entity's grade per model recomputed since the model's basis
 * run because its records changed. A row with no grade hides the run's result (no longer graded).
 */
import { type DataDoor, type BulkStatement, bulk, run, sql } from '../../../db/sql.ts';
import { namedQuery } from './named-query.ts';

// A type, not an interface: the upsert binds it as its named parameters (an index signature).
export type RegradeRow = {
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
};

const regradeQuery = namedQuery<{ model: string; entity: number; run: number }, RegradeRow>(
  `SELECT model_id AS "modelId", entity_id AS "entityId", model_version AS "modelVersion", run_id AS "runId",
          as_of AS "asOf", score, score_grade AS "scoreGrade", grade, breakdown,
          adjustment_id AS "adjustmentId", updated_at AS "updatedAt"
   FROM current_grades WHERE model_id = @model AND entity_id = @entity AND run_id = @run`,
);

/** The entity's re-grade row for the model, if it follows basis run `runId` (rows of older bases are stale). */
export function regradeRow(
  db: DataDoor,
  modelId: string,
  entityId: number,
  runId: number,
): RegradeRow | undefined {
  return regradeQuery.get(db, { model: modelId, entity: entityId, run: runId });
}

/** Prepared once per connection: an import re-grades every entity it touched, one upsert each. */
const upserts = new WeakMap<DataDoor, BulkStatement<RegradeRow>>();

export function saveRegrade(db: DataDoor, r: RegradeRow): void {
  let upsert = upserts.get(db);
  if (!upsert) {
    upsert = bulk<RegradeRow>(
      db,
      `INSERT INTO current_grades (model_id, entity_id, model_version, run_id, as_of, score, score_grade, grade,
         breakdown, adjustment_id, updated_at)
       VALUES (@modelId, @entityId, @modelVersion, @runId, @asOf, @score, @scoreGrade, @grade, @breakdown,
               @adjustmentId, @updatedAt)
       ON CONFLICT (model_id, entity_id) DO UPDATE SET model_version = excluded.model_version,
         run_id = excluded.run_id, as_of = excluded.as_of, score = excluded.score,
         score_grade = excluded.score_grade, grade = excluded.grade, breakdown = excluded.breakdown,
         adjustment_id = excluded.adjustment_id, updated_at = excluded.updated_at`,
    );
    upserts.set(db, upsert);
  }
  upsert.run(r);
}

/** Sets (or, with null, ends) the adjustment kept on an entity's re-grade row. */
export function setRegradeAdjustment(
  db: DataDoor,
  q: { modelId: string; entityId: number; adjustmentId: number | null; at: string },
): void {
  run(
    db,
    sql`UPDATE current_grades SET adjustment_id = ${q.adjustmentId}, updated_at = ${q.at}
        WHERE model_id = ${q.modelId} AND entity_id = ${q.entityId}`,
  );
}

/** Drops every re-grade row of a model: a new basis run replaces them. */
export function dropRegrades(db: DataDoor, modelId: string): void {
  run(db, sql`DELETE FROM current_grades WHERE model_id = ${modelId}`);
}
