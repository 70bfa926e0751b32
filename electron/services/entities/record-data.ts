import { type CreditRecord, RECORD_TYPES, recordPayloadSchemas } from '../../../shared/domain/records.ts';

/** A canonical record without its common columns (type, date): the kind-specific part stored as JSON. */
export function recordData(r: CreditRecord): Record<string, unknown> {
  const { type: _type, date: _date, ...data } = r;
  return data;
}

/** Each kind's payload fields in the order its schema declares them (the order parsing gives). */
const PAYLOAD_KEYS = new Map<string, readonly string[]>(
  RECORD_TYPES.map((t) => [t, Object.keys(recordPayloadSchemas[t].shape)]),
);

/**
 * The stored JSON of a record that is valid by construction (the demo's generator): exactly
 * `JSON.stringify(recordData(creditRecordSchema.parse(r)))` — the schema's fields in its order, any
 * other key dropped — without validating it again, which costs more than writing the row. Input from
 * people or files goes through the schema instead (record-data.test.ts compares the two on a demo).
 */
export function trustedRecordJson(r: CreditRecord): string {
  const keys = PAYLOAD_KEYS.get(r.type);
  if (!keys) throw new Error(`unknown record type ${r.type}`);
  const src = r as unknown as Record<string, unknown>;
  const data: Record<string, unknown> = {};
  for (const k of keys) if (src[k] !== undefined) data[k] = src[k];
  return JSON.stringify(data);
}
