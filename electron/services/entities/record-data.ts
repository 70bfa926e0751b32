import type { CreditRecord } from '../../../shared/domain/records.ts';

/** A canonical record without its common columns (type, date): the kind-specific part stored as JSON. */
export function recordData(r: CreditRecord): Record<string, unknown> {
  const { type: _type, date: _date, ...data } = r;
  return data;
}
