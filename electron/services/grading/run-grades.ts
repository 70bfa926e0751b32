/**
 * Read access to stored grading runs for other areas (double-random sampling reads each entity's class
 * for a chosen run). Plain SQL over `grading_runs`, `grading_results` and `grading_adjustments`; no
 * authorization here — the calling service has already authorized its actor.
 */
import type { Db } from '../../db/open.ts';

export interface RunSummary {
  id: number;
  modelId: string;
  modelVersion: string;
  asOf: string;
  createdAt: string;
  createdBy: string;
  status: 'running' | 'complete';
  entityCount: number;
}

/** Every stored run, newest first. */
export function listRuns(db: Db): RunSummary[] {
  return db
    .prepare(
      `SELECT id, model_id AS modelId, model_version AS modelVersion, as_of AS asOf, created_at AS createdAt,
              created_by AS createdBy, status, entity_count AS entityCount
       FROM grading_runs ORDER BY id DESC`,
    )
    .all() as RunSummary[];
}

/**
 * Each graded entity's grade in a run after manual adjustments (the latest adjustment of a result
 * wins), streamed in entity id order. Read in chunks, so the caller may write to the database between
 * two items (better-sqlite3 refuses writes while a statement is being iterated).
 */
export function* effectiveGrades(
  db: Db,
  runId: number,
  chunk = 5000,
): Generator<{ entityId: number; grade: string }> {
  const adjusted = new Map(
    (
      db
        .prepare(
          `SELECT a.entity_id AS entityId, a.to_grade AS grade FROM grading_adjustments a
           WHERE a.run_id = ? AND a.id = (SELECT max(y.id) FROM grading_adjustments y
                                          WHERE y.run_id = a.run_id AND y.entity_id = a.entity_id)`,
        )
        .all(runId) as { entityId: number; grade: string }[]
    ).map((a) => [a.entityId, a.grade]),
  );
  const page = db.prepare(
    'SELECT entity_id AS entityId, grade FROM grading_results WHERE run_id = ? AND entity_id > ? ORDER BY entity_id LIMIT ?',
  );
  let after = 0;
  for (;;) {
    const rows = page.all(runId, after, chunk) as { entityId: number; grade: string }[];
    for (const r of rows) yield { entityId: r.entityId, grade: adjusted.get(r.entityId) ?? r.grade };
    const last = rows.at(-1);
    if (!last || rows.length < chunk) return;
    after = last.entityId;
  }
}
