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

// Written straight into one string, in the stored key order: a run encodes one breakdown per entity,
// and building the objects of StoredBreakdown only to stringify them cost more than the text itself.
// The text is exactly JSON.stringify of the StoredBreakdown (result-codec.test.ts compares the two):
// strings and ids go through JSON.stringify, so escaping is JSON's own.
const str = JSON.stringify as (v: string | number | null) => string;

function evidenceJson(e: BreakdownLine['evidence']): string {
  let s = '[';
  for (let i = 0; i < e.length; i++) {
    const x = e[i] as BreakdownLine['evidence'][number];
    if (i > 0) s += ',';
    s += `{"id":${str(x.id ?? null)},"date":${str(x.date)},"summary":${str(x.summary)}}`;
  }
  return `${s}]`;
}

export function encodeBreakdown(r: GradeResult): string {
  let s = `{"scoreOnly":${r.scoreOnly ? 'true' : 'false'},"lines":[`;
  for (let i = 0; i < r.breakdown.length; i++) {
    const l = r.breakdown[i] as BreakdownLine;
    if (i > 0) s += ',';
    s += `{"indicator":${str(l.indicator)},"label":${str(l.label)}`;
    if (l.dimension) s += `,"dimension":${str(l.dimension)}`;
    s += `,"points":${str(l.points)}`;
    if (l.count !== undefined) s += `,"count":${str(l.count)}`;
    s += `,"evidence":${evidenceJson(l.evidence)}}`;
  }
  s += '],"overrides":[';
  for (let i = 0; i < r.overrides.length; i++) {
    const o = r.overrides[i] as FiredOverride;
    if (i > 0) s += ',';
    s +=
      `{"id":${str(o.id)},"action":${str(o.action)},"grade":${str(o.grade)},"reason":${str(o.reason)},` +
      `"evidence":${evidenceJson(o.evidence)}}`;
  }
  return `${s}]}`;
}

export function decodeBreakdown(json: string): StoredBreakdown {
  const b = JSON.parse(json) as Partial<StoredBreakdown>;
  return { scoreOnly: b.scoreOnly ?? false, lines: b.lines ?? [], overrides: b.overrides ?? [] };
}
