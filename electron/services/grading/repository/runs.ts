/**
 * The grading runs (table grading_runs): one row per whole-database run, written 'running' before its
 * results so they can name it, completed at the end with its counts and computed-grade distribution.
 */
import { all, type DataDoor, get, isPg, run, runInsert, script, sql, value } from '../../../db/sql.ts';

export type RunStatus = 'running' | 'complete';

export interface StoredRun {
  id: number;
  modelId: string;
  modelVersion: string;
  asOf: string;
  createdBy: string;
  createdAt: string;
  finishedAt: string | null;
  status: RunStatus;
  /** Entities graded (those the model skipped are not counted). */
  entityCount: number;
  skippedCount: number;
  /** Computed grades per class, before manual adjustments. */
  distribution: Record<string, number>;
  tookMs: number | null;
}

/** A model's complete run, as the current grades need it: the basis of the entity's current grade. */
export interface BasisRun {
  id: number;
  modelId: string;
  modelVersion: string;
  asOf: string;
  finishedAt: string | null;
  createdAt: string;
}

interface RunRow {
  id: number;
  model_id: string;
  model_version: string;
  as_of: string;
  created_by: string;
  created_at: string;
  finished_at: string | null;
  status: RunStatus;
  entity_count: number;
  skipped_count: number;
  distribution: string;
  took_ms: number | null;
}

function toRun(r: RunRow): StoredRun {
  return {
    id: r.id,
    modelId: r.model_id,
    modelVersion: r.model_version,
    asOf: r.as_of,
    createdBy: r.created_by,
    createdAt: r.created_at,
    finishedAt: r.finished_at,
    status: r.status,
    entityCount: r.entity_count,
    skippedCount: r.skipped_count,
    distribution: JSON.parse(r.distribution) as Record<string, number>,
    tookMs: r.took_ms,
  };
}

export function findRun(db: DataDoor, runId: number): StoredRun | undefined {
  const row = get<RunRow>(db, sql`SELECT * FROM grading_runs WHERE id = ${runId}`);
  return row && toRun(row);
}

/** Every run, newest first. */
export function allRuns(db: DataDoor): StoredRun[] {
  return all<RunRow>(db, sql`SELECT * FROM grading_runs ORDER BY id DESC`).map(toRun);
}

/**
 * Complete runs, latest as-of first (then the latest id): the first of each model is its basis. Read
 * at every re-grade, so only the columns the current grades need.
 */
export function completeRunsLatestFirst(db: DataDoor): BasisRun[] {
  return all<BasisRun>(
    db,
    sql`SELECT id, model_id AS "modelId", model_version AS "modelVersion", as_of AS "asOf",
               finished_at AS "finishedAt", created_at AS "createdAt"
        FROM grading_runs WHERE status = 'complete' ORDER BY as_of DESC, id DESC`,
  );
}

/**
 * Holds every writer of what a run reads off until the run's transaction ends, so the run grades one
 * state of the records, and the current grades it adopts are not older than an import that committed
 * meanwhile (adoptRun would drop its re-grade rows) nor miss an adjustment made meanwhile (carried
 * before it). SQLite needs nothing: insertRun takes the database's one write lock. PostgreSQL takes
 * SHARE ROW EXCLUSIVE locks: readers go on, an import, a repair, an undo, an adjustment or a second run
 * waits for this one, as on the desk. The tables are locked in the order an import writes them (batch,
 * entities, records, coverage, then grading), so the two cannot each hold what the other waits for.
 * Call it first in the run's transaction.
 */
export function lockRunInputs(db: DataDoor): void {
  if (isPg(db)) {
    script(
      db,
      `LOCK TABLE import_batches, entities, records, annual_report_coverage, grading_adjustments, current_grades
       IN SHARE ROW EXCLUSIVE MODE`,
    );
  }
}

/** Opens a run (status 'running') and returns its id. */
export function insertRun(
  db: DataDoor,
  r: {
    modelId: string;
    modelVersion: string;
    asOf: string;
    createdBy: string;
    createdAt: string;
    /** JSON: the texts its results name by place (breakdown version 3). */
    breakdownTexts: string;
  },
): number {
  return runInsert(
    db,
    sql`INSERT INTO grading_runs (model_id, model_version, as_of, created_by, created_at, status, breakdown_texts)
        VALUES (${r.modelId}, ${r.modelVersion}, ${r.asOf}, ${r.createdBy}, ${r.createdAt}, 'running',
                ${r.breakdownTexts})`,
  ).newId;
}

/** The texts a run's results name by place, as stored (JSON); null for a run stored before they existed. */
export function runBreakdownTextsJson(db: DataDoor, runId: number): string | null {
  return value<string | null>(db, sql`SELECT breakdown_texts FROM grading_runs WHERE id = ${runId}`) ?? null;
}

export function completeRun(
  db: DataDoor,
  runId: number,
  r: {
    finishedAt: string;
    entityCount: number;
    skippedCount: number;
    distribution: Record<string, number>;
    tookMs: number;
  },
): void {
  run(
    db,
    sql`UPDATE grading_runs SET status = 'complete', finished_at = ${r.finishedAt},
          entity_count = ${r.entityCount}, skipped_count = ${r.skippedCount},
          distribution = ${JSON.stringify(r.distribution)}, took_ms = ${r.tookMs}
        WHERE id = ${runId}`,
  );
}

/** Whether another complete run of the model has a later as-of date than `asOf`. */
export function laterCompleteRunExists(
  db: DataDoor,
  q: { modelId: string; exceptRunId: number; asOf: string },
): boolean {
  return (
    get<{ one: number }>(
      db,
      sql`SELECT 1 AS one FROM grading_runs
          WHERE model_id = ${q.modelId} AND id <> ${q.exceptRunId} AND status = 'complete' AND as_of > ${q.asOf}
          LIMIT 1`,
    ) !== undefined
  );
}
