/**
 * analysis.coverage and the report's 效果 sheet: per class of a run, how many entities were inspected in
 * a date range, against the ratio the sampling profile asked for, and how many inspections found a problem.
 */
import type { Coverage, CoverageRow } from '../../../shared/api/contracts/analysis.ts';
import { shareOf } from '../../../shared/analysis/figures.ts';
import { PROBLEM_CODES } from '../../../shared/analysis/inspection-outcome.ts';
import { type Actor, authorize } from '../authz.ts';
import { gradeCountsBy } from './repository/graded.ts';
import { inspectedByGrade, latestTaskRatios } from './repository/inspections.ts';
import { classesOf, runForAnalysis } from './runs.ts';
import type { DataDoor } from '../../db/sql.ts';

/** Actual ratios strictly rise from the best class to the worst, over the classes that have entities. */
export function isMonotone(rows: readonly Pick<CoverageRow, 'entities' | 'actualRatio'>[]): boolean {
  const ratios = rows.filter((r) => r.entities > 0).map((r) => r.actualRatio ?? 0);
  return ratios.every((r, i) => i === 0 || r > (ratios[i - 1] as number));
}

/**
 * `enteredBy` (the report's cut-off) leaves out results entered later, so a report made again next
 * month gives the same figures; the page counts every result checked in the range.
 */
export function runCoverage(
  db: DataDoor,
  q: { runId: number; from: string; to: string; enteredBy?: string },
): Coverage {
  const { run, catalog } = runForAnalysis(db, q.runId);
  // Entities per kind × class (kind weights the profile ratio), inspections per class.
  const cells = gradeCountsBy(db, q.runId, 'kind');
  const inspected = inspectedByGrade(db, q.runId, q, PROBLEM_CODES);
  const classes = classesOf(catalog, run, [...cells.map((c) => c.grade), ...inspected.map((c) => c.grade)]);
  const profile = latestTaskRatios(db, q);
  const rows = classes.map(({ grade, label }) => {
    const mine = cells.filter((c) => c.grade === grade);
    const entities = mine.reduce((n, c) => n + c.n, 0);
    const seen = inspected.find((c) => c.grade === grade);
    const inspectedCount = seen?.inspected ?? 0;
    const withProblems = seen?.withProblems ?? 0;
    // The profile's ratio per kind (basis points), weighted by the class's entities of each kind.
    let profileRatio: number | null = null;
    if (profile && entities > 0) {
      const wanted = mine.reduce((n, c) => n + c.n * (profile.ratios[c.key]?.[grade] ?? 0), 0);
      profileRatio = Math.round(wanted / entities) / 10000;
    }
    return {
      grade,
      label,
      entities,
      inspected: inspectedCount,
      actualRatio: shareOf(inspectedCount, entities),
      profileRatio,
      withProblems,
      problemRate: shareOf(withProblems, inspectedCount),
    };
  });
  return {
    run,
    from: q.from,
    to: q.to,
    profile: profile ? { id: profile.profileId ?? '', name: profile.profileName ?? '任务自定比例' } : null,
    rows,
    monotone: isMonotone(rows),
  };
}

export function analysisCoverage(
  db: DataDoor,
  actor: Actor,
  q: { runId: number; from: string; to: string },
): Coverage {
  authorize(actor, 'analysis.read');
  return runCoverage(db, q);
}
