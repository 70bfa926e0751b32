/** The runs analysis reads, with their model's name and classes (best first). */
import type { AnalysisClass, AnalysisRun } from '../../../shared/api/contracts/analysis.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { type Actor, authorize } from '../authz.ts';
import { type ModelCatalog, modelCatalog } from '../grading/model-store.ts';
import { type AnalysisRunRow, completeRun, completeRuns } from './repository/runs.ts';
import type { DataDoor } from '../../db/sql.ts';

export function toAnalysisRun(r: AnalysisRunRow, catalog: ModelCatalog): AnalysisRun {
  return { ...r, modelName: catalog.name(r.modelId, r.modelVersion) };
}

/** The run or a Chinese not_found; a run still in progress is not analysed. */
export function runForAnalysis(db: DataDoor, runId: number): { run: AnalysisRun; catalog: ModelCatalog } {
  const row = completeRun(db, runId);
  if (!row) throw new ApiError('not_found', `未找到已完成的第 ${runId} 次信用评价。`);
  const catalog = modelCatalog(db);
  return { run: toAnalysisRun(row, catalog), catalog };
}

/**
 * The model's classes best first, then any grade the counts hold that the model does not name (a model
 * version since replaced), so no entity is left out of a table.
 */
export function classesOf(
  catalog: ModelCatalog,
  run: { modelId: string; modelVersion: string },
  seen: Iterable<string> = [],
): AnalysisClass[] {
  const classes = catalog.grades(run.modelId, run.modelVersion);
  for (const g of seen) if (!classes.some((c) => c.grade === g)) classes.push({ grade: g, label: g });
  return classes;
}

export function analysisRuns(db: DataDoor, actor: Actor): { runs: AnalysisRun[] } {
  authorize(actor, 'analysis.read');
  const catalog = modelCatalog(db);
  return { runs: completeRuns(db).map((r) => toAnalysisRun(r, catalog)) };
}
