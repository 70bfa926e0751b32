/** A model in plain Chinese for the model viewer: its scale, bands, indicators and overrides. */
import { RECORD_TYPE_LABELS } from '../../../shared/domain/records.ts';
import { ENTITY_KIND_LABELS } from '../../../shared/domain/entity.ts';
import type {
  Band,
  DerivedSource,
  GradingModel,
  Indicator,
  Override,
  RecordPredicate,
} from '../../../shared/grading/types.ts';
import { resultLabel } from '../../../shared/inspection-results/index.ts';
import { schemeName } from '../../../shared/grading/scheme-names.ts';
import { formatPoints } from './explain.ts';

export function bandRange(b: Band, scale: { min: number; max: number }): string {
  const lo = `${formatPoints(b.min)} 分`;
  const hi = `${formatPoints(b.max)} 分`;
  if (b.min <= scale.min && b.minInclusive) return b.maxInclusive ? `${hi}及以下` : `低于 ${hi}`;
  if (b.max >= scale.max && b.maxInclusive) return b.minInclusive ? `${lo}及以上` : `高于 ${lo}`;
  return `${b.minInclusive ? '' : '高于 '}${lo}${b.minInclusive ? '（含）' : ''}至${hi}${b.maxInclusive ? '（含）' : '（不含）'}`;
}

const yesNo = (v: boolean, yes: string, no: string) => (v ? yes : no);

type Conditions = Omit<RecordPredicate, 'type' | 'state' | 'within'>;

/** The record conditions alone, without the record kind (also used for each alternative of anyOf). */
function conditions(p: Conditions): string[] {
  const cond: string[] = [];
  if (p.penaltyKindsAny) cond.push(`处罚种类含${p.penaltyKindsAny.join('或')}`);
  if (p.fineAtLeast !== undefined) cond.push(`罚款 ${p.fineAtLeast} 元及以上`);
  if (p.resultsAny) cond.push(`检查结果为${p.resultsAny.map((c) => `“${resultLabel(c)}”`).join('或')}`);
  if (p.substantiated !== undefined) cond.push(yesNo(p.substantiated, '经查属实', '经查不属实'));
  if (p.onTime !== undefined) cond.push(yesNo(p.onTime, '按时报送', '逾期报送'));
  if (p.qualified !== undefined) cond.push(yesNo(p.qualified, '抽检合格', '抽检不合格'));
  if (p.fulfilled === null) cond.push('尚未到期');
  else if (p.fulfilled !== undefined) cond.push(yesNo(p.fulfilled, '已履行', '违反承诺'));
  if (p.fieldsAny) cond.push(`变更事项为${p.fieldsAny.join('或')}`);
  if (p.reasonsAny) cond.push(`原因为${p.reasonsAny.join('或')}`);
  if (p.scheme) cond.push(`评价方案为“${schemeName(p.scheme)}”`);
  if (p.anyOf) cond.push(p.anyOf.map((a) => conditions(a).join('且')).join('，或'));
  return cond;
}

export function predicateText(p: RecordPredicate): string {
  const parts: string[] = [RECORD_TYPE_LABELS[p.type] ?? p.type];
  const cond = conditions(p);
  if (cond.length > 0) parts.push(`（${cond.join('，')}）`);
  if (p.state === 'inEffect') parts.push('，处于影响期内');
  else if (p.state === 'removed') parts.push('，已移出');
  if (p.within) parts.push(`，近 ${p.within.months} 个月内`);
  return parts.join('');
}

function derivedText(d: DerivedSource): string {
  return d.derived === 'annualReportsMissing'
    ? `近 ${d.years} 年应报未报的年度报告`
    : `成立年数（最多计 ${d.years} 年）`;
}

/** `dimensions` names each dimension id in words (heilongjiang: basic → 基本情况). */
export function indicatorText(i: Indicator, dimensions: ReadonlyMap<string, string> = new Map()): string {
  const verb = i.kind === 'deduction' ? '扣' : '加';
  const what = i.sources.map((src) => ('derived' in src ? derivedText(src) : predicateText(src))).join('或');
  const how =
    i.mode === 'perRecord'
      ? `每次${verb} ${formatPoints(i.points)} 分`
      : `${(i.minCount ?? 1) > 1 ? `达到 ${i.minCount} 次` : '有此情形'}${verb} ${formatPoints(i.points)} 分`;
  const cap = i.cap !== undefined ? `，最多${verb} ${formatPoints(i.cap)} 分` : '';
  const kinds = i.entityKinds ? `（仅${i.entityKinds.map((k) => ENTITY_KIND_LABELS[k]).join('、')}）` : '';
  const dim = i.dimension ? `［${dimensions.get(i.dimension) ?? i.dimension}］` : '';
  return `${dim}${i.label}：${what}，${how}${cap}${kinds}`;
}

export function overrideText(o: Override): string {
  if (o.reason.includes('等级') && o.reason.includes(o.grade)) return o.reason;
  return `${o.reason} → ${o.action === 'force' ? '直接评为' : '最高评为'} ${o.grade}`;
}

export function describeModel(m: GradingModel) {
  const notes: string[] = [];
  if (m.description) notes.push(m.description);
  if (m.source) notes.push(`依据：${m.source}`);
  if (m.scoreOnly)
    notes.push(
      `有省级推送的“${schemeName(m.scoreOnly.scheme)}”得分时，直接按该得分分级（仅评分模式），再适用下列强制规则。`,
    );
  if (m.entityKinds) notes.push(`适用主体：${m.entityKinds.map((k) => ENTITY_KIND_LABELS[k]).join('、')}`);
  notes.push('注销、吊销、迁出、撤销的主体不参加评价。');
  return {
    scale: `满分区间 ${formatPoints(m.scale.min)}–${formatPoints(m.scale.max)} 分，基础分 ${formatPoints(m.base)} 分`,
    bands: m.bands.map((b) => ({ grade: b.grade, label: b.label, range: bandRange(b, m.scale) })),
    indicators: m.indicators.map((i) =>
      indicatorText(i, new Map((m.dimensions ?? []).map((d) => [d.id, d.label]))),
    ),
    overrides: (m.overrides ?? []).map(overrideText),
    notes,
  };
}
