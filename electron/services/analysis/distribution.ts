/** analysis.distribution: a run's classes by township, 管辖单位, industry section or kind. */
import type { AnalysisGrouping, Distribution } from '../../../shared/api/contracts/analysis.ts';
import { type Actor, authorize } from '../authz.ts';
import { foldKeyed } from './groups.ts';
import { gradeCountsBy } from './repository/graded.ts';
import { classesOf, runForAnalysis } from './runs.ts';
import type { DataDoor } from '../../db/sql.ts';

export function runDistributionBy(db: DataDoor, runId: number, by: AnalysisGrouping): Distribution {
  const { run, catalog } = runForAnalysis(db, runId);
  const cells = gradeCountsBy(db, runId, by);
  const classes = classesOf(
    catalog,
    run,
    cells.map((c) => c.grade),
  );
  const { rows, totals } = foldKeyed(
    cells,
    by,
    classes.map((c) => c.grade),
  );
  return { run, by, classes, rows, totals };
}

export function analysisDistribution(
  db: DataDoor,
  actor: Actor,
  q: { runId: number; by: AnalysisGrouping },
): Distribution {
  authorize(actor, 'analysis.read');
  return runDistributionBy(db, q.runId, q.by);
}
