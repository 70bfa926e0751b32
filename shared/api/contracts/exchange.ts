/**
 * Excel exchange (issue 4): import wizard, batches and undo, exports.
 *
 * Files cross the transport in chunks, because the browser-mode HTTP binding takes at most 1 MiB of JSON
 * per call and IPC carries the same JSON: the renderer uploads with uploadBegin + uploadChunk (base64,
 * ≤ 512 KiB of data each), then previews/commits by uploadId; an export or error report answers with a
 * fileId that the renderer reads back with download (chunks it assembles into a Blob). Staged files live
 * in a temporary folder beside the database and are removed after use.
 */
import { z } from 'zod';
import { IMPORT_KINDS } from '../../exchange/types.ts';
import type { ContractTable } from './table.ts';

export const importKindSchema = z.enum(IMPORT_KINDS);

export const EXPORT_KINDS = [
  'target_pool',
  'grading_results',
  'credit_file',
  'publication',
  'repair_results',
  'template',
] as const;
export type ExportKind = (typeof EXPORT_KINDS)[number];
export const exportKindSchema = z.enum(EXPORT_KINDS);
export const EXPORT_KIND_LABELS: Record<ExportKind, string> = {
  target_pool: '检查对象名录库（市场主体）',
  grading_results: '信用分级分类结果（内部资料）',
  credit_file: '企业信用档案',
  publication: '抽查结果公示表',
  repair_results: '信用修复结果（报送省级平台）',
  template: '空白导入模板',
};

/** Raw bytes per chunk; base64 of 512 KiB is 699,052 characters, well under the 1 MiB body limit. */
export const CHUNK_BYTES = 512 * 1024;
const MAX_FILE_BYTES = 200 * 1024 * 1024;

const uploadId = z.string().regex(/^[0-9a-f]{32}$/);
const fileId = z.string().regex(/^[0-9a-f]{32}$/);

/** Column index (0-based) → field name, or null to ignore the column. Absent = use the detected mapping. */
export const mappingSchema = z.array(
  z.object({ index: z.number().int().min(0).max(16383), field: z.string().max(60).nullable() }),
);
export type MappingInput = z.infer<typeof mappingSchema>;

const importInput = z
  .object({
    uploadId,
    kind: importKindSchema,
    sheet: z.string().max(200).optional(),
    /** Excel row number of the header, when the user names it (e.g. no known column label was found). */
    headerRow: z.number().int().min(1).max(1000).optional(),
    mapping: mappingSchema.optional(),
  })
  .strict();

export const importCountsSchema = z.object({
  /** Data rows read (title, instruction, hint and blank rows are not counted). */
  rows: z.number().int(),
  inserted: z.number().int(),
  updated: z.number().int(),
  unchanged: z.number().int(),
  /** Rows with warnings and no error. */
  warnings: z.number().int(),
  /** Rows with at least one error (not written). */
  errors: z.number().int(),
});
export type ImportCounts = z.infer<typeof importCountsSchema>;

export const rowIssueSchema = z.object({
  row: z.number().int(),
  column: z.string().nullable(),
  field: z.string().nullable(),
  severity: z.enum(['error', 'warning']),
  message: z.string(),
});

export const previewRowSchema = z.object({
  /** Excel row number as the user sees it. */
  row: z.number().int(),
  status: z.enum(['error', 'warning', 'ok']),
  outcome: z.enum(['inserted', 'updated', 'unchanged', 'skipped']),
  cells: z.array(z.string()),
});

export const fieldInfoSchema = z.object({
  field: z.string(),
  label: z.string(),
  required: z.boolean(),
  hint: z.string().nullable(),
});

export const previewSchema = z.object({
  fileName: z.string(),
  sheets: z.array(z.string()),
  sheet: z.string(),
  headerFound: z.boolean(),
  /** Excel row number of the header (0 when not found). */
  headerRow: z.number().int(),
  headerMessage: z.string().nullable(),
  skipped: z.array(z.object({ row: z.number().int(), message: z.string() })),
  columns: z.array(
    z.object({
      index: z.number().int(),
      letter: z.string(),
      header: z.string(),
      field: z.string().nullable(),
    }),
  ),
  fields: z.array(fieldInfoSchema),
  missingRequired: z.array(z.string()),
  counts: importCountsSchema,
  issues: z.array(rowIssueSchema),
  /** Rows with problems first (all of them up to a cap), then the first rows without. */
  rows: z.array(previewRowSchema),
  truncated: z.boolean(),
});
export type ImportPreview = z.infer<typeof previewSchema>;

export const batchInfoSchema = z.object({
  id: z.number().int(),
  kind: z.string(),
  fileName: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string(),
  counts: z.record(z.string(), z.number()),
  undoneAt: z.string().nullable(),
  undoneBy: z.string().nullable(),
  undoable: z.boolean(),
});
export type BatchInfo = z.infer<typeof batchInfoSchema>;

export const downloadSchema = z.object({
  fileId,
  fileName: z.string(),
  size: z.number().int(),
  rows: z.number().int(),
});
export type DownloadInfo = z.infer<typeof downloadSchema>;

export const exportInputSchema = z
  .object({
    kind: exportKindSchema,
    /** credit_file: the entity. */
    entityId: z.number().int().positive().optional(),
    /** grading_results: the run (default: the latest complete run). */
    runId: z.number().int().positive().optional(),
    /** publication: inspections with this plan reference, or in this date range; repair_results: decided in it. */
    plan: z.string().max(100).optional(),
    from: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    to: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}$/)
      .optional(),
    /** template: which import kind. */
    importKind: importKindSchema.optional(),
  })
  .strict();
export type ExportInput = z.infer<typeof exportInputSchema>;

export const exchangeContract = {
  'exchange.uploadBegin': {
    input: z
      .object({
        fileName: z.string().trim().min(1).max(255),
        size: z.number().int().min(1).max(MAX_FILE_BYTES),
      })
      .strict(),
    output: z.object({ uploadId, chunkBytes: z.number().int() }),
  },
  /** Chunks in order, index 0, 1, …; base64 of at most CHUNK_BYTES bytes. */
  'exchange.uploadChunk': {
    input: z.object({ uploadId, index: z.number().int().min(0), base64: z.string().max(699_052) }).strict(),
    output: z.object({ received: z.number().int() }),
  },
  /** Removes a staged upload (the wizard was closed). */
  'exchange.discard': { input: z.object({ uploadId }).strict(), output: z.object({}) },
  /** Reads, maps and validates every row, and computes what a commit would do; writes nothing. */
  'exchange.preview': { input: importInput, output: previewSchema },
  /** Validates again and writes the valid rows in one transaction as one batch; rows with errors are skipped. */
  'exchange.commit': {
    input: importInput,
    output: z.object({ batchId: z.number().int().nullable(), counts: importCountsSchema }),
  },
  /** The original rows with errors plus a 错误说明 column, to fix and import again. */
  'exchange.errorReport': { input: importInput, output: downloadSchema },
  'exchange.download': {
    input: z.object({ fileId, offset: z.number().int().min(0) }).strict(),
    output: z.object({
      base64: z.string(),
      nextOffset: z.number().int(),
      size: z.number().int(),
      done: z.boolean(),
    }),
  },
  'exchange.batches': {
    input: z
      .object({
        offset: z.number().int().min(0).default(0),
        limit: z.number().int().min(1).max(200).default(50),
      })
      .strict(),
    output: z.object({ total: z.number().int(), batches: z.array(batchInfoSchema) }),
  },
  'exchange.undo': {
    input: z.object({ batchId: z.number().int().positive() }).strict(),
    output: z.object({ batchId: z.number().int(), deleted: z.number().int(), restored: z.number().int() }),
  },
  'exchange.export': { input: exportInputSchema, output: downloadSchema },
} as const satisfies ContractTable;
