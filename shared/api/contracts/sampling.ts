/** Double-random inspections (issue 5): items, inspectors, conflicts, ratio profiles, tasks, plans, results. */
import { z } from 'zod';
import { entityKindSchema, isoDateSchema } from '../../domain/entity.ts';
import { TEXT_MAX } from '../../domain/text-limits.ts';
import type { ContractTable } from './table.ts';

const empty = z.object({}).strict();
const text = (max: number = TEXT_MAX.label) => z.string().trim().max(max);
const optText = (max: number = TEXT_MAX.label) => text(max).nullable().default(null);

// ---- reference data: “一单两库”, 回避, ratio profiles, calendar -----------------------------------

/**
 * Optimistic concurrency of the reference forms (issue 17 item 3): a row as listed carries its
 * `version`; a save from the form names the version it was filled from as `expectedVersion` (0: a row
 * the form saw as absent). When another officer saved the same key since, the save is refused
 * ('conflict') and nothing changes. Left out: no check, as before (the command line, older callers).
 */
const rowVersion = z.number().int();
const expectedVersion = z.number().int().nonnegative().optional();

/** One 抽查事项 (SPEC §6.1; domain-facts §3.3 columns). */
export const inspectionItemSchema = z.object({
  code: z.string().trim().min(1, '请填写事项编号').max(20),
  name: z.string().trim().min(1, '请填写事项名称').max(100),
  subItems: optText(500),
  legalBasis: optText(500),
  subject: optText(),
  objectScope: optText(),
  ratioText: optText(),
  frequencyText: optText(),
  method: optText(),
  /** null: 无需专业岗位资格; otherwise the qualification inspectors must hold. */
  qualification: optText(40),
  note: optText(500),
});
export type InspectionItem = z.infer<typeof inspectionItemSchema>;
/** An item as listed, with its row version. */
export const inspectionItemRowSchema = inspectionItemSchema.extend({ version: rowVersion });
export type InspectionItemRow = z.infer<typeof inspectionItemRowSchema>;
export const inspectionItemSaveSchema = inspectionItemSchema.extend({ expectedVersion });

export const INSPECTOR_STATUSES = ['active', 'inactive'] as const;
export const INSPECTOR_STATUS_LABELS = { active: '有效', inactive: '失效' } as const;

/** One 执法检查人员 (SPEC §6.1; domain-facts §3.2). ID number and phone are personal data. */
export const inspectorSchema = z.object({
  employeeNo: z.string().trim().min(1, '请填写单位工号').max(40),
  name: z.string().trim().min(1, '请填写姓名').max(40),
  gender: optText(4),
  idNumber: optText(30),
  phone: optText(30),
  unit: optText(),
  region: optText(),
  postCategory: optText(),
  qualifications: z.array(text(40)).default([]),
  itemScope: z.array(text(20)).default([]),
  expert: z.boolean().default(false),
  certNo: optText(60),
  /** null with a certificate number = 长期有效; null without one = no certificate (never drawn). */
  certExpiry: isoDateSchema.nullable().default(null),
  status: z.enum(INSPECTOR_STATUSES).default('active'),
});
export type InspectorInput = z.input<typeof inspectorSchema>;
export type Inspector = z.infer<typeof inspectorSchema>;

/** An inspector as listed on screen: personal data masked. */
export const inspectorRowSchema = inspectorSchema.extend({
  idNumber: z.string().nullable(),
  phone: z.string().nullable(),
  /** Certificate valid today (or 长期有效). */
  certValid: z.boolean(),
  /** The row's version: a save from the form names it as `expectedVersion`. */
  version: z.number().int(),
});
export type InspectorRow = z.infer<typeof inspectorRowSchema>;

/**
 * One inspector saved from the form. `expectedVersion`: the version the form was filled from (0: a
 * new inspector); when another officer saved the same employee number since, the save is refused
 * ('conflict') and nothing changes. Left out: no check, as before.
 */
export const inspectorSaveSchema = inspectorSchema.extend({ expectedVersion });

/** 回避: an inspector must never be assigned to this entity. */
export const conflictSchema = z.object({
  employeeNo: z.string().trim().min(1).max(40),
  /** USCC or 注册号 of the entity. */
  entityCode: z.string().trim().min(1).max(30),
  reason: optText(200),
});
export type Conflict = z.infer<typeof conflictSchema>;

/** A 回避 relation as listed: the inspector's and the entity's names beside the codes (null: not found). */
export const conflictRowSchema = conflictSchema.extend({
  inspectorName: z.string().nullable(),
  entityName: z.string().nullable(),
  version: rowVersion,
});
export type ConflictRow = z.infer<typeof conflictRowSchema>;
export const conflictSaveSchema = conflictSchema.extend({ expectedVersion });

export const calendarDaySchema = z.object({
  date: isoDateSchema,
  kind: z.enum(['holiday', 'workday']),
  name: text(40).default(''),
});
export type CalendarDayInput = z.infer<typeof calendarDaySchema>;
/** A calendar day as listed, with its row version. */
export const calendarDayRowSchema = calendarDaySchema.extend({ version: rowVersion });
export type CalendarDayRow = z.infer<typeof calendarDayRowSchema>;
export const calendarDaySaveSchema = calendarDaySchema.extend({ expectedVersion });

const bp = z.number().int().min(0, '比例不能为负').max(10000, '比例不能超过 100%');
/** Ratios per kind: class → basis points (300 = 3%), including `unclassified`. */
export const ratiosSchema = z.partialRecord(entityKindSchema, z.record(z.string(), bp));
export type Ratios = z.infer<typeof ratiosSchema>;

export const ratioProfileSchema = z.object({
  id: z
    .string()
    .trim()
    .regex(/^[a-z0-9][a-z0-9-]{1,40}$/, '编号为小写字母、数字和连字符'),
  name: z.string().trim().min(1).max(60),
  description: optText(500),
  builtin: z.boolean().default(false),
  classOrder: z.array(z.string().trim().min(1).max(8)).min(1).max(12),
  ratios: ratiosSchema,
  /** Inspections per calendar year a class may reach; a class not listed has no cap. */
  yearlyCaps: z.record(z.string(), z.number().int().min(1).max(52)).default({}),
});
export type RatioProfileInput = z.input<typeof ratioProfileSchema>;
export type RatioProfileData = z.infer<typeof ratioProfileSchema>;
/** A ratio profile as listed, with its row version. */
export const ratioProfileRowSchema = ratioProfileSchema.extend({ version: rowVersion });
export type RatioProfileRow = z.infer<typeof ratioProfileRowSchema>;
export const ratioProfileSaveSchema = ratioProfileSchema.extend({ expectedVersion });

export const upsertCountsSchema = z.object({
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
});

// ---- tasks, plans, results --------------------------------------------------------------------

export const TASK_STATUSES = [
  'draft',
  'drawn',
  'in_progress',
  'results_entered',
  'reviewed',
  'published',
] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];
export const TASK_STATUS_LABELS: Record<TaskStatus, string> = {
  draft: '草稿',
  drawn: '已抽取（锁定）',
  in_progress: '检查中',
  results_entered: '结果已录入',
  reviewed: '已审核',
  published: '已公示',
};

/** 定向 filter: random within these (empty lists mean “any”). */
export const taskFilterSchema = z.object({
  kinds: z.array(entityKindSchema).default([]),
  townships: z.array(text(30)).default([]),
  jurisdictions: z.array(text(60)).default([]),
  /** GB/T 4754 code prefixes, e.g. F52. */
  industryPrefixes: z.array(text(10)).default([]),
  tags: z.array(text(30)).default([]),
  /**
   * Exactly these entities (codes), e.g. the entities of monitoring warnings; absent or empty: any. The
   * plan file embeds the candidates as for every draw, so the draw stays verifiable over this set.
   */
  entities: z.array(z.string().trim().min(1).max(30)).max(200_000).optional(),
});
export type TaskFilter = z.infer<typeof taskFilterSchema>;

export const exclusionSchema = z.object({
  entity: z.string().trim().min(1).max(30),
  reason: z.string().trim().min(1, '请说明排除理由').max(200),
});

export const taskInputSchema = z
  .object({
    number: z.string().trim().min(1, '请填写任务文号').max(60),
    name: z.string().trim().min(1, '请填写任务名称').max(100),
    items: z.array(z.string().trim().min(1)).min(1, '请至少选择一个抽查事项'),
    directed: z.boolean().default(false),
    filter: taskFilterSchema.default({
      kinds: [],
      townships: [],
      jurisdictions: [],
      industryPrefixes: [],
      tags: [],
    }),
    /** null: no grading run — every candidate is unclassified. */
    gradingRunId: z.number().int().positive().nullable().default(null),
    profileId: z.string().min(1, '请选择抽查比例方案'),
    startDate: isoDateSchema,
    endDate: isoDateSchema,
    teamSize: z.number().int().min(2, '每组至少 2 名检查人员').max(10).default(2),
    organiser: optText(60),
    witness: optText(60),
    exclusions: z.array(exclusionSchema).default([]),
  })
  .refine((t) => t.endDate >= t.startDate, { message: '结束日期不能早于开始日期', path: ['endDate'] });
export type TaskInput = z.input<typeof taskInputSchema>;
export type TaskData = z.output<typeof taskInputSchema>;

export const deadlineSchema = z.object({
  deadline: z.string(),
  workingDaysLeft: z.number().int(),
  state: z.enum(['ok', 'near', 'due_today', 'overdue', 'done']),
  /** Set when a year the deadline spans has no holidays in the calendar (counted Monday–Friday only). */
  calendarNote: z.string().nullable(),
});

export const taskSummarySchema = z.object({
  id: z.number().int(),
  number: z.string(),
  name: z.string(),
  status: z.enum(TASK_STATUSES),
  items: z.array(z.string()),
  startDate: z.string(),
  endDate: z.string(),
  planId: z.number().int().nullable(),
  selected: z.number().int(),
  resultsEntered: z.number().int(),
  deadline: deadlineSchema,
  createdAt: z.string(),
});
export type TaskSummary = z.infer<typeof taskSummarySchema>;

export const stratumSchema = z.object({
  kind: entityKindSchema,
  class: z.string().nullable(),
  N: z.number().int(),
  k: z.number().int(),
  bp: z.number().int(),
});
export type StratumRow = z.infer<typeof stratumSchema>;

export const exclusionCountSchema = z.object({ reason: z.string(), count: z.number().int() });

export const previewSchema = z.object({
  candidates: z.number().int(),
  strata: z.array(stratumSchema),
  total: z.number().int(),
  excluded: z.array(exclusionCountSchema),
  eligibleInspectors: z.number().int(),
  digest: z.string(),
  warnings: z.array(z.string()),
});
export type Preview = z.infer<typeof previewSchema>;

export const resultEntrySchema = z.object({
  results: z.array(z.string()),
  checkedOn: z.string(),
  followUp: z.string().nullable(),
  note: z.string().nullable(),
  enteredBy: z.string(),
  /** The stored row's version: an edit of this result names it as `expectedVersion`. */
  version: z.number().int(),
});

export const planEntrySchema = z.object({
  position: z.number().int(),
  entityId: z.number().int(),
  code: z.string(),
  name: z.string(),
  /** The entity's registered address and contact phone, for the inspectors' printed plan. */
  address: z.string().nullable(),
  phone: z.string().nullable(),
  kind: entityKindSchema,
  class: z.string().nullable(),
  team: z.array(z.object({ employeeNo: z.string(), name: z.string() })),
  result: resultEntrySchema.nullable(),
});
export type PlanEntry = z.infer<typeof planEntrySchema>;

export const planSummarySchema = z.object({
  id: z.number().int(),
  seq: z.number().int(),
  digest: z.string(),
  seed: z.string(),
  drawnAt: z.string(),
  drawnBy: z.string(),
  supersededAt: z.string().nullable(),
  supersededBy: z.string().nullable(),
  redrawReason: z.string().nullable(),
  selected: z.number().int(),
});

export const planDetailSchema = planSummarySchema.extend({
  candidates: z.number().int(),
  strata: z.array(stratumSchema),
  warnings: z.array(z.string()),
  excluded: z.array(exclusionCountSchema),
  unstaffed: z.array(z.string()),
  entries: z.array(planEntrySchema),
});
export type PlanDetail = z.infer<typeof planDetailSchema>;

export const taskDetailSchema = z.object({
  summary: taskSummarySchema,
  task: z.object({
    number: z.string(),
    name: z.string(),
    items: z.array(z.string()),
    directed: z.boolean(),
    filter: taskFilterSchema,
    gradingRunId: z.number().int().nullable(),
    profileId: z.string().nullable(),
    classOrder: z.array(z.string()),
    ratios: ratiosSchema,
    startDate: z.string(),
    endDate: z.string(),
    teamSize: z.number().int(),
    organiser: z.string().nullable(),
    witness: z.string().nullable(),
    exclusions: z.array(exclusionSchema),
  }),
  plan: planDetailSchema.nullable(),
  history: z.array(planSummarySchema),
  reviewedBy: z.string().nullable(),
  publishedBy: z.string().nullable(),
  /** The task row's version: an edit of the task names it as `expectedVersion`. */
  version: z.number().int(),
});
export type TaskDetail = z.infer<typeof taskDetailSchema>;

export const drawOutputSchema = z.object({
  taskId: z.number().int(),
  planId: z.number().int(),
  digest: z.string(),
  seed: z.string(),
  strata: z.array(stratumSchema),
  selected: z.number().int(),
  unstaffed: z.array(z.string()),
  warnings: z.array(z.string()),
});
export type DrawOutput = z.infer<typeof drawOutputSchema>;

export const fileOutputSchema = z.object({
  fileName: z.string(),
  /** The file's bytes, base64. */
  base64: z.string(),
  rows: z.number().int(),
});

const taskId = z.object({ taskId: z.number().int().positive() }).strict();

export const samplingContract = {
  'sampling.items.list': { input: empty, output: z.object({ items: z.array(inspectionItemRowSchema) }) },
  'sampling.items.save': { input: inspectionItemSaveSchema, output: upsertCountsSchema },
  'sampling.items.delete': { input: z.object({ code: z.string() }).strict(), output: empty },
  'sampling.inspectors.list': {
    input: empty,
    output: z.object({ inspectors: z.array(inspectorRowSchema) }),
  },
  'sampling.inspectors.save': { input: inspectorSaveSchema, output: upsertCountsSchema },
  'sampling.conflicts.list': { input: empty, output: z.object({ conflicts: z.array(conflictRowSchema) }) },
  'sampling.conflicts.save': { input: conflictSaveSchema, output: upsertCountsSchema },
  'sampling.conflicts.delete': {
    input: z.object({ employeeNo: z.string(), entityCode: z.string() }).strict(),
    output: empty,
  },
  'sampling.profiles.list': {
    input: empty,
    output: z.object({ profiles: z.array(ratioProfileRowSchema) }),
  },
  'sampling.profiles.save': { input: ratioProfileSaveSchema, output: upsertCountsSchema },
  'sampling.calendar.list': {
    input: z.object({ year: z.number().int().min(2000).max(2100).nullable().default(null) }).strict(),
    output: z.object({ days: z.array(calendarDayRowSchema) }),
  },
  'sampling.calendar.save': { input: calendarDaySaveSchema, output: upsertCountsSchema },
  'sampling.calendar.delete': { input: z.object({ date: isoDateSchema }).strict(), output: empty },
  /** Adds a demonstration inspector pool (12 inspectors, one expert) when the pool is empty. */
  'sampling.demo.seed': { input: empty, output: z.object({ inspectors: z.number().int() }) },
  'sampling.gradingRuns': {
    input: empty,
    output: z.object({
      runs: z.array(
        z.object({
          id: z.number().int(),
          modelId: z.string(),
          modelVersion: z.string(),
          asOf: z.string(),
          entityCount: z.number().int(),
          createdAt: z.string(),
        }),
      ),
    }),
  },
  'sampling.tasks.list': { input: empty, output: z.object({ tasks: z.array(taskSummarySchema) }) },
  'sampling.tasks.create': { input: taskInputSchema, output: z.object({ taskId: z.number().int() }) },
  /** The 文号 a new task is offered: this year's first free 〔年〕n号 of the county (nothing is reserved). */
  'sampling.tasks.nextNumber': { input: empty, output: z.object({ number: z.string() }) },
  'sampling.tasks.update': {
    input: z
      .object({
        taskId: z.number().int().positive(),
        task: taskInputSchema,
        /**
         * The task's version the form was filled from: when another officer saved the task since,
         * the edit is refused ('conflict') and nothing changes. Left out: no check, as before.
         */
        expectedVersion: z.number().int().positive().optional(),
      })
      .strict(),
    /** The task's version after the edit (the next edit names it). */
    output: z.object({ version: z.number().int() }),
  },
  'sampling.tasks.get': { input: taskId, output: taskDetailSchema },
  /** Strata counts, exclusions and the digest the draw will commit to — nothing is stored. */
  'sampling.tasks.preview': { input: taskId, output: previewSchema },
  'sampling.tasks.draw': {
    input: z
      .object({
        taskId: z.number().int().positive(),
        /** The digest the user saw in the preview: the draw refuses if the inputs changed since. */
        expectedDigest: z
          .string()
          .regex(/^[0-9a-f]{64}$/)
          .nullable()
          .default(null),
      })
      .strict(),
    output: drawOutputSchema,
  },
  'sampling.tasks.redraw': {
    input: z
      .object({
        taskId: z.number().int().positive(),
        reason: z.string().trim().min(4, '请说明重新抽取的理由（至少 4 个字）').max(500),
      })
      .strict(),
    output: drawOutputSchema,
  },
  'sampling.tasks.start': { input: taskId, output: empty },
  'sampling.results.enter': {
    input: z
      .object({
        taskId: z.number().int().positive(),
        entityId: z.number().int().positive(),
        results: z.array(text().min(1)).min(1, '请至少选择一项检查结果').max(50),
        checkedOn: isoDateSchema,
        followUp: optText(200),
        note: optText(500),
        /**
         * The version of the result the officer saw (0: none yet). When another officer changed it
         * meanwhile the entry is refused ('conflict') and nothing changes; left out, the entry
         * replaces whatever is stored, as before.
         */
        expectedVersion: z.number().int().nonnegative().optional(),
      })
      .strict(),
    output: z.object({
      results: z.array(z.string()),
      followUps: z.array(z.object({ kind: z.string(), text: z.string() })),
      remaining: z.number().int(),
      /** The result's version after this entry. */
      version: z.number().int(),
    }),
  },
  'sampling.results.complete': { input: taskId, output: empty },
  /** “其余全部未发现问题”: one result for each listed entity that has none yet (others are skipped). */
  'sampling.results.enterMany': {
    input: z
      .object({
        taskId: z.number().int().positive(),
        entityIds: z.array(z.number().int().positive()).min(1, '没有需要录入的主体').max(100_000),
        results: z.array(z.string().trim().min(1)).min(1, '请至少选择一项检查结果'),
        checkedOn: isoDateSchema,
      })
      .strict(),
    output: z.object({ entered: z.number().int(), skipped: z.number().int(), remaining: z.number().int() }),
  },
  /** Undo of an entry: removes the listed entities' results (before the results are submitted). */
  'sampling.results.clear': {
    input: z
      .object({
        taskId: z.number().int().positive(),
        entityIds: z.array(z.number().int().positive()).min(1).max(100_000),
      })
      .strict(),
    output: z.object({ cleared: z.number().int(), remaining: z.number().int() }),
  },
  'sampling.tasks.review': { input: taskId, output: empty },
  'sampling.tasks.publish': { input: taskId, output: empty },
  'sampling.export.plan': { input: taskId, output: fileOutputSchema },
  'sampling.export.notice': { input: taskId, output: fileOutputSchema },
  'sampling.deadlines': {
    input: empty,
    output: z.object({ today: z.string(), tasks: z.array(taskSummarySchema) }),
  },
} as const satisfies ContractTable;
