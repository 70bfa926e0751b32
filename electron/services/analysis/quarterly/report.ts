/**
 * The quarterly report's figures (按季度报告, issue 14): everything is read from the grading run in force
 * on the quarter's last day and from inspections and cases dated up to that day, so the same database
 * gives the same figures whenever the report is made. Definitions: docs/analysis-and-reports.md.
 */
import type { QuarterlyInput, QuarterlyReport } from '../../../../shared/api/contracts/analysis.ts';
import { shareOf } from '../../../../shared/analysis/figures.ts';
import { previousQuarter, quarterOf } from '../../../../shared/analysis/quarter.ts';
import { createCalendar, PUBLICATION_WORKING_DAYS } from '../../../../shared/calendar/index.ts';
import { type Actor, authorize } from '../../authz.ts';
import { modelCatalog } from '../../grading/model-store.ts';
import { readCalendar } from '../../sampling/reference-store.ts';
import { getCounty } from '../../settings/county.ts';
import { runCoverage } from '../coverage.ts';
import { latestRunOnOrBefore } from '../repository/runs.ts';
import { classesOf, toAnalysisRun } from '../runs.ts';
import { objectionFigures, repairFigures, warningFigures } from './cases.ts';
import { quarterlyDistribution } from './distribution.ts';
import { quarterlyInspections } from './inspections.ts';
import type { DataDoor } from '../../../db/sql.ts';

export function buildQuarterlyReport(db: DataDoor, input: QuarterlyInput): QuarterlyReport {
  const q = quarterOf(input.year, input.quarter);
  const period = { from: q.from, cutOff: q.to };
  const catalog = modelCatalog(db);
  const runRow = latestRunOnOrBefore(db, q.to, null);
  const previousRow = runRow ? latestRunOnOrBefore(db, previousQuarter(q).to, runRow.modelId) : undefined;
  const run = runRow ? toAnalysisRun(runRow, catalog) : null;
  const previousRun = previousRow ? toAnalysisRun(previousRow, catalog) : null;
  const county = getCounty(db);
  const names = { county: county?.name ?? '', bureau: county?.bureau ?? '' };

  const coverage = run ? runCoverage(db, { runId: run.id, from: q.from, to: q.to, enteredBy: q.to }) : null;
  const classes = run
    ? classesOf(
        catalog,
        run,
        coverage?.rows.map((r) => r.grade),
      )
    : [];
  const grades = classes.map((c) => c.grade);
  const inspections = quarterlyInspections(db, period, names);
  const cal = createCalendar(readCalendar(db));

  const published = inspections.tasks.filter((t) => t.publishedOn !== null);
  const onTime = published.filter(
    (t) => (t.publishedOn as string) <= cal.addWorkingDays(t.endDate, PUBLICATION_WORKING_DAYS),
  );
  return {
    cover: {
      unit: names.bureau,
      period: q.label,
      from: q.from,
      cutOff: q.to,
      preparer: input.preparer ?? '',
      reviewer: input.reviewer ?? '',
      run,
      previousRun,
    },
    year: q.year,
    quarter: q.quarter,
    classes,
    distribution: quarterlyDistribution(db, run?.id ?? null, previousRun?.id ?? null, grades),
    inspectionWork: inspections.inspectionWork,
    inspectionResults: inspections.inspectionResults,
    effectByClass: coverage?.rows ?? [],
    cases: {
      objections: objectionFigures(db, cal, period),
      repairs: repairFigures(db, cal, period),
      warnings: warningFigures(db, cal, period),
    },
    publication: {
      tasksPublished: published.length,
      withinDeadline: onTime.length,
      share: shareOf(onTime.length, published.length),
      unpublished: inspections.tasks.length - published.length,
    },
  };
}

export function analysisQuarterly(db: DataDoor, actor: Actor, input: QuarterlyInput): QuarterlyReport {
  authorize(actor, 'analysis.read');
  return buildQuarterlyReport(db, input);
}
