/**
 * 监测预警 (issue 13): monitoring runs over the database, the warnings they raise and their lifecycle
 * (生成 → 审核 → 处置 → 关闭), the editable rule set, and the way from warnings into a 定向抽查 task.
 */
import { z } from 'zod';
import { entityKindSchema, isoDateSchema } from '../../domain/entity.ts';
import { downloadSchema } from './exchange.ts';
import type { ContractTable } from './table.ts';

const id = z.number().int().positive();
const count = z.number().int();
const note = z.string().trim().min(1, '请填写说明').max(1000);
const page = {
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(50),
};

// The same lists as shared/monitoring/rules.ts (the engine's); spelled out here so the contract can be
// read on its own and a renamed rule id fails the contract's test instead of slipping through.
export const WARNING_RULES = [
  'same_address',
  'same_person',
  'frequent_changes',
  'complaint_surge',
  'annual_report_missing',
  'grade_drop',
  'cluster_listed',
] as const;
export const WARNING_LEVEL_VALUES = ['低', '中', '高'] as const;
export const WARNING_ACTION_VALUES = ['提醒', '警示', '约谈', '检查'] as const;
export const SUBJECT_TYPES = ['address', 'person', 'entity'] as const;

/**
 * open: 生成, waiting for 审核; confirmed: 审核 confirmed, waiting for 处置; dismissed: 审核 dismissed;
 * disposed: 处置 recorded; closed: 关闭. Only dismissed and closed warnings are not "open".
 */
export const WARNING_STATUSES = ['open', 'confirmed', 'disposed', 'dismissed', 'closed'] as const;
export type WarningStatus = (typeof WARNING_STATUSES)[number];
export const WARNING_STATUS_LABELS: Record<WarningStatus, string> = {
  open: '待审核',
  confirmed: '已确认',
  disposed: '已处置',
  dismissed: '已排除',
  closed: '已关闭',
};
export const WARNING_STEPS = [
  'generate',
  'update',
  'reopen',
  'confirm',
  'dismiss',
  'dispose',
  'close',
] as const;
export const WARNING_STEP_LABELS: Record<(typeof WARNING_STEPS)[number], string> = {
  generate: '生成',
  update: '更新证据',
  reopen: '重新打开',
  confirm: '审核确认',
  dismiss: '审核排除',
  dispose: '处置',
  close: '关闭',
};

const ruleSchema = z.enum(WARNING_RULES);
const levelSchema = z.enum(WARNING_LEVEL_VALUES);
const actionSchema = z.enum(WARNING_ACTION_VALUES);
const subjectTypeSchema = z.enum(SUBJECT_TYPES);

export const monitoringRunSchema = z.object({
  id: z.number().int(),
  asOf: z.string(),
  ruleSetId: z.string(),
  ruleSetVersion: z.number().int(),
  createdBy: z.string(),
  createdAt: z.string(),
  tookMs: z.number().int().nullable(),
  /** Warnings the run found (new + updated + unchanged). */
  found: count,
  created: count,
  updated: count,
  reopened: count,
});
export type MonitoringRunInfo = z.infer<typeof monitoringRunSchema>;

export const warningSubjectSchema = z.object({
  type: subjectTypeSchema,
  /** Normalised address or person name; the entity code for entity subjects. */
  key: z.string(),
  /** As first seen (the entity's name for entity subjects). */
  display: z.string(),
});

export const warningSummarySchema = z.object({
  id: z.number().int(),
  rule: ruleSchema,
  ruleName: z.string(),
  level: levelSchema,
  /** The rule's suggested action. */
  action: actionSchema,
  subject: warningSubjectSchema,
  status: z.enum(WARNING_STATUSES),
  /** Codes of the warning's entities, sorted (as the engine and `creditdesk monitor` give them). */
  entities: z.array(z.string()),
  entityCount: count,
  /** The townships of the warning's entities (sorted, distinct). */
  townships: z.array(z.string()),
  evidence: z.array(z.string()),
  firstSeenAt: z.string(),
  lastSeenAt: z.string(),
  /** The action taken at 处置; null before. */
  disposedAction: actionSchema.nullable(),
  /** The 定向抽查 task the warning went into, if any. */
  taskId: z.number().int().nullable(),
});
export type WarningSummary = z.infer<typeof warningSummarySchema>;

/** An entity as the warning and cluster views show it. */
export const monitoredEntityRowSchema = z.object({
  entityId: z.number().int(),
  code: z.string(),
  name: z.string(),
  kind: entityKindSchema,
  township: z.string().nullable(),
  address: z.string().nullable(),
  legalRepresentative: z.string().nullable(),
  active: z.boolean(),
  /** Grade in force in the latest complete run of each model (model name + grade label). */
  grades: z.array(z.object({ modelName: z.string(), grade: z.string(), label: z.string() })),
  /** 经营异常名录 / 严重违法失信名单 at today's date; empty when on none. */
  lists: z.array(z.string()),
});
export type MonitoredEntityRow = z.infer<typeof monitoredEntityRowSchema>;

export const warningStepSchema = z.object({
  step: z.enum(WARNING_STEPS),
  label: z.string(),
  at: z.string(),
  byUser: z.string(),
  byName: z.string(),
  note: z.string().nullable(),
  action: actionSchema.nullable(),
  /** The evidence as it stood at this step (generate/update/reopen). */
  evidence: z.array(z.string()).nullable(),
});

export const warningDetailSchema = warningSummarySchema.extend({
  entities: z.array(monitoredEntityRowSchema),
  steps: z.array(warningStepSchema),
  /** Steps the current user may take now. */
  available: z.array(z.enum(['confirm', 'dismiss', 'dispose', 'close'])),
});
export type WarningDetail = z.infer<typeof warningDetailSchema>;

export const warningFilterSchema = z
  .object({
    rule: ruleSchema.optional(),
    level: levelSchema.optional(),
    status: z.enum(WARNING_STATUSES).optional(),
    /** 'active': open, confirmed or disposed (not yet closed or dismissed). */
    state: z.enum(['active', 'all']).default('active'),
    township: z.string().trim().max(30).optional(),
    /** Entity name or code, address or person fragment. */
    q: z.string().trim().max(100).optional(),
    /** Only the warnings this run found (with the evidence it found); implies every status. */
    runId: id.optional(),
  })
  .strict();
export type WarningFilter = z.infer<typeof warningFilterSchema>;

/** A rule of the rule set as the administrator's form edits it; the server validates the whole set. */
export const ruleSettingSchema = z
  .object({
    id: ruleSchema,
    name: z.string().trim().min(1).max(40),
    enabled: z.boolean(),
    level: levelSchema,
    action: actionSchema,
    kinds: z.array(entityKindSchema),
    params: z.record(z.string(), z.union([z.number(), z.string(), z.boolean(), z.array(z.string())])),
  })
  .strict();

export const ruleSetViewSchema = z.object({
  id: z.string(),
  name: z.string(),
  version: z.number().int(),
  builtIn: z.boolean(),
  savedAt: z.string(),
  savedBy: z.string(),
  rules: z.array(ruleSettingSchema),
  /** Earlier versions, newest first. */
  versions: z.array(z.object({ version: z.number().int(), savedAt: z.string(), savedBy: z.string() })),
});
export type RuleSetView = z.infer<typeof ruleSetViewSchema>;

const countsBy = z.array(z.object({ key: z.string(), label: z.string(), count }));

export const monitoringOverviewSchema = z.object({
  lastRun: monitoringRunSchema.nullable(),
  /** Not-closed, not-dismissed warnings. */
  active: count,
  byRule: countsBy,
  byLevel: countsBy,
  byTownship: countsBy,
  byStatus: countsBy,
});
export type MonitoringOverview = z.infer<typeof monitoringOverviewSchema>;

export const monitoringContract = {
  /** Counts by rule, level, township and status, and the last run. monitoring.read. */
  'monitoring.overview': { input: z.object({}).strict(), output: monitoringOverviewSchema },
  /** Warnings, newest evidence first, paged. monitoring.read. */
  'monitoring.list': {
    input: warningFilterSchema.extend(page),
    output: z.object({ total: count, items: z.array(warningSummarySchema) }),
  },
  'monitoring.get': { input: z.object({ id }).strict(), output: warningDetailSchema },
  /** The entities at one normalised address or under one person, with grades and list status. */
  'monitoring.cluster': {
    input: z.object({ type: z.enum(['address', 'person']), key: z.string().min(1).max(300) }).strict(),
    output: z.object({
      type: z.enum(['address', 'person']),
      key: z.string(),
      display: z.string(),
      entities: z.array(monitoredEntityRowSchema),
    }),
  },
  /** Runs the rules over the database (a long job: progress in app.progress). monitoring.handle. */
  'monitoring.run': {
    input: z.object({ asOf: isoDateSchema.optional() }).strict(),
    output: z.object({ run: monitoringRunSchema }),
  },
  'monitoring.runs': {
    input: z.object({}).strict(),
    output: z.object({ runs: z.array(monitoringRunSchema) }),
  },
  /** 审核 (monitoring.decide): confirm or dismiss with a note. */
  'monitoring.review': {
    input: z.object({ id, decision: z.enum(['confirm', 'dismiss']), note }).strict(),
    output: warningDetailSchema,
  },
  /** 处置 (monitoring.handle): the action taken. */
  'monitoring.dispose': {
    input: z.object({ id, action: actionSchema, note }).strict(),
    output: warningDetailSchema,
  },
  /** 关闭 (monitoring.handle). */
  'monitoring.close': { input: z.object({ id, note }).strict(), output: warningDetailSchema },
  /** The rule set in force and its versions. monitoring.read. */
  'monitoring.rules.get': { input: z.object({}).strict(), output: ruleSetViewSchema },
  /**
   * Saves the rules as the next version (monitoring.rules, audited). Problems fail with 'invalid_input'
   * and Chinese messages naming the rule and field.
   */
  'monitoring.rules.save': {
    input: z
      .object({ baseVersion: z.number().int().positive(), rules: z.array(ruleSettingSchema).min(1).max(50) })
      .strict(),
    output: ruleSetViewSchema,
  },
  /**
   * A 定向抽查 task whose candidates are exactly the warnings' entities (sampling.manage and
   * monitoring.handle); the warnings are marked 处置 with action 检查. The task is drawn like any other.
   */
  'monitoring.toTask': {
    input: z
      .object({
        warningIds: z.array(id).min(1, '请至少选择一条预警').max(5000),
        kind: z.enum(['directed', 'special']).default('directed'),
        number: z.string().trim().min(1, '请填写任务文号').max(60),
        name: z.string().trim().min(1, '请填写任务名称').max(100),
        items: z.array(z.string().trim().min(1)).min(1, '请至少选择一个抽查事项'),
        profileId: z.string().min(1, '请选择抽查比例方案'),
        startDate: isoDateSchema,
        endDate: isoDateSchema,
        teamSize: z.number().int().min(2).max(10).default(2),
        note: z.string().trim().max(1000).optional(),
      })
      .strict(),
    output: z.object({ taskId: z.number().int(), candidates: count, warnings: count }),
  },
  /** Excel of the filtered list (read with exchange.download). monitoring.read. */
  'monitoring.export': { input: warningFilterSchema, output: downloadSchema },
} as const satisfies ContractTable;
