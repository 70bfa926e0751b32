/**
 * Calendar arithmetic on `YYYY-MM-DD` strings and on day numbers (days since 1970-01-01, proleptic
 * Gregorian), the one copy every layer uses. Pure: no clock and no time zone, except in the functions
 * named local…, which read a given instant on this machine's clock. ISO dates compare correctly as
 * strings, so comparing needs no function here. Day-number algorithms: Howard Hinnant,
 * "chrono-compatible low-level date algorithms".
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

export function isLeapYear(y: number): boolean {
  return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
}

export function daysInMonth(y: number, m: number): number {
  if (m === 2) return isLeapYear(y) ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : String(n);
}

function isoOf(y: number, m: number, d: number): string {
  return `${String(y).padStart(4, '0')}-${pad2(m)}-${pad2(d)}`;
}

/** True for a real calendar date in `YYYY-MM-DD` form. */
export function isIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(Number(m[1]), mo);
}

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

/** `YYYY-MM-DD` → day number; throws a RangeError on anything that is not a real calendar date. */
export function parseIsoDay(iso: string): number {
  const m = ISO.exec(iso);
  if (!m) throw new RangeError(`日期格式应为 YYYY-MM-DD：${iso}`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  if (mo < 1 || mo > 12 || d < 1 || d > daysInMonth(y, mo)) throw new RangeError(`无效日期：${iso}`);
  return daysFromCivil(y, mo, d);
}

// The demo generator turns millions of day numbers into text: 1980–2039 is memoised.
const CACHE_BASE = daysFromCivil(1980, 1, 1);
const CACHE_SIZE = 60 * 366;
const cache: (string | undefined)[] = new Array(CACHE_SIZE);

/** Day number → `YYYY-MM-DD`. */
export function isoOfDay(days: number): string {
  const k = days - CACHE_BASE;
  if (k >= 0 && k < CACHE_SIZE) {
    const hit = cache[k];
    if (hit !== undefined) return hit;
  }
  const [y, m, d] = civilFromDays(days);
  const s = isoOf(y, m, d);
  if (k >= 0 && k < CACHE_SIZE) cache[k] = s;
  return s;
}

/** `iso` moved by `n` days (negative: back). */
export function addDays(iso: string, n: number): string {
  return isoOfDay(parseIsoDay(iso) + n);
}

/** Day number moved by calendar months, the day clamped to the month's end (Jan 31 + 1 = Feb 28/29). */
export function addMonthsToDay(days: number, months: number): number {
  const [y, m, d] = civilFromDays(days);
  const idx = y * 12 + (m - 1) + months;
  const ny = Math.floor(idx / 12);
  const nm = idx - ny * 12 + 1;
  return daysFromCivil(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/**
 * `iso` moved by `months` (negative: back), the day clamped to the month's end
 * (2024-02-29 − 12 months = 2023-02-28; 2025-08-31 + 6 months = 2026-02-28). Works on the text
 * directly: grading turns every look-back window into one cut-off this way.
 */
export function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  return isoOf(ny, nm, Math.min(d, daysInMonth(ny, nm)));
}

/** Days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return parseIsoDay(to) - parseIsoDay(from);
}

/** Whole years from `from` to `to` (birthday rule: 2020-03-02 → 2026-03-01 is 5 years). */
export function wholeYears(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(4) >= from.slice(4) ? years : years - 1;
}

function asDate(at: Date | string): Date {
  return typeof at === 'string' ? new Date(at) : at;
}

/**
 * The calendar day (YYYY-MM-DD) of an instant on this machine's clock. Timestamps are stored in UTC,
 * but a county officer's "today" is local: slicing the UTC string is a day early before 08:00 in China.
 */
export function localIsoDate(at: Date | string): string {
  const d = asDate(at);
  return isoOf(d.getFullYear(), d.getMonth() + 1, d.getDate());
}

/**
 * An instant as this machine's local date and time, e.g. 2026-11-21 14:56 (with `seconds`,
 * 2026-11-21 14:56:09); a text that is not a time is returned as given.
 */
export function localDateTime(at: Date | string, opts: { seconds?: boolean } = {}): string {
  const d = asDate(at);
  if (Number.isNaN(d.getTime())) return typeof at === 'string' ? at : '';
  const time = `${pad2(d.getHours())}:${pad2(d.getMinutes())}`;
  return `${localIsoDate(d)} ${opts.seconds ? `${time}:${pad2(d.getSeconds())}` : time}`;
}
