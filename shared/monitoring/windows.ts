/**
 * The date windows of the rules, worked out once from `asOf` and the rule set, so the JSON source, the
 * database source and the engine cut at the same days. A window `(from, to]` holds a date d when
 * `from < d ≤ to` (the look-back convention of grading).
 */
import { addDays, addMonths } from '../dates/iso-date.ts';
import type { MonitoringRuleOf } from './rules.ts';

export interface ChangeWindow {
  /** Exclusive start: asOf − windowMonths. */
  from: string;
  to: string;
}

/** The frequent_changes window. */
export function changeWindow(asOf: string, rule: MonitoringRuleOf<'frequent_changes'>): ChangeWindow {
  return { from: addMonths(asOf, -rule.params.windowMonths), to: asOf };
}

export interface ComplaintWindows {
  /** Exclusive start of the baseline: recentFrom − baselineMonths. */
  baselineFrom: string;
  /** Exclusive start of the recent window (asOf − recentDays), and the inclusive end of the baseline. */
  recentFrom: string;
  to: string;
}

/** The complaint_surge windows: the last `recentDays` days, and the `baselineMonths` months before them. */
export function complaintWindows(asOf: string, rule: MonitoringRuleOf<'complaint_surge'>): ComplaintWindows {
  const recentFrom = addDays(asOf, -rule.params.recentDays);
  return { baselineFrom: addMonths(recentFrom, -rule.params.baselineMonths), recentFrom, to: asOf };
}
