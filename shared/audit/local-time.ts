import { localDateTime } from '../dates/iso-date.ts';

/** An ISO time as this PC's local date and time, e.g. 2026-05-01 17:03:09 (the log, its export). */
export function formatLocalTime(iso: string): string {
  return localDateTime(iso, { seconds: true });
}

/** The UTC instant (ISO) at which local calendar day `date` (YYYY-MM-DD) begins, plus `days`. */
export function localDayStartIso(date: string, days = 0): string {
  const [y, m, d] = date.split('-').map(Number) as [number, number, number];
  return new Date(y, m - 1, d + days).toISOString();
}
