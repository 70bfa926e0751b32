/**
 * A date an officer typed into a date field, read the Chinese way whatever the machine's locale:
 * 2026-03-05, 2026-3-5, 2026/3/5, 2026.3.5, 2026年3月5日 or 20260305 → '2026-03-05'. Never month-first,
 * never a rolled-over day (2026-02-30 is not 2026-03-02).
 */
import { isoDate } from '../exchange/normalize/dates.ts';

/** Years outside this range are typing errors in this domain (the same bounds as the importer's). */
const MIN_YEAR = 1900;
const MAX_YEAR = 2100;

const YMD = /^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$/;
const COMPACT = /^(\d{4})(\d{2})(\d{2})$/;

/** What the date fields tell an officer whose text is not a date. */
export const TYPED_DATE_HINT = '请按“年-月-日”填写，例如 2026-03-05';

/** 'YYYY-MM-DD' for a real calendar date written year-first, else null. */
export function parseTypedDate(text: string): string | null {
  const t = text.trim();
  const m = YMD.exec(t) ?? COMPACT.exec(t);
  if (!m) return null;
  const y = Number(m[1]);
  if (y < MIN_YEAR || y > MAX_YEAR) return null;
  return isoDate(y, Number(m[2]), Number(m[3]));
}

/** 'YYYY-MM-DD' → 2026年3月5日, the form documents use; anything else is returned as given. */
export function formatDateChinese(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) return iso;
  return `${Number(m[1])}年${Number(m[2])}月${Number(m[3])}日`;
}
