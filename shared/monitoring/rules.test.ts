import { describe, expect, it } from 'vitest';
import { ISSUE_THRESHOLDS } from '../../test/helpers/monitoring-fixture.ts';
import { BUILTIN_MONITORING_RULES_JSON } from '../../resources/monitoring-rules/index.ts';
import { builtinMonitoringRuleSet } from './builtins.ts';
import { MONITORING_RULE_IDS, MONITORING_RULE_LABELS, parseMonitoringRuleSet } from './rules.ts';

const clone = (): Record<string, unknown> & { rules: Record<string, unknown>[] } =>
  JSON.parse(JSON.stringify(BUILTIN_MONITORING_RULES_JSON));

function errorsOf(json: unknown): string[] {
  const r = parseMonitoringRuleSet(json);
  if (r.ok) throw new Error('expected the rule set to be rejected');
  return r.errors;
}

function ruleOf(
  set: { rules: Record<string, unknown>[] },
  id: string,
): Record<string, unknown> & {
  params: Record<string, unknown>;
} {
  return set.rules.find((r) => r.id === id) as Record<string, unknown> & { params: Record<string, unknown> };
}

describe('built-in rule set', () => {
  const set = builtinMonitoringRuleSet();

  it('has the seven rules of issue 13, once each, enabled', () => {
    expect(set.rules.map((r) => r.id).sort()).toEqual([...MONITORING_RULE_IDS].sort());
    expect(set.rules.every((r) => r.enabled)).toBe(true);
  });

  it('carries the thresholds of the issue', () => {
    const t = ISSUE_THRESHOLDS;
    const params = Object.fromEntries(set.rules.map((r) => [r.id, r.params]));
    expect(params).toEqual({
      same_address: { minEntities: t.sameAddress },
      same_person: { minEntities: t.samePerson },
      frequent_changes: { minChanges: t.changes, windowMonths: t.changeMonths, fields: [...t.changeFields] },
      complaint_surge: {
        minRecent: t.recentComplaints,
        recentDays: t.recentDays,
        baselineMonths: t.baselineMonths,
        minRatio: t.surgeRatio,
      },
      annual_report_missing: { consecutiveYears: t.consecutiveReportYears, windowYears: 3 },
      grade_drop: { minSteps: t.gradeSteps },
      cluster_listed: { minClusterSize: t.clusterSize, minListedShare: t.listedShare },
    });
  });

  it('names every rule in Chinese', () => {
    for (const r of set.rules) expect(r.name).toBe(MONITORING_RULE_LABELS[r.id]);
  });

  it('is frozen, so no caller can change the county default by accident', () => {
    expect(Object.isFrozen(set)).toBe(true);
    expect(Object.isFrozen(set.rules[0]?.params)).toBe(true);
  });
});

describe('parseMonitoringRuleSet', () => {
  it('accepts a subset of the rules', () => {
    const json = clone();
    json.rules = json.rules.filter((r) => r.id === 'same_address');
    const r = parseMonitoringRuleSet(json);
    expect(r.ok && r.value.rules.map((x) => x.id)).toEqual(['same_address']);
  });

  it('names the rule and the field in the words of the form', () => {
    const json = clone();
    ruleOf(json, 'same_address').params.minEntities = 1;
    ruleOf(json, 'complaint_surge').params.minRatio = 0;
    ruleOf(json, 'frequent_changes').params.fields = ['法定代表人', '电话'];
    ruleOf(json, 'cluster_listed').params.minListedShare = 30;
    ruleOf(json, 'grade_drop').level = '很高';
    ruleOf(json, 'same_person').action = '罚款';
    ruleOf(json, 'annual_report_missing').kinds = [];
    expect(errorsOf(json)).toEqual([
      '规则「同一地址多户登记」的「最少主体数」：不能小于 2',
      '规则「同一人担任多户负责人」的「建议措施」：应为 提醒、警示、约谈、检查 之一',
      '规则「登记事项频繁变更」的「计入的变更事项」第 2 项：应为以下变更事项之一：法定代表人、住所、经营范围、名称、注册资本',
      '规则「投诉举报异常增长」的「增长倍数下限」：应大于 0',
      '规则「连续未公示年度报告」的「适用主体类型」：至少选择一种主体类型',
      '规则「信用等级大幅下降」的「预警等级」：应为 低、中、高 之一',
      '规则「聚集主体多数列入名录」的「列入名录比例（超过）」：应在 0 到 1 之间（如 0.3 表示 30%）',
    ]);
  });

  it('says what is missing and what is not a whole number', () => {
    const json = clone();
    delete ruleOf(json, 'same_person').params.minEntities;
    ruleOf(json, 'frequent_changes').params.windowMonths = 6.5;
    delete ruleOf(json, 'grade_drop').enabled;
    expect(errorsOf(json)).toEqual([
      '规则「同一人担任多户负责人」的「最少主体数」：缺少此项',
      '规则「登记事项频繁变更」的「统计期（月）」：应为整数',
      '规则「信用等级大幅下降」的「是否启用」：缺少此项',
    ]);
  });

  it('rejects unknown rules, unknown parameters and repeated rules', () => {
    const json = clone();
    json.rules.push({ ...ruleOf(json, 'same_address'), id: 'same_phone' });
    ruleOf(json, 'grade_drop').params.minStep = 2;
    expect(errorsOf(json)).toEqual([
      '规则「信用等级大幅下降」的参数有无法识别的项：minStep',
      `第 8 条规则：规则编号应为 ${MONITORING_RULE_IDS.join('、')} 之一`,
    ]);
    const twice = clone();
    twice.rules.push(ruleOf(twice, 'same_person'));
    expect(errorsOf(twice)).toEqual(['规则「同一人担任多户负责人」重复出现，每条规则只能出现一次']);
  });

  it('keeps the look-back window at least as long as the run of years it looks for', () => {
    const json = clone();
    ruleOf(json, 'annual_report_missing').params.windowYears = 1;
    expect(errorsOf(json)).toEqual(['规则「连续未公示年度报告」的「回溯年数」不能小于「连续未报年数」']);
  });

  it('checks the set itself', () => {
    expect(errorsOf(null)).toEqual(['规则集应为 JSON 对象 {id, name, version, rules}']);
    const json = clone();
    json.version = 0;
    json.name = ' ';
    delete json.id;
    expect(errorsOf(json)).toEqual([
      '规则集的「规则集编号」：缺少此项',
      '规则集的「规则集名称」：不能为空',
      '规则集的「版本号」：不能小于 1',
    ]);
  });
});
