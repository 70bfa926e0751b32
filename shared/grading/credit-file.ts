/**
 * The input of pure grading (`creditdesk grade --input CREDITFILES.json`): an array of credit files
 * `{id, entity: {kind, status?, establishedOn?, …}, records: [...]}` with records in the canonical
 * exchange form (SPEC §4). The canonical exchange document `{asOf, entities: [{id, kind, …, records}]}`
 * is accepted too. Records may carry an `id` (kept as evidence); other unknown fields are ignored.
 *
 * Penalty kinds are normalised first (synonyms → their kind; a kind nobody knows → 其他, with a warning
 * on that record), so one odd word never fails the whole call. Which data was loaded comes from
 * `coverage`: the exchange document's top-level `{"coverage": {"annualReports": [2024, 2025]}}` applies to
 * every entity, a credit file's own `coverage` to that file; absent means nothing was loaded.
 */
import { z } from 'zod';
import { entityKindSchema, entityStatusSchema, isoDateSchema } from '../domain/entity.ts';
import { normalizePenaltyKinds, unknownPenaltyKindsWarning } from '../domain/penalty-kinds.ts';
import { creditRecordSchema } from '../domain/records.ts';
import type { CreditFile, GradingCoverage } from './types.ts';

const recordIdSchema = z.object({ id: z.union([z.string(), z.number()]).nullable().optional() });
const gradingRecordSchema = z.intersection(creditRecordSchema, recordIdSchema);

const entityFields = {
  kind: entityKindSchema,
  status: entityStatusSchema.nullable().optional(),
  establishedOn: isoDateSchema.nullable().optional(),
  name: z.string().nullable().optional(),
};

const coverageSchema = z.object({
  annualReports: z.array(z.number().int().min(1900).max(2999)).optional(),
});

export const creditFileSchema = z.object({
  id: z.string().min(1),
  entity: z.looseObject(entityFields),
  records: z.array(gradingRecordSchema),
  coverage: coverageSchema.nullable().optional(),
});
export const creditFilesSchema = z.array(creditFileSchema);

/** The canonical exchange document: entities with their records inline. */
const exchangeSchema = z.object({
  asOf: isoDateSchema.optional(),
  coverage: coverageSchema.optional(),
  entities: z.array(
    z.looseObject({ id: z.string().min(1), ...entityFields, records: z.array(gradingRecordSchema) }),
  ),
});

/** Something in the input that was graded anyway, e.g. a penalty kind nobody knows (kept as 其他). */
export interface CreditFileWarning {
  /** The credit file's id, when the file states one. */
  id: string | null;
  /** JSON path of the value, e.g. `[0].records[2].penaltyKinds`. */
  path: string;
  message: string;
}

export interface ParsedCreditFiles {
  files: CreditFile[];
  /** The document's own `asOf`, when it is an exchange document that states one. */
  asOf: string | null;
  warnings: CreditFileWarning[];
}

export type ParseCreditFilesResult = ({ ok: true } & ParsedCreditFiles) | { ok: false; errors: string[] };

const zhCN = z.locales.zhCN();

function pathOf(segments: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${String(s)}` : String(s);
  return out || '（根）';
}

const isObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Copies of the files whose penalty records name kinds by synonym or unknown words, with the canonical
 * kinds; the input itself is not changed. Anything else malformed is left to the schema to report.
 */
function normalizeKinds(files: unknown[], at: string, warnings: CreditFileWarning[]): unknown[] {
  return files.map((file, i) => {
    if (!isObject(file) || !Array.isArray(file.records)) return file;
    let records: unknown[] | null = null;
    file.records.forEach((r, j) => {
      if (!isObject(r) || r.type !== 'penalty' || !Array.isArray(r.penaltyKinds)) return;
      const written = r.penaltyKinds;
      if (!written.every((k): k is string => typeof k === 'string')) return;
      const { kinds, unknown } = normalizePenaltyKinds(written);
      if (unknown.length > 0) {
        warnings.push({
          id: typeof file.id === 'string' ? file.id : null,
          path: `${at}[${i}].records[${j}].penaltyKinds`,
          message: unknownPenaltyKindsWarning(unknown),
        });
      }
      if (kinds.length === written.length && kinds.every((k, n) => k === written[n])) return;
      records ??= [...(file.records as unknown[])];
      records[j] = { ...r, penaltyKinds: kinds };
    });
    return records === null ? file : { ...file, records };
  });
}

/** Validate credit files (either form). Errors are Chinese, each with its JSON path. */
export function parseCreditFiles(json: unknown): ParseCreditFilesResult {
  const warnings: CreditFileWarning[] = [];
  if (Array.isArray(json)) {
    const r = creditFilesSchema.safeParse(normalizeKinds(json, '', warnings), { error: zhCN.localeError });
    if (!r.success)
      return { ok: false, errors: r.error.issues.map((i) => `${pathOf(i.path)}：${i.message}`) };
    return { ok: true, files: r.data as CreditFile[], asOf: null, warnings };
  }
  const doc =
    isObject(json) && Array.isArray(json.entities)
      ? { ...json, entities: normalizeKinds(json.entities, 'entities', warnings) }
      : json;
  const r = exchangeSchema.safeParse(doc, { error: zhCN.localeError });
  if (!r.success) {
    return {
      ok: false,
      errors: [
        '应为信用档案数组 [{id, entity, records}] 或交换格式 {asOf, entities}',
        ...r.error.issues.slice(0, 20).map((i) => `${pathOf(i.path)}：${i.message}`),
      ],
    };
  }
  // One coverage object for every file: the engine recognises it by identity and works out its years once.
  const coverage: GradingCoverage | null = r.data.coverage ?? null;
  const files = r.data.entities.map(
    ({ id, records, ...entity }) => ({ id, entity, records, coverage }) as CreditFile,
  );
  return { ok: true, files, asOf: r.data.asOf ?? null, warnings };
}
