/**
 * The rules about one entity at a time. An entity not in business (注销/吊销/迁出/撤销) gets no warning:
 * there is nothing left to remind, interview or inspect.
 */
import type {
  AnnualReportFacts,
  ChangeFacts,
  ComplaintFacts,
  GradeHistoryFacts,
  MonitoredEntity,
} from './facts.ts';
import { appliesToKind, type MonitoringRuleOf } from './rules.ts';
import type { MonitoringWarning } from './warning.ts';
import { changeWindow, complaintWindows } from './windows.ts';
import { dayOf } from './words.ts';

type EntityRule = MonitoringRuleOf<
  'frequent_changes' | 'complaint_surge' | 'annual_report_missing' | 'grade_drop'
>;

const watched = (rule: EntityRule, e: MonitoredEntity): boolean => e.active && appliesToKind(rule, e.kind);

function warning(rule: EntityRule, e: MonitoredEntity, evidence: string[]): MonitoringWarning {
  return {
    rule: rule.id,
    level: rule.level,
    action: rule.action,
    subject: { type: 'entity', key: e.code, display: e.name },
    entities: [e.code],
    evidence,
  };
}

export function frequentChanges(
  rule: MonitoringRuleOf<'frequent_changes'>,
  asOf: string,
  facts: readonly ChangeFacts[],
): MonitoringWarning[] {
  const { from, to } = changeWindow(asOf, rule);
  const fields: readonly string[] = rule.params.fields;
  const out: MonitoringWarning[] = [];
  for (const { entity, changes } of facts) {
    if (!watched(rule, entity)) continue;
    const inWindow = changes
      .filter((c) => c.date > from && c.date <= to && fields.includes(c.field))
      .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
    if (inWindow.length < rule.params.minChanges) continue;
    const perField = fields
      .map((f) => [f, inWindow.filter((c) => c.field === f).length] as const)
      .filter(([, n]) => n > 0)
      .map(([f, n]) => `${f} ${n} 次`)
      .join('、');
    out.push(
      warning(rule, entity, [
        `近 ${rule.params.windowMonths} 个月变更${fields.join('、')} ${inWindow.length} 次（${perField}）`,
        `变更日期：${inWindow.map((c) => c.date).join('、')}`,
      ]),
    );
  }
  return out;
}

/**
 * ≥ minRecent complaints in the recent window, and at least minRatio × the baseline's monthly average.
 * A baseline without complaints has no average to compare with: the count alone decides.
 */
export function complaintSurge(
  rule: MonitoringRuleOf<'complaint_surge'>,
  asOf: string,
  facts: readonly ComplaintFacts[],
): MonitoringWarning[] {
  const { baselineFrom, recentFrom, to } = complaintWindows(asOf, rule);
  const { minRecent, recentDays, baselineMonths, minRatio } = rule.params;
  const out: MonitoringWarning[] = [];
  for (const { entity, dates } of facts) {
    if (!watched(rule, entity)) continue;
    let recent = 0;
    let baseline = 0;
    for (const d of dates) {
      if (d > recentFrom && d <= to) recent++;
      else if (d > baselineFrom && d <= recentFrom) baseline++;
    }
    if (recent < minRecent) continue;
    const first = `近 ${recentDays} 天投诉 ${recent} 件`;
    if (baseline === 0) {
      out.push(warning(rule, entity, [`${first}，前 ${baselineMonths} 个月无投诉`]));
      continue;
    }
    // recent ≥ minRatio × baseline / baselineMonths, multiplied out so no division rounds the boundary.
    if (recent * baselineMonths < minRatio * baseline) continue;
    const ratio = (recent * baselineMonths) / baseline;
    out.push(
      warning(rule, entity, [
        `${first}，为前 ${baselineMonths} 个月月均的 ${ratio.toFixed(1)} 倍`,
        `前 ${baselineMonths} 个月投诉 ${baseline} 件，月均 ${(baseline / baselineMonths).toFixed(1)} 件`,
      ]),
    );
  }
  return out;
}

/** The longest run of consecutive years in a list (any order, repeats allowed), as [first, length]. */
function longestRun(years: readonly number[]): [number, number] {
  const sorted = [...new Set(years)].sort((a, b) => a - b);
  let best: [number, number] = [0, 0];
  let start = 0;
  for (let i = 0; i < sorted.length; i++) {
    if (i > 0 && (sorted[i] as number) !== (sorted[i - 1] as number) + 1) start = i;
    const length = i - start + 1;
    if (length > best[1]) best = [sorted[start] as number, length];
  }
  return best;
}

export function annualReportMissing(
  rule: MonitoringRuleOf<'annual_report_missing'>,
  facts: readonly AnnualReportFacts[],
): MonitoringWarning[] {
  const out: MonitoringWarning[] = [];
  for (const { entity, missingYears } of facts) {
    if (!watched(rule, entity)) continue;
    const [first, length] = longestRun(missingYears);
    if (length < rule.params.consecutiveYears) continue;
    const years = Array.from({ length }, (_, k) => first + k);
    out.push(warning(rule, entity, [`${years.join('、')} 年度报告未公示，连续 ${length} 年`]));
  }
  return out;
}

/**
 * The grade fell at least minSteps places in its model's order between the last two runs. One warning
 * per entity, with a sentence for each model it fell in; a grade the model does not have is not compared.
 */
export function gradeDrop(
  rule: MonitoringRuleOf<'grade_drop'>,
  facts: readonly GradeHistoryFacts[],
): MonitoringWarning[] {
  const byEntity = new Map<string, { entity: MonitoredEntity; evidence: string[] }>();
  for (const h of facts) {
    if (!watched(rule, h.entity)) continue;
    const before = h.gradeOrder.indexOf(h.previous);
    const after = h.gradeOrder.indexOf(h.latest);
    if (before < 0 || after < 0 || after - before < rule.params.minSteps) continue;
    const slot = byEntity.get(h.entity.code) ?? { entity: h.entity, evidence: [] };
    slot.evidence.push(
      `${h.modelName}：等级由 ${h.previous} 降为 ${h.latest}，下降 ${after - before} 级（${dayOf(h.previousRunAt)} → ${dayOf(h.latestRunAt)}）`,
    );
    byEntity.set(h.entity.code, slot);
  }
  return [...byEntity.values()].map(({ entity, evidence }) => warning(rule, entity, evidence.sort()));
}
