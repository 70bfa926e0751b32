/**
 * Monitoring rule sets as data (issue 13, docs/monitoring.md): the seven built-in rule ids (a public
 * contract), the rule-set schema and its validation with Chinese messages in the words of the rules form.
 * A rule set may leave rules out (they are not evaluated); each rule id appears at most once.
 */
import { z } from 'zod';
import { ENTITY_KINDS, type EntityKind } from '../domain/entity.ts';
import { CHANGE_FIELDS } from '../domain/records.ts';

export const MONITORING_RULE_IDS = [
  'same_address',
  'same_person',
  'frequent_changes',
  'complaint_surge',
  'annual_report_missing',
  'grade_drop',
  'cluster_listed',
] as const;
export type MonitoringRuleId = (typeof MONITORING_RULE_IDS)[number];

export const MONITORING_RULE_LABELS: Record<MonitoringRuleId, string> = {
  same_address: '同一地址多户登记',
  same_person: '同一人担任多户负责人',
  frequent_changes: '登记事项频繁变更',
  complaint_surge: '投诉举报异常增长',
  annual_report_missing: '连续未公示年度报告',
  grade_drop: '信用等级大幅下降',
  cluster_listed: '聚集主体多数列入名录',
};

export const WARNING_LEVELS = ['低', '中', '高'] as const;
export type WarningLevel = (typeof WARNING_LEVELS)[number];
export const WARNING_ACTIONS = ['提醒', '警示', '约谈', '检查'] as const;
export type WarningAction = (typeof WARNING_ACTIONS)[number];

/** Each parameter in the words of the thresholds form (used in error messages and the docs). */
export const MONITORING_PARAM_LABELS: Readonly<Record<string, string>> = {
  minEntities: '最少主体数',
  minChanges: '最少变更次数',
  windowMonths: '统计期（月）',
  fields: '计入的变更事项',
  minRecent: '近期最少投诉件数',
  recentDays: '近期天数',
  baselineMonths: '对比期（月）',
  minRatio: '增长倍数下限',
  consecutiveYears: '连续未报年数',
  windowYears: '回溯年数',
  minSteps: '最少下降级数',
  minClusterSize: '聚集最少主体数',
  minListedShare: '列入名录比例（超过）',
};

const RULE_FIELD_LABELS: Readonly<Record<string, string>> = {
  id: '规则编号',
  name: '规则名称',
  enabled: '是否启用',
  level: '预警等级',
  action: '建议措施',
  kinds: '适用主体类型',
  params: '参数',
};

const SET_FIELD_LABELS: Readonly<Record<string, string>> = {
  id: '规则集编号',
  name: '规则集名称',
  version: '版本号',
  rules: '规则',
};

const count = (min: number, max: number) =>
  z.number({ error: '应为数字' }).int('应为整数').min(min, `不能小于 ${min}`).max(max, `不能大于 ${max}`);

const paramsOf = <S extends z.ZodRawShape>(shape: S) => z.strictObject(shape, { error: '应为参数对象' });

const ruleParams = {
  same_address: paramsOf({ minEntities: count(2, 100_000) }),
  same_person: paramsOf({ minEntities: count(2, 100_000) }),
  frequent_changes: paramsOf({
    minChanges: count(1, 1000),
    windowMonths: count(1, 120),
    fields: z
      .array(z.enum(CHANGE_FIELDS, { error: `应为以下变更事项之一：${CHANGE_FIELDS.join('、')}` }), {
        error: '应为变更事项列表',
      })
      .min(1, '至少选择一项变更事项'),
  }),
  complaint_surge: paramsOf({
    minRecent: count(1, 10_000),
    recentDays: count(1, 366),
    baselineMonths: count(1, 60),
    minRatio: z
      .number({ error: '应为数字' })
      .finite('应为数字')
      .positive('应大于 0')
      .max(1000, '不能大于 1000'),
  }),
  annual_report_missing: paramsOf({ consecutiveYears: count(1, 10), windowYears: count(1, 20) }),
  grade_drop: paramsOf({ minSteps: count(1, 20) }),
  cluster_listed: paramsOf({
    minClusterSize: count(2, 100_000),
    minListedShare: z
      .number({ error: '应为数字' })
      .min(0, '应在 0 到 1 之间（如 0.3 表示 30%）')
      .max(1, '应在 0 到 1 之间（如 0.3 表示 30%）'),
  }),
} as const satisfies Record<MonitoringRuleId, z.ZodType>;

const ruleOf = <Id extends MonitoringRuleId>(id: Id) =>
  z.strictObject({
    id: z.literal(id),
    name: z.string({ error: '应为文字' }).trim().min(1, '不能为空').max(40, '不超过 40 个字'),
    enabled: z.boolean({ error: '应为 true 或 false' }),
    level: z.enum(WARNING_LEVELS, { error: `应为 ${WARNING_LEVELS.join('、')} 之一` }),
    action: z.enum(WARNING_ACTIONS, { error: `应为 ${WARNING_ACTIONS.join('、')} 之一` }),
    kinds: z
      .array(z.enum(ENTITY_KINDS, { error: `应为主体类型 ${ENTITY_KINDS.join('、')} 之一` }), {
        error: '应为主体类型列表',
      })
      .min(1, '至少选择一种主体类型'),
    params: ruleParams[id],
  });

export const monitoringRuleSchema = z.discriminatedUnion('id', [
  ruleOf('same_address'),
  ruleOf('same_person'),
  ruleOf('frequent_changes'),
  ruleOf('complaint_surge'),
  ruleOf('annual_report_missing'),
  ruleOf('grade_drop'),
  ruleOf('cluster_listed'),
]);
export type MonitoringRule = z.infer<typeof monitoringRuleSchema>;
/** The rule of one id, with its own params type. */
export type MonitoringRuleOf<Id extends MonitoringRuleId> = Extract<MonitoringRule, { id: Id }>;

export const monitoringRuleSetSchema = z.strictObject({
  id: z
    .string({ error: '应为文字' })
    .regex(/^[a-z0-9][a-z0-9_-]{0,63}$/, '只能由小写字母、数字、- 和 _ 组成（不超过 64 个字符）'),
  name: z.string({ error: '应为文字' }).trim().min(1, '不能为空').max(60, '不超过 60 个字'),
  version: count(1, 1_000_000),
  rules: z.array(monitoringRuleSchema, { error: '应为规则列表' }),
});
export type MonitoringRuleSet = z.infer<typeof monitoringRuleSetSchema>;

export type ParseMonitoringRuleSetResult =
  | { ok: true; value: MonitoringRuleSet }
  | { ok: false; errors: string[] };

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

const isRuleId = (v: unknown): v is MonitoringRuleId =>
  typeof v === 'string' && (MONITORING_RULE_IDS as readonly string[]).includes(v);

/** “规则「同一地址多户登记」” for a known rule id, else “第 3 条规则”. */
function ruleWords(json: unknown, index: number): string {
  const rules = isObject(json) && Array.isArray(json.rules) ? json.rules : [];
  const rule = rules[index];
  const id = isObject(rule) ? rule.id : undefined;
  return isRuleId(id) ? `规则「${MONITORING_RULE_LABELS[id]}」` : `第 ${index + 1} 条规则`;
}

/** The value at a path of the input (zod's issues do not carry it). */
function valueAt(json: unknown, path: readonly PropertyKey[]): unknown {
  let v: unknown = json;
  for (const p of path) {
    if (typeof v !== 'object' || v === null) return undefined;
    v = (v as Record<PropertyKey, unknown>)[p];
  }
  return v;
}

/** One zod issue in the user's words: which rule, which field, what is wrong. */
function issueWords(json: unknown, issue: z.core.$ZodIssue): string {
  const [top, index, field, param, item] = issue.path;
  const message = valueAt(json, issue.path) === undefined ? '缺少此项' : issue.message;
  if (issue.code === 'unrecognized_keys') {
    const where =
      top === 'rules' && typeof index === 'number'
        ? field === 'params'
          ? `${ruleWords(json, index)}的参数`
          : ruleWords(json, index)
        : '规则集';
    return `${where}有无法识别的项：${issue.keys.join('、')}`;
  }
  if (top === 'rules' && typeof index === 'number') {
    const rule = ruleWords(json, index);
    if (field === undefined) return `${rule}：应为规则对象`;
    if (field === 'id') {
      return `${rule}：规则编号应为 ${MONITORING_RULE_IDS.join('、')} 之一`;
    }
    if (field === 'params' && typeof param === 'string') {
      const words = MONITORING_PARAM_LABELS[param] ?? param;
      const at = typeof item === 'number' ? `第 ${item + 1} 项` : '';
      return `${rule}的「${words}」${at}：${message}`;
    }
    const words = RULE_FIELD_LABELS[String(field)] ?? String(field);
    const at = typeof param === 'number' ? `第 ${param + 1} 项` : '';
    return `${rule}的「${words}」${at}：${message}`;
  }
  if (top === undefined) return '规则集应为 JSON 对象 {id, name, version, rules}';
  const words = SET_FIELD_LABELS[String(top)] ?? String(top);
  return `规则集的「${words}」：${message}`;
}

/** Checks the shape cannot express: each rule once, a window that holds the consecutive years. */
function meaningErrors(set: MonitoringRuleSet): string[] {
  const errors: string[] = [];
  const seen = new Set<MonitoringRuleId>();
  for (const rule of set.rules) {
    if (seen.has(rule.id))
      errors.push(`规则「${MONITORING_RULE_LABELS[rule.id]}」重复出现，每条规则只能出现一次`);
    seen.add(rule.id);
    if (rule.id === 'annual_report_missing' && rule.params.windowYears < rule.params.consecutiveYears) {
      errors.push(
        `规则「${MONITORING_RULE_LABELS[rule.id]}」的「${MONITORING_PARAM_LABELS.windowYears}」不能小于「${MONITORING_PARAM_LABELS.consecutiveYears}」`,
      );
    }
  }
  return errors;
}

/** Validate a rule set (a parsed JSON value). Errors are Chinese, each naming the rule and the field. */
export function parseMonitoringRuleSet(json: unknown): ParseMonitoringRuleSetResult {
  const r = monitoringRuleSetSchema.safeParse(json);
  if (!r.success) return { ok: false, errors: r.error.issues.map((i) => issueWords(json, i)) };
  const errors = meaningErrors(r.data);
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: r.data };
}

/** The rule of `id` when the set has it enabled, else null (a rule left out is not evaluated). */
export function enabledRule<Id extends MonitoringRuleId>(
  set: MonitoringRuleSet,
  id: Id,
): MonitoringRuleOf<Id> | null {
  const rule = set.rules.find((r): r is MonitoringRuleOf<Id> => r.id === id);
  return rule?.enabled ? rule : null;
}

/** Whether a rule looks at entities of this kind. */
export const appliesToKind = (rule: { kinds: readonly EntityKind[] }, kind: EntityKind): boolean =>
  rule.kinds.includes(kind);
