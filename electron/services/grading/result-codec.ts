/**
 * How a result's breakdown is stored (grading_results.breakdown, current_grades.breakdown): the
 * engine's lines and fired overrides, without the evidence's position in the input file (meaningless
 * once stored) — the record id, date and Chinese summary stay, so an explanation needs no other table.
 * Readers only ever see StoredBreakdown (decodeBreakdown), whatever version the text was written in.
 *
 * Version 2 (encodeBreakdown) is self-contained and is what a re-grade stores in current_grades; a run's
 * results are version 3 since migration 014 (breakdown-texts.ts), which name the run's stored texts.
 */
import type { BreakdownLine, FiredOverride, GradeResult } from '../../../shared/grading/types.ts';
import { type BreakdownTexts, type PackedV3, unpackV3 } from './breakdown-texts.ts';

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

/**
 * Version 2, written since issue 18: the same content as positional arrays,
 *   [2, scoreOnly 0|1, [[indicator, label, points, count|null, evidence, dimension?]…],
 *      [[id, action, grade, reason, evidence]…]]   with evidence [[id, date, summary]…].
 * Key names were a third of the bytes a run writes (≈ 300 bytes an entity, a million entities a run),
 * and every stored byte is encrypted and written once more at commit. Version 1 (objects with named
 * keys, {"scoreOnly":…}) is what runs stored before; decodeBreakdown reads both, told apart by the
 * leading '[' of version 2.
 */
const VERSION = 2;

export type PackedEvidence = [id: number | string | null, date: string, summary: string];
type PackedLine =
  | [indicator: string, label: string, points: number, count: number | null, evidence: PackedEvidence[]]
  | [
      indicator: string,
      label: string,
      points: number,
      count: number | null,
      evidence: PackedEvidence[],
      dimension: string,
    ];
type PackedOverride = [
  id: string,
  action: 'force' | 'cap',
  grade: string,
  reason: string,
  evidence: PackedEvidence[],
];
type Packed = [version: typeof VERSION, scoreOnly: 0 | 1, lines: PackedLine[], overrides: PackedOverride[]];

// Plain loops, no spreads or map closures: a run encodes one breakdown per entity.
function packEvidence(e: BreakdownLine['evidence']): PackedEvidence[] {
  const out = new Array<PackedEvidence>(e.length);
  for (let i = 0; i < e.length; i++) {
    const x = e[i] as BreakdownLine['evidence'][number];
    out[i] = [x.id ?? null, x.date, x.summary];
  }
  return out;
}

function packLine(l: BreakdownLine): PackedLine {
  const count = l.count === undefined ? null : l.count;
  // An empty dimension is stored as none, as version 1 did.
  return l.dimension
    ? [l.indicator, l.label, l.points, count, packEvidence(l.evidence), l.dimension]
    : [l.indicator, l.label, l.points, count, packEvidence(l.evidence)];
}

export function encodeBreakdown(r: GradeResult): string {
  const lines = new Array<PackedLine>(r.breakdown.length);
  for (let i = 0; i < lines.length; i++) lines[i] = packLine(r.breakdown[i] as BreakdownLine);
  const overrides = new Array<PackedOverride>(r.overrides.length);
  for (let i = 0; i < overrides.length; i++) {
    const o = r.overrides[i] as FiredOverride;
    overrides[i] = [o.id, o.action, o.grade, o.reason, packEvidence(o.evidence)];
  }
  const packed: Packed = [VERSION, r.scoreOnly ? 1 : 0, lines, overrides];
  return JSON.stringify(packed);
}

export function unpackEvidence(e: PackedEvidence[]): StoredEvidence[] {
  return e.map(([id, date, summary]) => ({ id, date, summary }));
}

/** The same object, key for key, as version 1 decoded: absent dimension and count stay absent. */
export function storedLine(
  indicator: string,
  label: string,
  dimension: string | undefined,
  points: number,
  count: number | null,
  evidence: StoredEvidence[],
): StoredLine {
  const line = { indicator, label } as StoredLine;
  if (dimension) line.dimension = dimension;
  line.points = points;
  if (count !== null) line.count = count;
  line.evidence = evidence;
  return line;
}

function unpack(p: Packed): StoredBreakdown {
  return {
    scoreOnly: p[1] === 1,
    lines: p[2].map((l) => storedLine(l[0], l[1], l[5], l[2], l[3], unpackEvidence(l[4]))),
    overrides: p[3].map(([id, action, grade, reason, evidence]) => ({
      id,
      action,
      grade,
      reason,
      evidence: unpackEvidence(evidence),
    })),
  };
}

/**
 * Any stored breakdown, whatever version it was written in. Version 3 (a run's results since migration
 * 014, breakdown-texts.ts) names its lines and overrides by their place in the run's texts, so it needs
 * them: `texts` is the run's (runBreakdownTexts); versions 1 and 2 are self-contained.
 */
/** A version-3 breakdown read without its run's texts. */
const NO_RUN_TEXTS = '评价结果明细缺少本次评价的指标文字，无法读取';

export function decodeBreakdown(json: string, texts: BreakdownTexts | null = null): StoredBreakdown {
  const parsed = JSON.parse(json) as Packed | PackedV3 | number | Partial<StoredBreakdown>;
  if (typeof parsed === 'number') {
    if (texts === null) throw new Error(NO_RUN_TEXTS);
    return unpackV3(parsed, texts);
  }
  if (Array.isArray(parsed)) {
    if (parsed[0] === VERSION) return unpack(parsed as Packed);
    if (parsed[0] === 3) {
      if (texts === null) throw new Error(NO_RUN_TEXTS);
      return unpackV3(parsed as PackedV3, texts);
    }
    throw new Error(`评价结果明细的格式版本无法识别：${String(parsed[0])}`);
  }
  const b = parsed;
  return { scoreOnly: b.scoreOnly ?? false, lines: b.lines ?? [], overrides: b.overrides ?? [] };
}
