/**
 * Re-grade rows (table current_grades): an entity's grade per model recomputed since the model's basis
 * run because its records changed. A row with no grade hides the run's result (no longer graded).
 */
import { all, type BulkStatement, bulk, type DataDoor, isPg, type PgDb, run, sql } from '../../../db/sql.ts';
import { findAdjustment, latestAdjustmentOf, type StoredAdjustment } from './adjustments.ts';
import { namedQuery } from './named-query.ts';
import { resultOf } from './results.ts';

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

/**
 * What a re-grade needs to know of an entity's current grade under basis run `runId` before it writes:
 * the basis run's computed grade, its re-grade row, and the adjustment that may be in force (the one
 * the re-grade row keeps, else the latest of the run's result). The service decides what is in force.
 */
export interface RegradeState {
  /** The basis run's computed grade, or null when the run has no result for the entity. */
  resultGrade: string | null;
  /** The re-grade row following this basis run, if any. */
  regrade: { grade: string | null; breakdown: string | null; adjustmentId: number | null } | null;
  adjustment: StoredAdjustment | null;
}

/**
 * The states of these entities. SQLite reads each with the statements a single current grade reads
 * (prepared once, a few microseconds each); PostgreSQL reads the whole list in one statement, since
 * there each statement is a round trip and an import re-grades tens of thousands of entities.
 */
export function regradeStates(
  db: DataDoor,
  modelId: string,
  runId: number,
  entityIds: readonly number[],
): Map<number, RegradeState> {
  const out = new Map<number, RegradeState>();
  if (isPg(db)) {
    for (const s of regradeStatesPg(db, modelId, runId, entityIds)) out.set(s.entityId, s);
    return out;
  }
  for (const entityId of entityIds) {
    const result = resultOf(db, runId, entityId);
    const cg = regradeRow(db, modelId, entityId, runId);
    let adjustment: StoredAdjustment | undefined;
    if (cg) {
      if (cg.grade !== null && cg.breakdown !== null && cg.adjustmentId !== null)
        adjustment = findAdjustment(db, cg.adjustmentId);
    } else if (result) {
      adjustment = latestAdjustmentOf(db, runId, entityId);
    }
    out.set(entityId, {
      resultGrade: result?.grade ?? null,
      regrade: cg ? { grade: cg.grade, breakdown: cg.breakdown, adjustmentId: cg.adjustmentId } : null,
      adjustment: adjustment ?? null,
    });
  }
  return out;
}

interface StateRowPg {
  entityId: number;
  resultGrade: string | null;
  hasRegrade: boolean;
  cgGrade: string | null;
  cgBreakdown: string | null;
  cgAdjustment: number | null;
  aId: number | null;
  aRun: number;
  aEntity: number;
  aFrom: string;
  aTo: string;
  aReason: string;
  aBy: string;
  aAt: string;
  aCarried: number | null;
}

function regradeStatesPg(
  db: PgDb,
  modelId: string,
  runId: number,
  entityIds: readonly number[],
): (RegradeState & { entityId: number })[] {
  const rows = all<StateRowPg>(
    db,
    sql`SELECT i.id AS "entityId", r.grade AS "resultGrade", cg.entity_id IS NOT NULL AS "hasRegrade",
               cg.grade AS "cgGrade", cg.breakdown AS "cgBreakdown", cg.adjustment_id AS "cgAdjustment",
               a.id AS "aId", a.run_id AS "aRun", a.entity_id AS "aEntity", a.from_grade AS "aFrom",
               a.to_grade AS "aTo", a.reason AS "aReason", a.adjusted_by AS "aBy", a.adjusted_at AS "aAt",
               a.carried_from AS "aCarried"
        FROM unnest(CAST(${`{${entityIds.join(',')}}`} AS bigint[])) AS i(id)
        LEFT JOIN grading_results r ON r.run_id = ${runId} AND r.entity_id = i.id
        -- One primary-key probe per entity (OFFSET 0 keeps the planner from flattening the subquery
        -- into a join). As a join, it planned from the table's statistics before this transaction's
        -- own re-grade rows, and compared every block's entities with all of them: 1.7 s a block by the
        -- end of a 100,000-entity import into 200,000; measured on 88,500 such rows, 23 s → 77 ms.
        LEFT JOIN LATERAL (
          SELECT * FROM current_grades c
          WHERE c.model_id = ${modelId} AND c.entity_id = i.id AND c.run_id = ${runId}
          OFFSET 0
        ) cg ON true
        -- The adjustment the re-grade row keeps, else (no re-grade row) the latest of the run's result.
        LEFT JOIN LATERAL (
          SELECT * FROM grading_adjustments x
          WHERE cg.entity_id IS NOT NULL AND cg.grade IS NOT NULL AND cg.breakdown IS NOT NULL
            AND x.id = cg.adjustment_id
          UNION ALL
          SELECT * FROM (SELECT * FROM grading_adjustments y
                         WHERE cg.entity_id IS NULL AND r.entity_id IS NOT NULL
                           AND y.run_id = ${runId} AND y.entity_id = i.id
                         ORDER BY y.id DESC LIMIT 1) latest
        ) a ON true`,
  );
  return rows.map((s) => ({
    entityId: s.entityId,
    resultGrade: s.resultGrade,
    regrade: s.hasRegrade
      ? { grade: s.cgGrade, breakdown: s.cgBreakdown, adjustmentId: s.cgAdjustment }
      : null,
    adjustment:
      s.aId === null
        ? null
        : {
            id: s.aId,
            runId: s.aRun,
            entityId: s.aEntity,
            fromGrade: s.aFrom,
            toGrade: s.aTo,
            reason: s.aReason,
            adjustedBy: s.aBy,
            adjustedAt: s.aAt,
            carriedFrom: s.aCarried,
          },
  }));
}

/** Rows per upsert on PostgreSQL (one JSON parameter each). */
const PG_REGRADE_BATCH = 2000;

/**
 * Saves many re-grade rows: on SQLite one prepared upsert each (as saveRegrade), on PostgreSQL one
 * INSERT … SELECT FROM json_to_recordset … ON CONFLICT per PG_REGRADE_BATCH rows.
 */
export function saveRegrades(db: DataDoor, rows: readonly RegradeRow[]): void {
  if (!isPg(db)) {
    for (const r of rows) saveRegrade(db, r);
    return;
  }
  for (let i = 0; i < rows.length; i += PG_REGRADE_BATCH) {
    const json = JSON.stringify(rows.slice(i, i + PG_REGRADE_BATCH));
    run(
      db,
      sql`INSERT INTO current_grades (model_id, entity_id, model_version, run_id, as_of, score, score_grade, grade,
            breakdown, adjustment_id, updated_at)
          SELECT x."modelId", x."entityId", x."modelVersion", x."runId", x."asOf", x.score, x."scoreGrade",
                 x.grade, x.breakdown, x."adjustmentId", x."updatedAt"
          FROM json_to_recordset(CAST(${json} AS json)) AS x("modelId" text, "entityId" bigint,
            "modelVersion" text, "runId" bigint, "asOf" text, score float8, "scoreGrade" text, grade text,
            breakdown text, "adjustmentId" bigint, "updatedAt" text)
          ON CONFLICT (model_id, entity_id) DO UPDATE SET model_version = excluded.model_version,
            run_id = excluded.run_id, as_of = excluded.as_of, score = excluded.score,
            score_grade = excluded.score_grade, grade = excluded.grade, breakdown = excluded.breakdown,
            adjustment_id = excluded.adjustment_id, updated_at = excluded.updated_at`,
    );
  }
}
