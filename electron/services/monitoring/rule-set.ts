/** The rule set in force, parsed (a stored version is validated again: the engine takes nothing on trust). */
import { ApiError } from '../../../shared/api/errors.ts';
import { type MonitoringRuleSet, parseMonitoringRuleSet } from '../../../shared/monitoring/rules.ts';
import { ruleSetInForce, type StoredRuleSet } from './repository/rule-sets.ts';
import type { DataDoor } from '../../db/sql.ts';

export function parsedRuleSet(stored: StoredRuleSet): MonitoringRuleSet {
  const parsed = parseMonitoringRuleSet(JSON.parse(stored.json));
  if (!parsed.ok) {
    throw new ApiError('conflict', `监测规则（第 ${stored.version} 版）无效：${parsed.errors.join('；')}`);
  }
  return parsed.value;
}

export function ruleSetForRun(db: DataDoor): { stored: StoredRuleSet; ruleSet: MonitoringRuleSet } {
  const stored = ruleSetInForce(db);
  if (!stored) throw new ApiError('conflict', '尚无监测规则，请联系管理员。');
  return { stored, ruleSet: parsedRuleSet(stored) };
}
