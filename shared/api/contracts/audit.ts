/**
 * The audit area (issue 6): the hash-chained log — reading, exporting and verifying it, and its head
 * as an anchor to keep outside the database.
 */
import { z } from 'zod';
import { downloadSchema } from './exchange.ts';
import type { ContractTable } from './table.ts';

const empty = z.object({}).strict();

export const auditEntrySchema = z.object({
  id: z.number().int(),
  at: z.string(),
  actor: z.string(),
  action: z.string(),
  target: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()),
  /** The actor's name shown (the username when the user no longer exists). */
  actorName: z.string(),
  /** The action, the object acted on and what happened, in plain Chinese (shared/audit/describe.ts). */
  actionLabel: z.string(),
  object: z.string(),
  summary: z.string(),
  /** Failures and signs of tampering, highlighted in the list. */
  warning: z.boolean(),
});
export type AuditEntryRow = z.infer<typeof auditEntrySchema>;

export const auditVerifySchema = z.object({
  intact: z.boolean(),
  entries: z.number().int(),
  firstBroken: z
    .object({
      id: z.number().int(),
      reason: z.enum([
        'hash_mismatch',
        'chain_broken',
        'id_gap',
        'truncated',
        'head_missing',
        'anchor_shorter',
        'anchor_different',
      ]),
      message: z.string(),
    })
    .nullable(),
  /** Hash of the last entry; written down outside the database, it anchors the log. */
  headHash: z.string(),
  /** The log checked against the anchors kept outside the database (docs/security.md). */
  anchors: z
    .object({
      checked: z.number().int(),
      file: z.enum(['ok', 'missing', 'damaged', 'recreated']),
      problems: z.array(
        z.object({
          id: z.number().int(),
          hash: z.string(),
          source: z.string(),
          kind: z.enum(['shorter', 'different']),
          message: z.string(),
        }),
      ),
      superseded: z.number().int(),
      notes: z.array(z.string()),
    })
    .optional(),
});
export type AuditVerifyOutput = z.infer<typeof auditVerifySchema>;

const localDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 年-月-日')
  .or(z.literal(''));

/** Which entries: by user, action-code prefix and a range of local calendar days (inclusive); '' = any. */
export const auditFilterSchema = z
  .object({
    actor: z.string().trim().max(64).default(''),
    action: z.string().trim().max(64).default(''),
    from: localDate.default(''),
    to: localDate.default(''),
  })
  .strict();
export type AuditFilter = z.output<typeof auditFilterSchema>;

export const auditContract = {
  /** A page of the audit log, newest first, optionally filtered. 科室负责人 and 管理员. */
  'audit.list': {
    input: auditFilterSchema
      .extend({
        offset: z.number().int().min(0).max(100_000_000).default(0),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    output: z.object({
      total: z.number().int(),
      entries: z.array(auditEntrySchema),
      /** Everyone who has an entry in the log, for the user filter. */
      actors: z.array(z.object({ username: z.string(), displayName: z.string() })),
    }),
  },
  /**
   * The entries matching a filter as an .xlsx (内部资料), fetched with exchange.download; the export is
   * itself audited. 科室负责人 and 管理员.
   */
  'audit.export': { input: auditFilterSchema, output: downloadSchema },
  /** Checks the whole hash chain (a long job: progress in app.progress). 科室负责人 and 管理员. */
  'audit.verify': { input: empty, output: auditVerifySchema },
  /** The log's current last entry (id, hash), to be written down or printed as an anchor. 科室负责人 and 管理员. */
  'audit.head': {
    input: empty,
    output: z.object({
      id: z.number().int(),
      hash: z.string(),
      entries: z.number().int(),
      at: z.string().nullable(),
    }),
  },
} as const satisfies ContractTable;
