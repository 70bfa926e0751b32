/**
 * What monitoring needs to know the way grading knows it — an entity on the abnormal or serious-violation
 * list at `asOf`, and the report years missing where annual reports were loaded (coverage) — asked of the
 * grading engine itself through a two-indicator model, so the two can never disagree (list entries in
 * effect until removal or lapse; a report year due in the window, after establishment, with no report
 * and its data loaded). Used by the `--input` path; the database path asks SQL the same questions.
 */
import { compileModel, type CreditFile, type Evaluator, type GradingModel } from '../grading/index.ts';

const LISTED = 'listed';
const MISSING_REPORTS = 'missing-reports';

function probeModel(reportWindowYears: number): GradingModel {
  return {
    format: 'creditdesk-model/1',
    id: 'monitoring-probe',
    version: '1',
    effectiveFrom: '2000-01-01',
    name: '监测预警取数',
    scale: { min: 0, max: 1_000_000 },
    base: 1_000_000,
    indicators: [
      {
        id: LISTED,
        label: '列入经营异常名录或严重违法失信名单',
        kind: 'deduction',
        sources: [
          { type: 'abnormal_list', state: 'inEffect' },
          { type: 'serious_violation_list', state: 'inEffect' },
        ],
        mode: 'once',
        points: 1,
      },
      {
        id: MISSING_REPORTS,
        label: '未公示年度报告',
        kind: 'deduction',
        sources: [{ derived: 'annualReportsMissing', years: reportWindowYears }],
        mode: 'perRecord',
        points: 1,
      },
    ],
    bands: [{ grade: '-', label: '-', min: 0, minInclusive: true, max: 1_000_000, maxInclusive: true }],
  };
}

export interface ProbeResult {
  listed: boolean;
  /** Report years missing (and loaded) whose deadline fell in the window, ascending. */
  missingYears: number[];
}

/** A probe for one report window; compile once per run and call it for every file. */
export function gradingProbe(reportWindowYears: number): (file: CreditFile, asOf: string) => ProbeResult {
  const evaluate: Evaluator = compileModel(probeModel(reportWindowYears));
  return (file, asOf) => {
    const result = evaluate(file, asOf);
    let listed = false;
    const missingYears: number[] = [];
    for (const line of result.breakdown) {
      if (line.indicator === LISTED) listed = true;
      // The report for year Y is due by 30 June of Y + 1: the evidence is dated on that deadline.
      if (line.indicator === MISSING_REPORTS) {
        for (const e of line.evidence) missingYears.push(Number(e.date.slice(0, 4)) - 1);
      }
    }
    return { listed, missingYears: missingYears.sort((a, b) => a - b) };
  };
}
