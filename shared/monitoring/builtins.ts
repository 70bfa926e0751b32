/**
 * The built-in rule set (resources/monitoring-rules/county-default.json), validated once on first use.
 * A built-in set that fails validation is a programming error, so it throws with every message.
 */
import { BUILTIN_MONITORING_RULES_JSON } from '../../resources/monitoring-rules/index.ts';
import { type MonitoringRuleSet, parseMonitoringRuleSet } from './rules.ts';

let builtin: MonitoringRuleSet | null = null;

/** The county default rule set (thresholds of issue 13 and domain-facts §9.3). */
export function builtinMonitoringRuleSet(): MonitoringRuleSet {
  if (builtin) return builtin;
  const r = parseMonitoringRuleSet(BUILTIN_MONITORING_RULES_JSON);
  if (!r.ok) throw new Error(`内置监测规则无效：\n${r.errors.join('\n')}`);
  builtin = deepFreeze(r.value);
  return builtin;
}

function deepFreeze<T>(value: T): T {
  if (typeof value === 'object' && value !== null) {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
