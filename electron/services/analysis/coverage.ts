/**
 * analysis.coverage and the report's 效果 sheet: per class of a run, how many entities were inspected in
 * a date range, against the ratio the sampling profile asked for, and how many inspections found a problem.
 */
import type { Coverage, CoverageRow } from '../../../shared/api/contracts/analysis.ts';
import { shareOf } from '../../../shared/analysis/figures.ts';
import { PROBLEM_CODES } from '../../../shared/analysis/inspection-outcome.ts';
import type { Db } from '../../db/open.ts';
import { type Actor, authorize } from '../authz.ts';
import { coverageCells, latestTaskRatios } from './repository/inspections.ts';
import { classesOf, runForAnalysis } from './runs.ts';

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
  db: Db,
  q: { runId: number; from: string; to: string; enteredBy?: string },
): Coverage {
  const { run, catalog } = runForAnalysis(db, q.runId);
  const cells = coverageCells(db, q.runId, q, PROBLEM_CODES);
  const classes = classesOf(
    catalog,
    run,
    cells.map((c) => c.grade),
  );
  const profile = latestTaskRatios(db, q);
  const rows = classes.map(({ grade, label }) => {
    const mine = cells.filter((c) => c.grade === grade);
    const entities = mine.reduce((n, c) => n + c.entities, 0);
    const inspected = mine.reduce((n, c) => n + c.inspected, 0);
    const withProblems = mine.reduce((n, c) => n + c.withProblems, 0);
    // The profile's ratio per kind (basis points), weighted by the class's entities of each kind.
    let profileRatio: number | null = null;
    if (profile && entities > 0) {
      const wanted = mine.reduce((n, c) => n + c.entities * (profile.ratios[c.kind]?.[grade] ?? 0), 0);
      profileRatio = Math.round(wanted / entities) / 10000;
    }
    return {
      grade,
      label,
      entities,
      inspected,
      actualRatio: shareOf(inspected, entities),
      profileRatio,
      withProblems,
      problemRate: shareOf(withProblems, inspected),
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
  db: Db,
  actor: Actor,
  q: { runId: number; from: string; to: string },
): Coverage {
  authorize(actor, 'analysis.read');
  return runCoverage(db, q);
}
