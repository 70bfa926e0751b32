/**
 * Calendar arithmetic on day numbers (days since 1970-01-01, proleptic Gregorian), without `Date`,
 * so the generator depends on no clock and no time zone. Algorithms: Howard Hinnant, "chrono-compatible
 * low-level date algorithms".
 */

export function daysFromCivil(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const mp = m > 2 ? m - 3 : m + 9;
  const doy = Math.floor((153 * mp + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** [year, month 1–12, day 1–31] of a day number. */
export function civilFromDays(days: number): [number, number, number] {
  const z = days + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor(
    (doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365,
  );
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const d = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const m = mp < 10 ? mp + 3 : mp - 9;
  return [m <= 2 ? era * 400 + yoe + 1 : era * 400 + yoe, m, d];
}

export function yearOfDay(days: number): number {
  return civilFromDays(days)[0];
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

/** `YYYY-MM-DD` → day number; throws on anything that is not a real calendar date. */
export function parseIsoDay(iso: string): number {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  if (!m) throw new RangeError(`日期格式应为 YYYY-MM-DD：${iso}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new RangeError(`无效日期：${iso}`);
  return daysFromCivil(y, mo, d);
}

const CACHE_BASE = daysFromCivil(1980, 1, 1);
const CACHE_SIZE = 60 * 366;
const cache: (string | undefined)[] = new Array(CACHE_SIZE);

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

/** Day number → `YYYY-MM-DD` (memoised for 1980–2039, the range the generator uses). */
export function isoOfDay(days: number): string {
  const k = days - CACHE_BASE;
  if (k >= 0 && k < CACHE_SIZE) {
    const hit = cache[k];
    if (hit !== undefined) return hit;
  }
  const [y, m, d] = civilFromDays(days);
  const s = `${y}-${pad2(m)}-${pad2(d)}`;
  if (k >= 0 && k < CACHE_SIZE) cache[k] = s;
  return s;
}

/** Add calendar months; the day of month is clamped (Jan 31 + 1 month = Feb 28/29). */
export function addMonths(days: number, months: number): number {
  const [y, m, d] = civilFromDays(days);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = idx - ny * 12 + 1;
  return daysFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}
