/**
 * How a result's breakdown is stored (grading_results.breakdown, current_grades.breakdown): the
 * engine's lines and fired overrides, without the evidence's position in the input file (meaningless
 * once stored) — the record id, date and Chinese summary stay, so an explanation needs no other table.
 */
import type { BreakdownLine, FiredOverride, GradeResult } from '../../../shared/grading/types.ts';

export interface StoredEvidence {
  id: number | string | null;
  date: string;
  summary: string;
}
export interface StoredLine {
  indicator: string;
  label: string;
  dimension?: string;
  points: number;
  /** How many records or derived facts the indicator counted (may exceed those that scored, under a cap). */
  count?: number;
  evidence: StoredEvidence[];
}
export interface StoredOverride {
  id: string;
  action: 'force' | 'cap';
  grade: string;
  reason: string;
  evidence: StoredEvidence[];
}
export interface StoredBreakdown {
  scoreOnly: boolean;
  lines: StoredLine[];
  overrides: StoredOverride[];
}

const evidence = (e: BreakdownLine['evidence']): StoredEvidence[] =>
  e.map((x) => ({ id: x.id ?? null, date: x.date, summary: x.summary }));

export function encodeBreakdown(r: GradeResult): string {
  const stored: StoredBreakdown = {
    scoreOnly: r.scoreOnly,
    lines: r.breakdown.map((l) => ({
      indicator: l.indicator,
      label: l.label,
      ...(l.dimension ? { dimension: l.dimension } : {}),
      points: l.points,
      ...(l.count !== undefined ? { count: l.count } : {}),
      evidence: evidence(l.evidence),
    })),
    overrides: r.overrides.map((o: FiredOverride) => ({
      id: o.id,
      action: o.action,
      grade: o.grade,
      reason: o.reason,
      evidence: evidence(o.evidence),
    })),
  };
  return JSON.stringify(stored);
}

export function decodeBreakdown(json: string): StoredBreakdown {
  const b = JSON.parse(json) as Partial<StoredBreakdown>;
  return { scoreOnly: b.scoreOnly ?? false, lines: b.lines ?? [], overrides: b.overrides ?? [] };
}
