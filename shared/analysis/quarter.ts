/** A calendar quarter as the report names it, and the quarter before it. */

export interface Quarter {
  year: number;
  quarter: number;
  from: string;
  /** 截止日: the quarter's last day. */
  to: string;
  /** 2026年第4季度（2026-10-01至2026-12-31） */
  label: string;
}

const pad = (n: number) => String(n).padStart(2, '0');
const LAST_DAY = [31, 30, 30, 31] as const;

export function quarterOf(year: number, quarter: number): Quarter {
  if (!Number.isInteger(quarter) || quarter < 1 || quarter > 4) throw new Error('季度应为 1 至 4');
  const firstMonth = (quarter - 1) * 3 + 1;
  const from = `${year}-${pad(firstMonth)}-01`;
  const to = `${year}-${pad(firstMonth + 2)}-${LAST_DAY[quarter - 1]}`;
  return { year, quarter, from, to, label: `${year}年第${quarter}季度（${from}至${to}）` };
}

export function previousQuarter(q: { year: number; quarter: number }): Quarter {
  return q.quarter === 1 ? quarterOf(q.year - 1, 4) : quarterOf(q.year, q.quarter - 1);
}
