/**
 * A stored result in plain Chinese (“公示期内的行政处罚 2 起，扣 120 分”), and the reasons a grade moved between
 * two results. Pure functions of the stored breakdown, its adjustment and the model's grade labels.
 */
import type { BreakdownTexts } from './breakdown-texts.ts';
import type { Adjustment, Explanation, ExplanationLine } from '../../../shared/api/contracts/grading.ts';
import { countUnit, indicatorHeadline } from '../../../shared/grading/indicator-phrase.ts';
import type { Indicator } from '../../../shared/grading/types.ts';
import type { ModelCatalog } from './model-store.ts';
import type { StoredAdjustment } from './repository/adjustments.ts';
import {
  decodeBreakdown,
  type StoredBreakdown,
  type StoredLine,
  type StoredOverride,
} from './result-codec.ts';

/** The model's indicator of a stored line, when the model is still known (it says the window). */
export type IndicatorLookup = (indicatorId: string) => Indicator | undefined;
const NO_MODEL: IndicatorLookup = () => undefined;

/** 120 → "120", 12.5 → "12.5": points are stored with two decimals; trailing zeros say nothing. */
export function formatPoints(n: number): string {
  return String(Math.round(Math.abs(n) * 100) / 100);
}

/** What was counted over which window, e.g. “近 36 个月内投诉举报属实 2 件”. */
function indicatorName(l: StoredLine, ind: Indicator | undefined): string {
  return ind ? indicatorHeadline(ind) : l.label;
}

function indicatorText(l: StoredLine, ind: Indicator | undefined): string {
  const count = l.count ?? l.evidence.length;
  const unit = ind ? countUnit(ind) : '次';
  // Records counted one by one say how many; a state counted once (当前处于经营异常名录) needs no
  // “1 次”, and a threshold (“变更 3 次及以上”) gives the count it reached in brackets.
  let times = '';
  if (ind?.mode === 'perRecord' && count > 0) times = ` ${count} ${unit}`;
  else if (count > 1) times = ind ? `（共 ${count} ${unit}）` : ` ${count} ${unit}`;
  const name = indicatorName(l, ind);
  if (l.points === 0) return `${name}${times}，不扣分`;
  return `${name}${times}，${l.points < 0 ? '扣' : '加'} ${formatPoints(l.points)} 分`;
}

function overrideText(o: StoredOverride, label: (g: string) => string): string {
  // Some models' reasons already state the effect (“…，等级不高于 C”); then only the meaning is added.
  if (o.reason.includes('等级') && o.reason.includes(o.grade)) return `${o.reason}（${label(o.grade)}）`;
  const verb = o.action === 'force' ? '直接评为' : '最高只能评为';
  return `${o.reason}：${verb} ${o.grade}（${label(o.grade)}）`;
}

export function explanationLines(
  b: StoredBreakdown,
  score: number | null,
  scoreGrade: string | null,
  label: (grade: string) => string,
  indicators: IndicatorLookup = NO_MODEL,
  disputed: ReadonlySet<number> = NO_DISPUTES,
): ExplanationLine[] {
  const out: ExplanationLine[] = [];
  // A record under objection is still counted, and says so where it is counted.
  const summary = (e: StoredBreakdown['lines'][number]['evidence'][number]) =>
    typeof e.id === 'number' && disputed.has(e.id) ? `${e.summary}（异议中）` : e.summary;
  for (const l of b.lines) {
    const ev = l.evidence.map(summary);
    if (l.indicator === 'base') {
      out.push({ kind: 'base', text: `基础分 ${formatPoints(l.points)} 分`, points: l.points, evidence: ev });
    } else if (l.indicator === 'clamp') {
      out.push({
        kind: 'note',
        text: `${l.label}（${l.points < 0 ? '减' : '加'} ${formatPoints(l.points)} 分）`,
        points: l.points,
        evidence: ev,
      });
    } else if (l.indicator === 'not-loaded') {
      // A report year whose data was never loaded: said plainly, with no points either way.
      out.push({ kind: 'note', text: l.label, points: 0, evidence: ev });
    } else if (l.indicator === 'public_credit_score' && b.scoreOnly) {
      out.push({
        kind: 'base',
        text: `${l.label}：${formatPoints(l.points)} 分`,
        points: l.points,
        evidence: ev,
      });
    } else {
      out.push({
        kind: 'indicator',
        text: indicatorText(l, indicators(l.indicator)),
        points: l.points,
        evidence: ev,
      });
    }
  }
  if (score !== null && scoreGrade !== null) {
    out.push({
      kind: 'band',
      text: `得分 ${formatPoints(score)} 分，按分数段为 ${scoreGrade}（${label(scoreGrade)}）`,
      points: null,
      evidence: [],
    });
  }
  for (const o of b.overrides) {
    out.push({
      kind: 'override',
      text: overrideText(o, label),
      points: null,
      evidence: o.evidence.map(summary),
    });
  }
  return out;
}

/** One sentence: the indicators that produced points and the overrides that fired. */
export function explanationSummary(
  b: StoredBreakdown,
  label: (grade: string) => string,
  indicators: IndicatorLookup = NO_MODEL,
): string {
  const parts = b.lines
    .filter((l) => l.indicator !== 'base' && l.indicator !== 'clamp' && l.points !== 0)
    .map((l) => indicatorText(l, indicators(l.indicator)));
  for (const o of b.overrides) parts.push(overrideText(o, label));
  return parts.length > 0 ? parts.join('；') : '无扣分或加分记录';
}

/**
 * Why a result changed from `a` to `b`: indicators whose points changed, overrides that started or
 * stopped firing. Empty when only the model or the clamp differs.
 */
export function changeReasons(
  a: StoredBreakdown,
  b: StoredBreakdown,
  label: (grade: string) => string,
  indicators: IndicatorLookup = NO_MODEL,
): string[] {
  const reasons: string[] = [];
  const pointsOf = (x: StoredBreakdown) => {
    const m = new Map<string, StoredLine>();
    for (const l of x.lines) if (l.indicator !== 'clamp') m.set(l.indicator, l);
    return m;
  };
  const pa = pointsOf(a);
  const pb = pointsOf(b);
  for (const id of new Set([...pa.keys(), ...pb.keys()])) {
    const la = pa.get(id);
    const lb = pb.get(id);
    const before = la?.points ?? 0;
    const after = lb?.points ?? 0;
    if (Math.abs(before - after) < 0.005) continue;
    const ind = indicators(id);
    const name = indicatorName((lb ?? la) as StoredLine, ind);
    const unit = ind ? countUnit(ind) : '次';
    const desc = (p: number, l: StoredLine | undefined) =>
      p === 0
        ? '无'
        : `${p < 0 ? '扣' : '加'} ${formatPoints(p)} 分${l && (l.count ?? l.evidence.length) > 0 ? `（${l.count ?? l.evidence.length} ${unit}）` : ''}`;
    reasons.push(`${name}：${desc(before, la)} → ${desc(after, lb)}`);
  }
  const key = (o: StoredOverride) => `${o.id}:${o.action}:${o.grade}`;
  const oa = new Map(a.overrides.map((o) => [key(o), o]));
  const ob = new Map(b.overrides.map((o) => [key(o), o]));
  for (const [k, o] of ob) if (!oa.has(k)) reasons.push(`新触发：${overrideText(o, label)}`);
  for (const [k, o] of oa) if (!ob.has(k)) reasons.push(`不再适用：${overrideText(o, label)}`);
  return reasons;
}

export function toAdjustment(a: StoredAdjustment): Adjustment {
  return {
    id: a.id,
    runId: a.runId,
    fromGrade: a.fromGrade,
    toGrade: a.toGrade,
    reason: a.reason,
    adjustedBy: a.adjustedBy,
    adjustedAt: a.adjustedAt,
    carried: a.carriedFrom !== null,
  };
}

/** Builds an explanation from a stored result (of a run or of the current grades). */
const NO_DISPUTES: ReadonlySet<number> = new Set();

export function buildExplanation(
  catalog: ModelCatalog,
  x: {
    entityId: number;
    name: string;
    code: string;
    modelId: string;
    modelVersion: string;
    runId: number;
    asOf: string;
    score: number | null;
    scoreGrade: string | null;
    grade: string;
    breakdown: string;
    /** The run's texts, for a breakdown that names them by place (version 3). */
    breakdownTexts: BreakdownTexts | null;
    adjustment: StoredAdjustment | undefined;
  },
  /** Record ids with an objection open (异议中). */
  disputed: ReadonlySet<number> = NO_DISPUTES,
): Explanation {
  const label = catalog.label(x.modelId, x.modelVersion);
  const indicators = catalog.indicators(x.modelId, x.modelVersion);
  const b = decodeBreakdown(x.breakdown, x.breakdownTexts);
  const effective = x.adjustment ? x.adjustment.toGrade : x.grade;
  return {
    entityId: x.entityId,
    entityName: x.name,
    code: x.code,
    modelId: x.modelId,
    modelVersion: x.modelVersion,
    modelName: catalog.name(x.modelId, x.modelVersion),
    runId: x.runId,
    asOf: x.asOf,
    score: x.score,
    scoreGrade: x.scoreGrade,
    grade: x.grade,
    gradeLabel: label(x.grade),
    effectiveGrade: effective,
    effectiveLabel: label(effective),
    summary: explanationSummary(b, label, indicators),
    lines: explanationLines(b, x.score, x.scoreGrade, label, indicators, disputed),
    adjustment: x.adjustment ? toAdjustment(x.adjustment) : null,
  };
}
