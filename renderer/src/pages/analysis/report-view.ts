/**
 * What the 统计报表 page shows, kept in its address like every other page's filters
 * (`#/reports?run=12&measure=share&rank=section&min=50&from=2026-01-01&to=2026-12-03`), so a view can be
 * linked, survives a reload and comes back with the back button. Unknown values fall back to defaults.
 */
import { RANKING_GROUPINGS } from '../../../../shared/api/contracts/analysis.ts';
import type { Measure } from './chart-options.ts';

export type RankingGrouping = (typeof RANKING_GROUPINGS)[number];

export interface ReportView {
  /** null: the latest run. */
  runId: number | null;
  measure: Measure;
  rankBy: RankingGrouping;
  minGroupSize: number;
  /** The inspection period of the coverage charts; null: this year up to today. */
  from: string | null;
  to: string | null;
}

export const DEFAULT_MIN_GROUP_SIZE = 30;
const MAX_MIN_GROUP_SIZE = 100_000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;

export function parseReportView(hash: string): ReportView {
  const at = hash.indexOf('?');
  const params = new URLSearchParams(at < 0 ? '' : hash.slice(at + 1));
  const runId = Number(params.get('run') ?? '');
  const min = Number(params.get('min') ?? '');
  const rank = params.get('rank');
  const from = params.get('from') ?? '';
  const to = params.get('to') ?? '';
  return {
    runId: Number.isSafeInteger(runId) && runId > 0 ? runId : null,
    measure: params.get('measure') === 'share' ? 'share' : 'count',
    rankBy: (RANKING_GROUPINGS as readonly string[]).includes(rank ?? '')
      ? (rank as RankingGrouping)
      : 'township',
    minGroupSize:
      Number.isSafeInteger(min) && min >= 1 && min <= MAX_MIN_GROUP_SIZE ? min : DEFAULT_MIN_GROUP_SIZE,
    from: DATE.test(from) ? from : null,
    to: DATE.test(to) ? to : null,
  };
}

/** The page's address for `view`; defaults are left out. */
export function reportViewHash(view: ReportView): string {
  const params = new URLSearchParams();
  if (view.runId !== null) params.set('run', String(view.runId));
  if (view.measure !== 'count') params.set('measure', view.measure);
  if (view.rankBy !== 'township') params.set('rank', view.rankBy);
  if (view.minGroupSize !== DEFAULT_MIN_GROUP_SIZE) params.set('min', String(view.minGroupSize));
  if (view.from !== null) params.set('from', view.from);
  if (view.to !== null) params.set('to', view.to);
  const text = params.toString();
  return `#/reports${text === '' ? '' : `?${text}`}`;
}

/** The quarter `date` (YYYY-MM-DD) falls in. */
export function quarterOf(date: string): { year: number; quarter: number } {
  return { year: Number(date.slice(0, 4)), quarter: Math.floor((Number(date.slice(5, 7)) - 1) / 3) + 1 };
}
