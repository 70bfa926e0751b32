/** Grading (issue 3): models, runs, results, comparisons, manual adjustments. */
import { z } from 'zod';
import { isoDateSchema } from '../../domain/entity.ts';
import type { ContractTable } from './table.ts';

const empty = z.object({}).strict();
const id = z.number().int().positive();
const modelId = z.string().trim().min(1).max(80);
const page = {
  offset: z.number().int().min(0).max(10_000_000).default(0),
  limit: z.number().int().min(1).max(500).default(50),
};

/** One grade of a model, best first, as the UI shows it. */
export const gradeInfoSchema = z.object({ grade: z.string(), label: z.string() });
export type GradeInfo = z.infer<typeof gradeInfoSchema>;

export const modelSummarySchema = z.object({
  id: z.string(),
  version: z.string(),
  name: z.string(),
  effectiveFrom: z.string().nullable(),
  /** true: shipped in resources/models; false: imported by an administrator. */
  builtIn: z.boolean(),
  /** Best grade first. */
  grades: z.array(gradeInfoSchema),
});
export type ModelSummary = z.infer<typeof modelSummarySchema>;

export const runInfoSchema = z.object({
  id: z.number().int(),
  modelId: z.string(),
  modelVersion: z.string(),
  modelName: z.string(),
  asOf: z.string(),
  createdBy: z.string(),
  createdAt: z.string(),
  status: z.enum(['running', 'complete']),
  entityCount: z.number().int(),
  /** Entities not graded (cancelled, revoked … registrations). */
  skippedCount: z.number().int(),
  tookMs: z.number().int().nullable(),
});
export type RunInfo = z.infer<typeof runInfoSchema>;

export const distributionRowSchema = z.object({
  grade: z.string(),
  label: z.string(),
  /** Computed by the model. */
  count: z.number().int(),
  /** After manual adjustments. */
  effectiveCount: z.number().int(),
  percent: z.number(),
});

/** One line of an explanation in plain Chinese, e.g. “行政处罚 2 次，扣 120 分”. */
export const explanationLineSchema = z.object({
  kind: z.enum(['base', 'indicator', 'override', 'band', 'note']),
  text: z.string(),
  points: z.number().nullable(),
  /** Dates and short descriptions of the records that produced the line. */
  evidence: z.array(z.string()),
});
export type ExplanationLine = z.infer<typeof explanationLineSchema>;

export const adjustmentSchema = z.object({
  id: z.number().int(),
  runId: z.number().int(),
  fromGrade: z.string(),
  toGrade: z.string(),
  reason: z.string(),
  adjustedBy: z.string(),
  adjustedAt: z.string(),
  carried: z.boolean(),
});
export type Adjustment = z.infer<typeof adjustmentSchema>;

export const explanationSchema = z.object({
  entityId: z.number().int(),
  entityName: z.string(),
  code: z.string(),
  modelId: z.string(),
  modelVersion: z.string(),
  modelName: z.string(),
  runId: z.number().int(),
  asOf: z.string(),
  score: z.number().nullable(),
  scoreGrade: z.string().nullable(),
  /** Computed grade (after overrides). */
  grade: z.string(),
  gradeLabel: z.string(),
  /** Grade in force (after a manual adjustment). */
  effectiveGrade: z.string(),
  effectiveLabel: z.string(),
  summary: z.string(),
  lines: z.array(explanationLineSchema),
  adjustment: adjustmentSchema.nullable(),
});
export type Explanation = z.infer<typeof explanationSchema>;

export const gradingContract = {
  'models.list': {
    input: empty,
    output: z.object({ models: z.array(modelSummarySchema) }),
  },
  /** One model, for the viewer: its JSON and a plain-Chinese description. */
  'models.get': {
    input: z.object({ id: modelId, version: z.string().max(40).nullable().default(null) }).strict(),
    output: z.object({
      summary: modelSummarySchema,
      description: z.object({
        scale: z.string(),
        bands: z.array(z.object({ grade: z.string(), label: z.string(), range: z.string() })),
        indicators: z.array(z.string()),
        overrides: z.array(z.string()),
        notes: z.array(z.string()),
      }),
      json: z.string(),
    }),
  },
  /** Validates a model file and stores it; invalid files fail with 'invalid_input' and Chinese errors. */
  'models.import': {
    input: z.object({ json: z.string().min(1).max(2_000_000) }).strict(),
    output: z.object({ summary: modelSummarySchema }),
  },
  /**
   * The administrator's model form: new band thresholds and indicator points/caps of a model version,
   * saved as the model's next version. Problems fail with 'invalid_input' and `fields` keyed by the form's
   * fields (shared/grading/model-edit.ts fieldKey), each message naming the field in the form's words.
   */
  'models.edit': {
    input: z
      .object({
        id: modelId,
        baseVersion: z.string().min(1).max(40),
        effectiveFrom: z.string().max(20),
        thresholds: z.array(z.number().finite().nullable()).max(20),
        indicators: z
          .array(
            z
              .object({
                id: z.string().min(1).max(64),
                points: z.number().finite().nullable(),
                cap: z.number().finite().nullable(),
              })
              .strict(),
          )
          .max(200),
      })
      .strict(),
    output: z.object({ summary: modelSummarySchema }),
  },
  'models.export': {
    input: z.object({ id: modelId, version: z.string().max(40).nullable().default(null) }).strict(),
    output: z.object({ fileName: z.string(), json: z.string() }),
  },
  'grading.runs': {
    input: empty,
    output: z.object({ runs: z.array(runInfoSchema) }),
  },
  /** Grades every entity in the background (progress through app.progress, stop with app.cancel). */
  'grading.run': {
    input: z
      .object({
        modelId,
        modelVersion: z.string().max(40).nullable().default(null),
        asOf: isoDateSchema,
      })
      .strict(),
    output: z.object({ run: runInfoSchema }),
  },
  'grading.distribution': {
    input: z.object({ runId: id }).strict(),
    output: z.object({
      run: runInfoSchema,
      rows: z.array(distributionRowSchema),
      adjustedCount: z.number().int(),
    }),
  },
  /** Entities of a run, optionally of one (effective) grade, in entity id order, paged. */
  'grading.results': {
    input: z.object({ runId: id, grade: z.string().max(10).nullable().default(null), ...page }).strict(),
    output: z.object({
      total: z.number().int(),
      rows: z.array(
        z.object({
          entityId: z.number().int(),
          name: z.string(),
          code: z.string(),
          score: z.number().nullable(),
          grade: z.string(),
          effectiveGrade: z.string(),
        }),
      ),
    }),
  },
  /** Who moved between two runs (of the same model) and why, paged. */
  'grading.compare': {
    input: z
      .object({
        fromRunId: id,
        toRunId: id,
        direction: z.enum(['up', 'down', 'changed']).default('changed'),
        ...page,
      })
      .strict(),
    output: z.object({
      up: z.number().int(),
      down: z.number().int(),
      same: z.number().int(),
      /** In one run only (new or removed entities). */
      onlyFrom: z.number().int(),
      onlyTo: z.number().int(),
      total: z.number().int(),
      rows: z.array(
        z.object({
          entityId: z.number().int(),
          name: z.string(),
          code: z.string(),
          fromGrade: z.string(),
          toGrade: z.string(),
          fromScore: z.number().nullable(),
          toScore: z.number().nullable(),
          direction: z.enum(['up', 'down']),
          reasons: z.array(z.string()),
        }),
      ),
    }),
  },
  /** A stored result explained in Chinese. */
  'grading.explain': {
    input: z.object({ runId: id, entityId: id }).strict(),
    output: explanationSchema,
  },
  /** The entity page's panel: the current grade per model and the grade history. */
  'grading.entity': {
    input: z.object({ entityId: id }).strict(),
    output: z.object({
      current: z.array(explanationSchema.extend({ updatedAt: z.string(), grades: z.array(gradeInfoSchema) })),
      history: z.array(
        z.object({
          runId: z.number().int(),
          modelId: z.string(),
          modelName: z.string(),
          asOf: z.string(),
          createdAt: z.string(),
          score: z.number().nullable(),
          grade: z.string(),
          effectiveGrade: z.string(),
        }),
      ),
      canAdjust: z.boolean(),
    }),
  },
  /** 人工调整: a supervisor sets the grade in force of the entity's current result, with a reason. */
  'grading.adjust': {
    input: z
      .object({
        entityId: id,
        modelId,
        toGrade: z.string().trim().min(1).max(10),
        reason: z.string().trim().min(4, '请填写调整理由（至少 4 个字）').max(500),
      })
      .strict(),
    output: z.object({ adjustment: adjustmentSchema }),
  },
} as const satisfies ContractTable;
