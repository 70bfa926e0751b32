/**
 * The input of pure grading (`creditdesk grade --input CREDITFILES.json`): an array of credit files
 * `{id, entity: {kind, status?, establishedOn?, …}, records: [...]}` with records in the canonical
 * exchange form (SPEC §4). The canonical exchange document `{asOf, entities: [{id, kind, …, records}]}`
 * is accepted too. Records may carry an `id` (kept as evidence); other unknown fields are ignored.
 */
import { z } from 'zod';
import { entityKindSchema, entityStatusSchema, isoDateSchema } from '../domain/entity.ts';
import { creditRecordSchema } from '../domain/records.ts';
import type { CreditFile } from './types.ts';

const recordIdSchema = z.object({ id: z.union([z.string(), z.number()]).nullable().optional() });
const gradingRecordSchema = z.intersection(creditRecordSchema, recordIdSchema);

const entityFields = {
  kind: entityKindSchema,
  status: entityStatusSchema.nullable().optional(),
  establishedOn: isoDateSchema.nullable().optional(),
  name: z.string().nullable().optional(),
};

export const creditFileSchema = z.object({
  id: z.string().min(1),
  entity: z.looseObject(entityFields),
  records: z.array(gradingRecordSchema),
});
export const creditFilesSchema = z.array(creditFileSchema);

/** The canonical exchange document: entities with their records inline. */
const exchangeSchema = z.object({
  asOf: isoDateSchema.optional(),
  entities: z.array(
    z.looseObject({ id: z.string().min(1), ...entityFields, records: z.array(gradingRecordSchema) }),
  ),
});

export interface ParsedCreditFiles {
  files: CreditFile[];
  /** The document's own `asOf`, when it is an exchange document that states one. */
  asOf: string | null;
}

export type ParseCreditFilesResult = ({ ok: true } & ParsedCreditFiles) | { ok: false; errors: string[] };

const zhCN = z.locales.zhCN();

function pathOf(segments: ReadonlyArray<PropertyKey>): string {
  let out = '';
  for (const s of segments) out += typeof s === 'number' ? `[${s}]` : out ? `.${String(s)}` : String(s);
  return out || '（根）';
}

/** Validate credit files (either form). Errors are Chinese, each with its JSON path. */
export function parseCreditFiles(json: unknown): ParseCreditFilesResult {
  if (Array.isArray(json)) {
    const r = creditFilesSchema.safeParse(json, { error: zhCN.localeError });
    if (!r.success)
      return { ok: false, errors: r.error.issues.map((i) => `${pathOf(i.path)}：${i.message}`) };
    return { ok: true, files: r.data as CreditFile[], asOf: null };
  }
  const r = exchangeSchema.safeParse(json, { error: zhCN.localeError });
  if (!r.success) {
    return {
      ok: false,
      errors: [
        '应为信用档案数组 [{id, entity, records}] 或交换格式 {asOf, entities}',
        ...r.error.issues.slice(0, 20).map((i) => `${pathOf(i.path)}：${i.message}`),
      ],
    };
  }
  const files = r.data.entities.map(({ id, records, ...entity }) => ({ id, entity, records }) as CreditFile);
  return { ok: true, files, asOf: r.data.asOf ?? null };
}
