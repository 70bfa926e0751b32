/**
 * 异议与修复 (issue 12): credit-repair applications and objections, their steps, attachments and deadlines.
 * Attachments arrive as exchange uploads (uploadBegin + uploadChunk) and leave as exchange downloads.
 */
import { z } from 'zod';
import { isoDateSchema } from '../../domain/entity.ts';
import { RECORD_TYPES } from '../../domain/records.ts';
import {
  OBJECTION_CHANNELS,
  OBJECTION_OUTCOMES,
  OBJECTION_STATES,
  OBJECTION_STEPS,
} from '../../objections/workflow.ts';
import { REPAIR_ACTIONS, REPAIR_BLOCKS } from '../../repair/eligibility.ts';
import { REPAIR_STATES, REPAIR_STEPS, VERIFY_METHODS } from '../../repair/workflow.ts';
import { downloadSchema } from './exchange.ts';
import type { ContractTable } from './table.ts';

const id = z.number().int().positive();
const text = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).nullable().optional();
const uploadId = z.string().regex(/^[0-9a-f]{32}$/);

export const CASE_KINDS = ['repair', 'objection'] as const;
export const ATTACHMENT_KINDS = ['application', 'commitment', 'evidence', 'other'] as const;
export const ATTACHMENT_KIND_LABELS: Record<(typeof ATTACHMENT_KINDS)[number], string> = {
  application: '信用修复申请书',
  commitment: '守信承诺书',
  evidence: '证明材料',
  other: '其他材料',
};
/** Each attachment at most this big: a scanned page or a phone photo, not a video. */
export const MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024;

/** The status tabs of the page: 待受理, 办理中, 已办结. */
export const CASE_TABS = ['pending', 'in_progress', 'closed'] as const;

export const deadlineSchema = z
  .object({
    deadline: z.string(),
    workingDaysLeft: z.number().int(),
    state: z.enum(['ok', 'near', 'due_today', 'overdue', 'done']),
    /** The step that is due. */
    step: z.string(),
  })
  .nullable();

export const recordEligibilitySchema = z.object({
  recordId: z.number().int().nullable(),
  index: z.number().int(),
  type: z.enum(RECORD_TYPES),
  date: z.string(),
  /** The record in a few words, e.g. 行政处罚 2025-08-31 罚款 20 万元（示市监罚〔2025〕8号）. */
  label: z.string(),
  action: z.enum(REPAIR_ACTIONS).nullable(),
  publicityEndsOn: z.string().nullable(),
  eligibleOn: z.string().nullable(),
  eligibleNow: z.boolean(),
  blockedBy: z.array(z.enum(REPAIR_BLOCKS)),
  reasons: z.array(z.string()),
  checklist: z.array(z.string()),
  /** An objection to the record is open: the record shows 异议中. */
  disputed: z.boolean(),
});
export type RecordEligibilityView = z.infer<typeof recordEligibilitySchema>;

export const caseStepSchema = z.object({
  step: z.string(),
  /** The step in Chinese (受理, 准予修复 …). */
  label: z.string(),
  onDate: z.string(),
  at: z.string(),
  byUser: z.string(),
  byName: z.string(),
  reason: z.string().nullable(),
});

export const attachmentSchema = z.object({
  id,
  kind: z.enum(ATTACHMENT_KINDS),
  fileName: z.string(),
  size: z.number().int(),
  addedAt: z.string(),
  addedBy: z.string(),
});

const entityRef = {
  entityId: id,
  entityName: z.string(),
  entityCode: z.string(),
};

export const repairSummarySchema = z.object({
  id,
  ...entityRef,
  recordType: z.enum(RECORD_TYPES),
  recordLabel: z.string(),
  action: z.enum(REPAIR_ACTIONS),
  state: z.enum(REPAIR_STATES),
  applicant: z.string(),
  appliedOn: z.string(),
  deadline: deadlineSchema,
});
export type RepairSummary = z.infer<typeof repairSummarySchema>;

export const repairDetailSchema = repairSummarySchema.extend({
  recordId: z.number().int().nullable(),
  contact: z.string().nullable(),
  reason: z.string(),
  channel: z.string(),
  acceptedOn: z.string().nullable(),
  decidedOn: z.string().nullable(),
  closedOn: z.string().nullable(),
  verifyMethod: z.enum(VERIFY_METHODS).nullable(),
  /** Each condition of the checklist and whether the officer found it met. */
  checklist: z.array(z.object({ condition: z.string(), met: z.boolean() })),
  decisionNo: z.string().nullable(),
  /** The record as it was when the application came in. */
  recordSnapshot: z.record(z.string(), z.unknown()),
  /** What the database says about the record today. */
  eligibility: recordEligibilitySchema.nullable(),
  steps: z.array(caseStepSchema),
  attachments: z.array(attachmentSchema),
  /** Steps the current user may take now. */
  availableSteps: z.array(z.enum(REPAIR_STEPS)),
  /** 申请书 and 承诺书 are attached: acceptance needs both. */
  requiredAttached: z.boolean(),
});
export type RepairDetail = z.infer<typeof repairDetailSchema>;

export const objectionSummarySchema = z.object({
  id,
  ...entityRef,
  subject: z.string(),
  objector: z.string(),
  channel: z.enum(OBJECTION_CHANNELS),
  receivedOn: z.string(),
  state: z.enum(OBJECTION_STATES),
  outcome: z.enum(OBJECTION_OUTCOMES).nullable(),
  deadline: deadlineSchema,
});
export type ObjectionSummary = z.infer<typeof objectionSummarySchema>;

export const objectionDetailSchema = objectionSummarySchema.extend({
  recordId: z.number().int().nullable(),
  recordType: z.enum(RECORD_TYPES).nullable(),
  recordSnapshot: z.record(z.string(), z.unknown()).nullable(),
  gradingRunId: z.number().int().nullable(),
  contact: z.string().nullable(),
  reasons: z.string(),
  acceptedOn: z.string().nullable(),
  decidedOn: z.string().nullable(),
  findings: z.string().nullable(),
  decisionNo: z.string().nullable(),
  steps: z.array(caseStepSchema),
  attachments: z.array(attachmentSchema),
  availableSteps: z.array(z.enum(OBJECTION_STEPS)),
});
export type ObjectionDetail = z.infer<typeof objectionDetailSchema>;

const listInput = z
  .object({
    tab: z.enum(CASE_TABS),
    /** Name, code or applicant fragment. */
    query: z.string().trim().max(100).optional(),
    offset: z.number().int().min(0).default(0),
    limit: z.number().int().min(1).max(200).default(50),
  })
  .strict();

const listOutput = <T extends z.ZodType>(item: T) =>
  z.object({
    total: z.number().int(),
    counts: z.record(z.enum(CASE_TABS), z.number().int()),
    items: z.array(item),
  });

export const repairCreateSchema = z
  .object({
    entityId: id,
    recordId: id,
    applicant: text(60),
    contact: optionalText(60),
    reason: text(2000),
    channel: text(40),
    appliedOn: isoDateSchema,
  })
  .strict();
export type RepairCreateInput = z.infer<typeof repairCreateSchema>;

export const repairStepSchema = z
  .object({
    id,
    step: z.enum(REPAIR_STEPS),
    /** The day the step was taken (a paper form dated earlier may be entered later). */
    onDate: isoDateSchema,
    reason: optionalText(2000),
    verifyMethod: z.enum(VERIFY_METHODS).optional(),
    checklist: z.array(z.object({ condition: z.string(), met: z.boolean() })).optional(),
    decisionNo: optionalText(60),
  })
  .strict();
export type RepairStepInput = z.infer<typeof repairStepSchema>;

export const objectionCreateSchema = z
  .object({
    entityId: id,
    /** The disputed record; null when the objection is to a grading result. */
    recordId: id.nullable(),
    gradingRunId: id.nullable().optional(),
    objector: text(60),
    contact: optionalText(60),
    channel: z.enum(OBJECTION_CHANNELS),
    reasons: text(4000),
    receivedOn: isoDateSchema,
  })
  .strict();
export type ObjectionCreateInput = z.infer<typeof objectionCreateSchema>;

export const objectionStepSchema = z
  .object({
    id,
    step: z.enum(OBJECTION_STEPS),
    onDate: isoDateSchema,
    reason: optionalText(4000),
    outcome: z.enum(OBJECTION_OUTCOMES).optional(),
    /** For 更正: the record's corrected fields (same names as the credit file's JSON). */
    correction: z.record(z.string(), z.unknown()).optional(),
    decisionNo: optionalText(60),
  })
  .strict();
export type ObjectionStepInput = z.infer<typeof objectionStepSchema>;

export const repairSettingsSchema = z.object({
  repair: z.object({
    acceptWithin: z.number().int().min(1).max(60),
    decideAbnormalWithin: z.number().int().min(1).max(60),
    decideOtherWithin: z.number().int().min(1).max(60),
    executeWithin: z.number().int().min(1).max(60),
  }),
  objection: z.object({
    acceptWithin: z.number().int().min(1).max(60),
    verifyWithin: z.number().int().min(1).max(60),
    withdrawWithin: z.number().int().min(1).max(60),
  }),
  /** 较低数额罚款 (yuan, exclusive) — the province's standard. */
  lowFineOrganisation: z.number().positive(),
  lowFineIndividual: z.number().positive(),
  /** How the 信用修复告知书 tells applicants to apply. */
  channel: z.string().trim().min(1).max(200),
  /** 文号 prefix of repair and objection documents, e.g. 示范县市监信修. */
  numberPrefix: z.string().trim().min(1).max(40),
});
export type RepairSettings = z.infer<typeof repairSettingsSchema>;

export const CASE_DOCUMENTS = ['acceptance', 'refusal', 'reply', 'decision'] as const;

export const creditDocumentSchema = z.object({
  title: z.string(),
  number: z.string(),
  addressee: z.string(),
  paragraphs: z.array(z.string()),
  signature: z.object({ bureau: z.string(), date: z.string() }),
});

const caseDocumentInput = z
  .object({ caseKind: z.enum(CASE_KINDS), caseId: id, document: z.enum(CASE_DOCUMENTS) })
  .strict();
const noticeInput = z.object({ entityId: id, recordId: id }).strict();

export const repairContract = {
  /** Every record of one entity with what repair (if any) applies today. Every role. */
  'repair.eligibility': {
    input: z.object({ entityId: id }).strict(),
    output: z.object({ asOf: z.string(), records: z.array(recordEligibilitySchema) }),
  },
  'repair.list': { input: listInput, output: listOutput(repairSummarySchema) },
  'repair.get': { input: z.object({ id }).strict(), output: repairDetailSchema },
  /** Register an application (officers and above). */
  'repair.create': { input: repairCreateSchema, output: repairDetailSchema },
  /** Take one step (受理, 核实, 准予 …); roles as shared/repair/workflow.ts. */
  'repair.step': { input: repairStepSchema, output: repairDetailSchema },
  'objections.list': { input: listInput, output: listOutput(objectionSummarySchema) },
  'objections.get': { input: z.object({ id }).strict(), output: objectionDetailSchema },
  'objections.create': { input: objectionCreateSchema, output: objectionDetailSchema },
  'objections.step': { input: objectionStepSchema, output: objectionDetailSchema },
  /** Store an uploaded file (exchange.uploadBegin/uploadChunk) with a case. */
  'cases.attach': {
    input: z
      .object({ caseKind: z.enum(CASE_KINDS), caseId: id, kind: z.enum(ATTACHMENT_KINDS), uploadId })
      .strict(),
    output: attachmentSchema,
  },
  /** An attachment back as a download (read with exchange.download). */
  'cases.attachment': { input: z.object({ id }).strict(), output: downloadSchema },
  /** A case's document (受理通知书 …) for the printable page; 'conflict' when the case has none yet. */
  'cases.document': { input: caseDocumentInput, output: creditDocumentSchema },
  /** The same document as a Word file (read with exchange.download). */
  'cases.documentDocx': { input: caseDocumentInput, output: downloadSchema },
  /** 信用修复告知书 for one penalty, served with its decision. */
  'repair.notice': { input: noticeInput, output: creditDocumentSchema },
  'repair.noticeDocx': { input: noticeInput, output: downloadSchema },
  'repair.settings.get': { input: z.object({}).strict(), output: repairSettingsSchema },
  'repair.settings.set': { input: repairSettingsSchema, output: repairSettingsSchema },
} as const satisfies ContractTable;
