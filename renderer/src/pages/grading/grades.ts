import { localDateTime } from '../../../../shared/dates/iso-date.ts';

/** Colours of grades by their rank in the model (best first): green for the best, red for the worst. */
const PALETTE = ['teal', 'green', 'lime', 'yellow', 'orange', 'red'] as const;

export function gradeColor(grade: string, grades: readonly { grade: string }[]): string {
  const i = grades.findIndex((g) => g.grade === grade);
  if (i < 0 || grades.length === 0) return 'gray';
  if (grades.length === 1) return PALETTE[0];
  const pos = Math.round((i / (grades.length - 1)) * (PALETTE.length - 1));
  return PALETTE[pos] ?? 'gray';
}

export function formatPercent(p: number): string {
  return `${p.toFixed(p >= 10 ? 1 : 2)}%`;
}

export function formatScore(s: number | null): string {
  return s === null ? '—' : String(Math.round(s * 100) / 100);
}

/** 2026-11-21T06:35:50.123Z → 2026-11-21 14:35 (local time of the PC). */
export function formatTime(iso: string): string {
  return localDateTime(iso);
}
