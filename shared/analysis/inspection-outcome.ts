/**
 * The column groups of the production statistics tables (domain-facts §9.4: 检查结果, 发现问题待后续处理,
 * 后续处置, 完结) worked out from one published result: its codes (shared/inspection-results) and its
 * follow-up text. Each result falls in exactly one 检查结果 column, so the columns add up to 已公示.
 */
import type { InspectionOutcome } from '../api/contracts/analysis.ts';

/** Codes of 发现问题待后续处理 (A and the codes that refine it). */
const PENDING = new Set(['A', 'B', 'C', '6', 'D', '3', '4', '5']);
const MARKET = ['B', 'C', '6', 'D'] as const;
const GONE = new Set(['9', '10', '11', '12']);

/** Codes that mean a problem was found (for the problem rate by class): pending ones and 经责令已改正. */
export const PROBLEM_CODES: readonly string[] = [...PENDING, 'E'];

type ResultColumn = keyof InspectionOutcome['results'];
type DisposalColumn = keyof InspectionOutcome['disposal'];

/**
 * The one 检查结果 column of a result: a problem still to follow up outranks everything, then refusal,
 * correction, closure, deregistration, no activity, and last 未发现问题.
 */
export function resultColumn(codes: readonly string[]): ResultColumn {
  const has = (c: string) => codes.includes(c);
  if (codes.some((c) => PENDING.has(c))) return 'pending';
  if (has('8')) return 'refused';
  if (has('E')) return 'corrected';
  if (has('7')) return 'closed';
  if (codes.some((c) => GONE.has(c))) return 'gone';
  if (has('F')) return 'noActivity';
  return 'none';
}

/** 后续处置 from the follow-up text an officer wrote (or picked from the usual wording). */
export function disposalColumn(followUp: string | null): DisposalColumn {
  const t = (followUp ?? '').trim();
  if (t === '' || t.includes('无需')) return 'none';
  if (t.includes('移送')) return 'caseTransfer';
  if (t.includes('抄告')) return 'notified';
  if (t.includes('日常监管')) return 'dailySupervision';
  if (t.includes('责令') || t.includes('改正')) return 'ordered';
  return 'other';
}

export function emptyOutcome(): InspectionOutcome {
  return {
    results: { none: 0, corrected: 0, noActivity: 0, closed: 0, refused: 0, gone: 0, pending: 0 },
    problems: {
      subtotal: 0,
      market: 0,
      notDisclosed: 0,
      falsified: 0,
      unreachable: 0,
      otherMarket: 0,
      food: 0,
      quality: 0,
      otherDept: 0,
    },
    disposal: { none: 0, dailySupervision: 0, ordered: 0, caseTransfer: 0, notified: 0, other: 0 },
    concluded: 0,
    concludedRate: null,
  };
}

/**
 * Adds `n` published results with these codes and follow-up to `o`. A result is 完结 when nothing is
 * left to follow up (no pending code) or its follow-up is recorded.
 */
export function addPublished(
  o: InspectionOutcome,
  codes: readonly string[],
  followUp: string | null,
  n: number,
): void {
  o.results[resultColumn(codes)] += n;
  const pending = codes.some((c) => PENDING.has(c));
  if (pending) {
    const p = o.problems;
    p.subtotal += n;
    // A bare A (no refining code) is a 工商 problem of no named kind: 其他工商.
    const market = codes.some((c) => (MARKET as readonly string[]).includes(c));
    const bareA = !codes.some((c) => c !== 'A' && PENDING.has(c));
    if (market || bareA) p.market += n;
    if (codes.includes('B')) p.notDisclosed += n;
    if (codes.includes('C')) p.falsified += n;
    if (codes.includes('6')) p.unreachable += n;
    if (codes.includes('D') || bareA) p.otherMarket += n;
    if (codes.includes('3')) p.food += n;
    if (codes.includes('4')) p.quality += n;
    if (codes.includes('5')) p.otherDept += n;
  }
  o.disposal[disposalColumn(followUp)] += n;
  if (!pending || (followUp ?? '').trim() !== '') o.concluded += n;
}

/** Adds `b` into `a` (for total rows). */
export function addOutcome(a: InspectionOutcome, b: InspectionOutcome): void {
  for (const group of ['results', 'problems', 'disposal'] as const) {
    const target = a[group] as Record<string, number>;
    for (const [k, v] of Object.entries(b[group])) target[k] = (target[k] ?? 0) + v;
  }
  a.concluded += b.concluded;
}
