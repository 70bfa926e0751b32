/**
 * The calendar day (YYYY-MM-DD) of an ISO timestamp on this machine's clock. Timestamps are stored in UTC,
 * but a county officer's "today" is local: slicing the UTC string is a day early before 08:00 in China.
 */
export function localIsoDate(iso: string): string {
  const d = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
