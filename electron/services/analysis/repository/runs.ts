/** The complete grading runs analysis can use, and the one a quarter's report takes. */
import { all, type DataDoor, get, sql } from '../../../db/sql.ts';

export interface AnalysisRunRow {
  id: number;
  modelId: string;
  modelVersion: string;
  asOf: string;
  entityCount: number;
}

const COLUMNS = sql`id, model_id AS "modelId", model_version AS "modelVersion", as_of AS "asOf",
  entity_count AS "entityCount"`;

/** Complete runs, latest as-of first (ties: the later run first). */
export function completeRuns(db: DataDoor): AnalysisRunRow[] {
  return all<AnalysisRunRow>(
    db,
    sql`SELECT ${COLUMNS} FROM grading_runs WHERE status = 'complete' ORDER BY as_of DESC, id DESC`,
  );
}

export function completeRun(db: DataDoor, runId: number): AnalysisRunRow | undefined {
  return get<AnalysisRunRow>(
    db,
    sql`SELECT ${COLUMNS} FROM grading_runs WHERE id = ${runId} AND status = 'complete'`,
  );
}

/** The latest complete run (of `modelId` when given) with its as-of on or before `date`. */
export function latestRunOnOrBefore(
  db: DataDoor,
  date: string,
  modelId: string | null,
): AnalysisRunRow | undefined {
  const model = modelId === null ? sql`` : sql`AND model_id = ${modelId}`;
  return get<AnalysisRunRow>(
    db,
    sql`SELECT ${COLUMNS} FROM grading_runs WHERE status = 'complete' AND as_of <= ${date} ${model}
        ORDER BY as_of DESC, id DESC LIMIT 1`,
  );
}
