import { z } from 'zod';
import { isoDateSchema } from './entity.ts';
import { PENALTY_KINDS } from './penalty-kinds.ts';

/** Record kinds of the credit file (SPEC §4), in the order the UI lists them. */
export const RECORD_TYPES = [
  'penalty',
  'abnormal_list',
  'serious_violation_list',
  'joint_punishment',
  'inspection',
  'complaint',
  'annual_report',
  'quality_check',
  'commitment',
  'commendation',
  'public_credit_score',
  'change',
] as const;
export type RecordType = (typeof RECORD_TYPES)[number];
export const recordTypeSchema = z.enum(RECORD_TYPES);

export const RECORD_TYPE_LABELS: Record<RecordType, string> = {
  penalty: '行政处罚',
  abnormal_list: '经营异常名录',
  serious_violation_list: '严重违法失信名单',
  joint_punishment: '失信联合惩戒对象名单',
  inspection: '抽查检查结果',
  complaint: '投诉举报',
  annual_report: '年度报告',
  quality_check: '产品质量抽检',
  commitment: '信用承诺',
  commendation: '表彰奖励',
  public_credit_score: '公共信用综合评价',
  change: '登记事项变更',
};

export {
  PENALTY_KINDS,
  PENALTY_KINDS_EXCLUDED_FROM_REPAIR,
  type PenaltyKind,
} from './penalty-kinds.ts';

export const ABNORMAL_REASONS = ['未按时年报', '未在责令期限内公示', '公示信息虚假', '查无下落'] as const;
export const CHANGE_FIELDS = ['法定代表人', '住所', '经营范围', '名称', '注册资本'] as const;

const date = isoDateSchema;
const opt = <T extends z.ZodType>(s: T) => s.nullable().optional();

/**
 * Kind-specific fields of each record, named as in the canonical exchange JSON (SPEC §4).
 * Every record also has `type` and `date`; `date` is the fact's own date (decision date, listing date …).
 */
export const recordPayloadSchemas = {
  penalty: z.object({
    decisionNo: opt(z.string()),
    violationType: opt(z.string()),
    content: opt(z.string()),
    penaltyKinds: z.array(z.enum(PENALTY_KINDS)).min(1),
    fine: opt(z.number().nonnegative()),
    authority: opt(z.string()),
    /** The field of the violation: 食品, 药品 and 特种设备 wait 12 months before early stop, others 6. */
    field: opt(z.string()),
    /** The day publicity started on the national system; the decision date when absent. */
    publishedOn: opt(date),
    publicityEnd: opt(date),
    repairedOn: opt(date),
  }),
  abnormal_list: z.object({
    reason: z.string(),
    authority: opt(z.string()),
    removedOn: opt(date),
    removalReason: opt(z.string()),
  }),
  serious_violation_list: z.object({
    reason: opt(z.string()),
    authority: opt(z.string()),
    removedOn: opt(date),
  }),
  joint_punishment: z.object({
    field: opt(z.string()),
    removedOn: opt(date),
  }),
  inspection: z.object({
    plan: opt(z.string()),
    items: z.array(z.string()).optional(),
    results: z.array(z.string()).min(1),
    followUp: opt(z.string()),
  }),
  complaint: z.object({
    channel: opt(z.string()),
    substantiated: z.boolean(),
  }),
  annual_report: z.object({
    year: z.number().int(),
    onTime: z.boolean(),
  }),
  quality_check: z.object({
    product: opt(z.string()),
    qualified: z.boolean(),
  }),
  commitment: z.object({
    content: opt(z.string()),
    fulfilled: z.boolean().nullable(),
  }),
  commendation: z.object({
    title: opt(z.string()),
    level: opt(z.string()),
  }),
  public_credit_score: z.object({
    scheme: z.string(),
    score: z.number(),
    grade: opt(z.string()),
  }),
  change: z.object({
    field: z.enum(CHANGE_FIELDS),
    before: opt(z.string()),
    after: opt(z.string()),
  }),
} satisfies Record<RecordType, z.ZodType>;

export type RecordPayload<T extends RecordType> = z.infer<(typeof recordPayloadSchemas)[T]>;

/** A credit record in the canonical exchange form: `{type, date, ...payload}`. */
export type CreditRecord = {
  [T in RecordType]: { type: T; date: string } & RecordPayload<T>;
}[RecordType];

export const creditRecordSchema = z.discriminatedUnion(
  'type',
  RECORD_TYPES.map((t) => recordPayloadSchemas[t].extend({ type: z.literal(t), date })) as unknown as [
    z.ZodObject,
    ...z.ZodObject[],
  ],
) as unknown as z.ZodType<CreditRecord>;

/**
 * The natural key that de-duplicates a record within an entity's file (SPEC §7): re-importing or
 * re-generating the same fact must not create a second record.
 */
export function recordNaturalKey(r: CreditRecord): string {
  switch (r.type) {
    case 'penalty':
      return r.decisionNo ? `penalty:${r.decisionNo}` : `penalty:${r.date}:${r.penaltyKinds.join('+')}`;
    case 'annual_report':
      return `annual_report:${r.year}`;
    case 'public_credit_score':
      return `public_credit_score:${r.scheme}:${r.date}`;
    case 'inspection':
      return `inspection:${r.plan ?? ''}:${r.date}`;
    case 'change':
      return `change:${r.field}:${r.date}`;
    default:
      return `${r.type}:${r.date}`;
  }
}
