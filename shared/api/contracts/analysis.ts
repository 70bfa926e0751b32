/**
 * 统计报表与综合研判 (issue 14): class distributions of a grading run, the trend across runs, high-risk
 * areas and industries, inspection coverage by class, and the quarterly report to the province.
 * Every figure is read from one named grading run and, for inspections and cases, a date range or cut-off
 * date, so it can be reproduced. Definitions: docs/analysis-and-reports.md.
 */
import { z } from 'zod';
import { isoDateSchema } from '../../domain/entity.ts';
import { downloadSchema } from './exchange.ts';
import type { ContractTable } from './table.ts';

const id = z.number().int().positive();
const count = z.number().int();
/** A share 0…1 (rounded to 4 decimals); null when its denominator is zero. */
const share = z.number().nullable();

export const ANALYSIS_GROUPINGS = ['township', 'jurisdiction', 'section', 'kind'] as const;
export type AnalysisGrouping = (typeof ANALYSIS_GROUPINGS)[number];
export const RANKING_GROUPINGS = ['township', 'section'] as const;

/** Classes of a run's model in the model's order (A, B, C, D …), with their Chinese names. */
export const analysisClassSchema = z.object({ grade: z.string(), label: z.string() });
export type AnalysisClass = z.infer<typeof analysisClassSchema>;

export const analysisRunSchema = z.object({
  id,
  modelId: z.string(),
  modelVersion: z.string(),
  modelName: z.string(),
  /** The run's as-of date (评价基准日). */
  asOf: z.string(),
  entityCount: count,
});
export type AnalysisRun = z.infer<typeof analysisRunSchema>;

/** One group (a township, a 管辖单位, a GB/T 4754 section, a kind) with its class counts (after adjustments). */
export const distributionGroupSchema = z.object({
  /** The value the entity list filters on ('' = not recorded). */
  group: z.string(),
  groupLabel: z.string(),
  counts: z.record(z.string(), count),
  total: count,
});
export type DistributionGroup = z.infer<typeof distributionGroupSchema>;

export const distributionSchema = z.object({
  run: analysisRunSchema,
  by: z.enum(ANALYSIS_GROUPINGS),
  classes: z.array(analysisClassSchema),
  /** Largest group first; the group not recorded ('') last. */
  rows: z.array(distributionGroupSchema),
  totals: distributionGroupSchema,
});
export type Distribution = z.infer<typeof distributionSchema>;

export const trendSchema = z.object({
  modelId: z.string(),
  classes: z.array(analysisClassSchema),
  /** Complete runs of the model, oldest as-of first. */
  points: z.array(
    z.object({
      runId: id,
      asOf: z.string(),
      total: count,
      counts: z.record(z.string(), count),
      shares: z.record(z.string(), z.number()),
    }),
  ),
});
export type Trend = z.infer<typeof trendSchema>;

export const riskRowSchema = z.object({
  group: z.string(),
  label: z.string(),
  total: count,
  /** Entities of the high-risk classes (C and D, or the model's two lowest). */
  highRisk: count,
  share: z.number(),
  countyShare: z.number(),
  /** share ÷ countyShare: above 1 means riskier than the county as a whole. */
  ratio: z.number().nullable(),
});
export type RiskRow = z.infer<typeof riskRowSchema>;

export const riskRankingSchema = z.object({
  run: analysisRunSchema,
  by: z.enum(RANKING_GROUPINGS),
  highRiskClasses: z.array(z.string()),
  minGroupSize: count,
  countyTotal: count,
  countyHighRisk: count,
  countyShare: z.number(),
  /** Groups at or above the minimum size, highest share first. */
  rows: z.array(riskRowSchema),
  /** Groups left out for being smaller than minGroupSize, and their entities. */
  excludedGroups: count,
  excludedEntities: count,
});
export type RiskRanking = z.infer<typeof riskRankingSchema>;

export const coverageRowSchema = z.object({
  grade: z.string(),
  label: z.string(),
  /** Entities of the class in the run (after adjustments). */
  entities: count,
  /** Of them, inspected (a result checked in the range) at least once. */
  inspected: count,
  actualRatio: share,
  /** The ratio the sampling profile asks for this class (weighted by kind); null when no profile applies. */
  profileRatio: share,
  /** Inspected entities with a problem found (发现问题待后续处理 or 经责令已改正). */
  withProblems: count,
  problemRate: share,
});
export type CoverageRow = z.infer<typeof coverageRowSchema>;

export const coverageSchema = z.object({
  run: analysisRunSchema,
  from: z.string(),
  to: z.string(),
  /** The profile the profile ratios come from (the latest task's in the range, else the default one). */
  profile: z.object({ id: z.string(), name: z.string() }).nullable(),
  rows: z.array(coverageRowSchema),
  /** Actual ratios rise from the best class to the worst (A < B < C < D) over the classes with entities. */
  monotone: z.boolean(),
});
export type Coverage = z.infer<typeof coverageSchema>;

/** A class-distribution table of the quarterly report, with the change since the previous quarter's run. */
export const quarterlyGroupSchema = distributionGroupSchema.extend({
  previousCounts: z.record(z.string(), count),
  previousTotal: count,
  /** Entities of the group graded in both runs whose class improved (e.g. C → B) / worsened. */
  movedUp: count,
  movedDown: count,
});
export type QuarterlyGroup = z.infer<typeof quarterlyGroupSchema>;

export const quarterlyDistributionSchema = z.object({
  rows: z.array(quarterlyGroupSchema),
  totals: quarterlyGroupSchema,
});

/** 检查结果 / 发现问题待后续处理 / 后续处置 / 完结: the column groups both production tables share. */
export const inspectionOutcomeSchema = z.object({
  results: z.object({
    none: count,
    corrected: count,
    noActivity: count,
    closed: count,
    refused: count,
    gone: count,
    pending: count,
  }),
  problems: z.object({
    subtotal: count,
    market: count,
    notDisclosed: count,
    falsified: count,
    unreachable: count,
    otherMarket: count,
    food: count,
    quality: count,
    otherDept: count,
  }),
  disposal: z.object({
    none: count,
    dailySupervision: count,
    ordered: count,
    caseTransfer: count,
    notified: count,
    other: count,
  }),
  concluded: count,
  /** 完结数 ÷ 已公示 (the workbook writes it as a formula). */
  concludedRate: share,
});
export type InspectionOutcome = z.infer<typeof inspectionOutcomeSchema>;

/** 抽查工作情况统计: one row per task with a plan drawn in the quarter, and a total row. */
export const workRowSchema = inspectionOutcomeSchema.extend({
  line: count,
  taskNumber: z.string(),
  /** 抽查内容: the task's name. */
  content: z.string(),
  /** 抽查类型: 定向抽查 / 不定向抽查. */
  type: z.string(),
  /** 抽查对象: the entity kinds drawn, in Chinese. */
  objects: z.string(),
  base: count,
  /** 抽查比例% = 抽查户数 ÷ 抽查基数 × 100 (two decimals). */
  ratioPercent: z.number().nullable(),
  drawn: count,
  published: count,
  unpublished: count,
  /** 已公示 ÷ 抽查户数 (the workbook writes it as a formula). */
  completionRate: share,
});
export type WorkRow = z.infer<typeof workRowSchema>;

/** 综合抽查结果统计: one row per 地区 (township) or 管辖单位. */
export const resultRowSchema = inspectionOutcomeSchema.extend({
  line: count,
  region: z.string(),
  department: z.string(),
  /** 应检查数: entities drawn. */
  due: count,
  /** 待录入: no result entered. */
  toEnter: count,
  /** 录入中: result entered, not yet published. */
  entering: count,
  published: count,
  completionRate: share,
});
export type ResultRow = z.infer<typeof resultRowSchema>;

export const caseFiguresSchema = z.object({
  received: count,
  /** Concluded on or before the cut-off (办结/决定/撤回 …). */
  concluded: count,
  /** Open at the cut-off and past their working-day deadline. */
  overdue: count,
  /** Median working days from receipt to conclusion over the cases concluded in the quarter. */
  medianWorkingDays: z.number().nullable(),
  /** false while the feature's storage does not exist (monitoring warnings): the figures are zeros. */
  available: z.boolean(),
  note: z.string().nullable(),
});
export type CaseFigures = z.infer<typeof caseFiguresSchema>;

export const quarterlyReportSchema = z.object({
  cover: z.object({
    /** 填报单位: the bureau's name from the county settings. */
    unit: z.string(),
    /** 统计期, e.g. 2026年第4季度（2026-10-01至2026-12-31）. */
    period: z.string(),
    from: z.string(),
    /** 截止日: the quarter's last day. */
    cutOff: z.string(),
    preparer: z.string(),
    reviewer: z.string(),
    /** The latest complete run with as-of on or before the cut-off; null when none. */
    run: analysisRunSchema.nullable(),
    /** The same model's latest run on or before the previous quarter's end. */
    previousRun: analysisRunSchema.nullable(),
  }),
  year: count,
  quarter: count,
  classes: z.array(analysisClassSchema),
  distribution: z.object({
    township: quarterlyDistributionSchema,
    jurisdiction: quarterlyDistributionSchema,
    kind: quarterlyDistributionSchema,
    section: quarterlyDistributionSchema,
  }),
  inspectionWork: z.object({ rows: z.array(workRowSchema), total: workRowSchema }),
  inspectionResults: z.object({
    byTownship: z.array(resultRowSchema),
    byJurisdiction: z.array(resultRowSchema),
    total: resultRowSchema,
  }),
  effectByClass: z.array(coverageRowSchema),
  cases: z.object({ objections: caseFiguresSchema, repairs: caseFiguresSchema, warnings: caseFiguresSchema }),
  publication: z.object({
    /** Tasks of the quarter that were published by the cut-off. */
    tasksPublished: count,
    /** Of them, published within 20 working days of the task's end date. */
    withinDeadline: count,
    share,
    /** Tasks whose end date is in the quarter and not published by the cut-off. */
    unpublished: count,
  }),
});
export type QuarterlyReport = z.infer<typeof quarterlyReportSchema>;

export const quarterlyInputSchema = z
  .object({
    year: z.number().int().min(2000).max(2100),
    quarter: z.number().int().min(1).max(4),
    preparer: z.string().trim().max(40).optional(),
    reviewer: z.string().trim().max(40).optional(),
  })
  .strict();
export type QuarterlyInput = z.infer<typeof quarterlyInputSchema>;

export const analysisContract = {
  /** Complete grading runs, latest first. analysis.read. */
  'analysis.runs': { input: z.object({}).strict(), output: z.object({ runs: z.array(analysisRunSchema) }) },
  'analysis.distribution': {
    input: z.object({ runId: id, by: z.enum(ANALYSIS_GROUPINGS) }).strict(),
    output: distributionSchema,
  },
  'analysis.trend': { input: z.object({ model: z.string().min(1).max(100) }).strict(), output: trendSchema },
  'analysis.riskRanking': {
    input: z
      .object({
        runId: id,
        by: z.enum(RANKING_GROUPINGS),
        minGroupSize: z.number().int().min(1).max(100_000).default(30),
      })
      .strict(),
    output: riskRankingSchema,
  },
  'analysis.coverage': {
    input: z
      .object({ runId: id, from: isoDateSchema, to: isoDateSchema })
      .strict()
      .refine((v) => v.from <= v.to, { message: '开始日期不能晚于结束日期', path: ['to'] }),
    output: coverageSchema,
  },
  /** The quarterly report's figures (the same as `creditdesk report quarterly --json`). analysis.read. */
  'analysis.quarterly': { input: quarterlyInputSchema, output: quarterlyReportSchema },
  /** The quarterly report workbook (read with exchange.download). analysis.report. */
  'analysis.quarterlyExport': { input: quarterlyInputSchema, output: downloadSchema },
} as const satisfies ContractTable;
