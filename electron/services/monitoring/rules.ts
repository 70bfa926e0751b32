/**
 * The rule set as the administrator's thresholds form sees it, and saving it: the whole set is
 * validated by the engine's own parser (Chinese messages naming the rule and field) and stored as the
 * next version, which comes into force at once; audited.
 */
import type { RuleSetView } from '../../../shared/api/contracts/monitoring.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { parseMonitoringRuleSet } from '../../../shared/monitoring/rules.ts';
import { type DataDoor, unitOfWork } from '../../db/sql.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { latestVersionOf, ruleSetVersions, saveRuleSetVersion } from './repository/rule-sets.ts';
import { ruleSetForRun } from './rule-set.ts';

function view(db: DataDoor): RuleSetView {
  const { stored, ruleSet } = ruleSetForRun(db);
  return {
    id: ruleSet.id,
    name: ruleSet.name,
    version: ruleSet.version,
    builtIn: stored.builtin === 1,
    savedAt: stored.saved_at,
    savedBy: stored.saved_by,
    rules: ruleSet.rules.map((r) => ({ ...r, kinds: [...r.kinds], params: { ...r.params } })),
    versions: ruleSetVersions(db, ruleSet.id).map((v) => ({
      version: v.version,
      savedAt: v.saved_at,
      savedBy: v.saved_by,
    })),
  };
}

export function monitoringRules(db: DataDoor, actor: Actor): RuleSetView {
  authorize(actor, 'monitoring.read');
  return view(db);
}

export function saveMonitoringRules(
  db: DataDoor,
  actor: Actor,
  input: { baseVersion: number; rules: unknown[] },
  at: string,
): RuleSetView {
  authorize(actor, 'monitoring.rules');
  unitOfWork(db, () => {
    const { ruleSet } = ruleSetForRun(db);
    if (input.baseVersion !== ruleSet.version) {
      throw new ApiError(
        'conflict',
        `监测规则已被他人修改（当前为第 ${ruleSet.version} 版），请刷新后重试。`,
      );
    }
    const version = latestVersionOf(db, ruleSet.id) + 1;
    const parsed = parseMonitoringRuleSet({
      id: ruleSet.id,
      name: ruleSet.name,
      version,
      rules: input.rules,
    });
    if (!parsed.ok) throw new ApiError('invalid_input', parsed.errors.join('；'));
    saveRuleSetVersion(db, parsed.value, JSON.stringify(parsed.value), at, actor.username);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'monitoring.rules.save',
      target: `${ruleSet.id} 第 ${version} 版`,
      detail: { from: ruleSet.version, to: version, rules: parsed.value.rules },
    });
  });
  return view(db);
}
