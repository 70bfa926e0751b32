/**
 * analysis.trend: class shares across a model's complete runs. Each run's computed counts are stored
 * with it; the adjustments in force move a few entities, as the grading area's distribution does.
 */
import type { Trend } from '../../../shared/api/contracts/analysis.ts';
import { type Actor, authorize } from '../authz.ts';
import { modelCatalog } from '../grading/model-store.ts';
import { runDistribution } from '../grading/reads.ts';
import { completeRuns } from './repository/runs.ts';
import { classesOf } from './runs.ts';
import type { DataDoor } from '../../db/sql.ts';

export function modelTrend(db: DataDoor, modelId: string): Trend {
  const catalog = modelCatalog(db);
  const runs = completeRuns(db)
    .filter((r) => r.modelId === modelId)
    .reverse();
  const points = runs.map((r) => {
    const d = runDistribution(db, r.id);
    const counts = Object.fromEntries(d.rows.map((row) => [row.grade, row.effectiveCount]));
    const total = d.rows.reduce((n, row) => n + row.effectiveCount, 0);
    const shares = Object.fromEntries(
      d.rows.map((row) => [
        row.grade,
        total > 0 ? Math.round((row.effectiveCount / total) * 10000) / 10000 : 0,
      ]),
    );
    return { runId: r.id, asOf: r.asOf, total, counts, shares };
  });
  const latest = runs.at(-1);
  const classes = latest
    ? classesOf(
        catalog,
        latest,
        points.flatMap((p) => Object.keys(p.counts)),
      )
    : catalog.grades(modelId);
  return { modelId, classes, points };
}

export function analysisTrend(db: DataDoor, actor: Actor, q: { model: string }): Trend {
  authorize(actor, 'analysis.read');
  return modelTrend(db, q.model);
}
