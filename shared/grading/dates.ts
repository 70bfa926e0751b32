/**
 * Calendar arithmetic on `YYYY-MM-DD` strings. ISO dates compare correctly as strings, so the engine
 * turns every window into one cut-off string per `asOf` and then compares record dates with `<` and
 * `>` — no `Date`, no time zone, no per-record parsing.
 */

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}

function pad(n: number, width: number): string {
  return String(n).padStart(width, '0');
}

/** True for a real calendar date in `YYYY-MM-DD` form. */
export function isIsoDate(s: string): boolean {
  const m = ISO.exec(s);
  if (!m) return false;
  const mo = Number(m[2]);
  const d = Number(m[3]);
  return mo >= 1 && mo <= 12 && d >= 1 && d <= daysInMonth(Number(m[1]), mo);
}

/**
 * `iso` moved by `months` (negative: back), the day clamped to the month's end
 * (2024-02-29 − 12 months = 2023-02-28; 2026-08-31 − 6 months = 2026-02-28).
 */
export function addMonths(iso: string, months: number): string {
  const y = Number(iso.slice(0, 4));
  const m = Number(iso.slice(5, 7));
  const d = Number(iso.slice(8, 10));
  const total = y * 12 + (m - 1) + months;
  const ny = Math.floor(total / 12);
  const nm = total - ny * 12 + 1;
  const nd = Math.min(d, daysInMonth(ny, nm));
  return `${pad(ny, 4)}-${pad(nm, 2)}-${pad(nd, 2)}`;
}

/** Whole years from `from` to `to` (birthday rule: 2020-03-02 → 2026-03-01 is 5 years). */
export function wholeYears(from: string, to: string): number {
  const years = Number(to.slice(0, 4)) - Number(from.slice(0, 4));
  return to.slice(4) >= from.slice(4) ? years : years - 1;
}
