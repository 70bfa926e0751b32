/**
 * analysis.riskRanking: townships or industry sections by their share of high-risk classes against the
 * county's share. Groups smaller than the minimum size are left out (and counted), so that a hamlet of
 * three entities with one D does not top the list.
 */
import type { RiskRanking } from '../../../shared/api/contracts/analysis.ts';
import { type Actor, authorize } from '../authz.ts';
import { foldKeyed } from './groups.ts';
import { gradeCountsBy } from './repository/graded.ts';
import { classesOf, runForAnalysis } from './runs.ts';
import type { DataDoor } from '../../db/sql.ts';

/** C and D when the model has them, else its two worst classes. */
export function highRiskClasses(classes: readonly string[]): string[] {
  if (classes.includes('C') && classes.includes('D')) return ['C', 'D'];
  return classes.slice(-2);
}

const round4 = (x: number) => Math.round(x * 10000) / 10000;

export function runRiskRanking(
  db: DataDoor,
  q: { runId: number; by: 'township' | 'section'; minGroupSize: number },
): RiskRanking {
  const { run, catalog } = runForAnalysis(db, q.runId);
  const cells = gradeCountsBy(db, q.runId, q.by);
  const classes = classesOf(
    catalog,
    run,
    cells.map((c) => c.grade),
  ).map((c) => c.grade);
  const high = highRiskClasses(classes);
  const { rows, totals } = foldKeyed(cells, q.by, classes);
  const highOf = (counts: Record<string, number>) => high.reduce((n, g) => n + (counts[g] ?? 0), 0);
  const countyHighRisk = highOf(totals.counts);
  const countyShare = totals.total > 0 ? round4(countyHighRisk / totals.total) : 0;
  const kept = rows.filter((r) => r.total >= q.minGroupSize);
  const left = rows.filter((r) => r.total < q.minGroupSize);
  return {
    run,
    by: q.by,
    highRiskClasses: high,
    minGroupSize: q.minGroupSize,
    countyTotal: totals.total,
    countyHighRisk,
    countyShare,
    rows: kept
      .map((r) => {
        const highRisk = highOf(r.counts);
        const share = round4(highRisk / r.total);
        return {
          group: r.group,
          label: r.groupLabel,
          total: r.total,
          highRisk,
          share,
          countyShare,
          ratio:
            countyShare > 0
              ? Math.round((highRisk / r.total / (countyHighRisk / totals.total)) * 100) / 100
              : null,
        };
      })
      .sort((a, b) => b.share - a.share || b.total - a.total),
    excludedGroups: left.length,
    excludedEntities: left.reduce((n, r) => n + r.total, 0),
  };
}

export function analysisRiskRanking(
  db: DataDoor,
  actor: Actor,
  q: { runId: number; by: 'township' | 'section'; minGroupSize: number },
): RiskRanking {
  authorize(actor, 'analysis.read');
  return runRiskRanking(db, q);
}
