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

// Built with plain loops and properties assigned in the stored key order (no spreads, no map
// closures): a run encodes one breakdown per entity, and this is measurably cheaper than the
// equivalent object spreads while JSON.stringify yields exactly the same text.
function evidence(e: BreakdownLine['evidence']): StoredEvidence[] {
  const out = new Array<StoredEvidence>(e.length);
  for (let i = 0; i < e.length; i++) {
    const x = e[i] as BreakdownLine['evidence'][number];
    out[i] = { id: x.id ?? null, date: x.date, summary: x.summary };
  }
  return out;
}

function storedLine(l: BreakdownLine): StoredLine {
  const line = { indicator: l.indicator, label: l.label } as StoredLine;
  if (l.dimension) line.dimension = l.dimension;
  line.points = l.points;
  if (l.count !== undefined) line.count = l.count;
  line.evidence = evidence(l.evidence);
  return line;
}

export function encodeBreakdown(r: GradeResult): string {
  const lines = new Array<StoredLine>(r.breakdown.length);
  for (let i = 0; i < lines.length; i++) lines[i] = storedLine(r.breakdown[i] as BreakdownLine);
  const overrides = new Array<StoredOverride>(r.overrides.length);
  for (let i = 0; i < overrides.length; i++) {
    const o = r.overrides[i] as FiredOverride;
    overrides[i] = {
      id: o.id,
      action: o.action,
      grade: o.grade,
      reason: o.reason,
      evidence: evidence(o.evidence),
    };
  }
  const stored: StoredBreakdown = { scoreOnly: r.scoreOnly, lines, overrides };
  return JSON.stringify(stored);
}

export function decodeBreakdown(json: string): StoredBreakdown {
  const b = JSON.parse(json) as Partial<StoredBreakdown>;
  return { scoreOnly: b.scoreOnly ?? false, lines: b.lines ?? [], overrides: b.overrides ?? [] };
}
