/**
 * Version 3 of a run's stored breakdowns: the texts every result of a run repeats — each line's
 * indicator, label and dimension, each override's id, action, grade and reason — are stored once with
 * the run (grading_runs.breakdown_texts, migration 014) and each result names them by their place.
 *
 * Why: a run writes one breakdown per graded entity, a million at a time, and every byte is encrypted
 * and written at commit and again at the checkpoint. In version 2 the model's Chinese labels and
 * reasons were most of those bytes (an entity with two fired overrides: 430 bytes, 95 in version 3),
 * and inserting them was the larger part of the run's one writing thread (issue 18 item 1).
 *
 * The texts come from the model alone, so every reader thread of a parallel run builds the same ones
 * without talking to the others. A line or override the texts do not hold (a label the engine makes
 * per entity, e.g. a report year not loaded) is stored whole, as in version 2, so nothing is lost.
 *
 *   [3, scoreOnly 0|1, lines, overrides]
 *   line:      [textIndex, points, count|null, evidence]      or whole: [indicator, label, points, count|null, evidence, dimension?]
 *   override:  [textIndex, evidence]                          or whole: [id, action, grade, reason, evidence]
 *   evidence:  [id, date, rest] — the summary is `${date} ${rest}` — or [id, date, summary, 0] for a
 *              summary that does not start with its date.
 * and, for the most common result of all — the base score alone, no record counted, no override (six in
 * ten entities of the demo county) — just the base points as a JSON number: `1000`.
 */
import type {
  BreakdownLine,
  FiredOverride,
  GradeResult,
  GradingModel,
} from '../../../shared/grading/types.ts';
import {
  type StoredBreakdown,
  type StoredEvidence,
  type StoredOverride,
  storedLine,
} from './result-codec.ts';

/** What a run stores once (JSON in grading_runs.breakdown_texts). */
export interface BreakdownTexts {
  lines: [indicator: string, label: string, dimension: string | null][];
  overrides: [id: string, action: 'force' | 'cap', grade: string, reason: string][];
}

type EvidenceV3 =
  | [id: number | string | null, date: string, rest: string]
  | [id: number | string | null, date: string, summary: string, verbatim: 0];
type LineV3 =
  | [text: number, points: number, count: number | null, evidence: EvidenceV3[]]
  | [indicator: string, label: string, points: number, count: number | null, evidence: EvidenceV3[]]
  | [
      indicator: string,
      label: string,
      points: number,
      count: number | null,
      evidence: EvidenceV3[],
      dimension: string,
    ];
type OverrideV3 =
  | [text: number, evidence: EvidenceV3[]]
  | [id: string, action: 'force' | 'cap', grade: string, reason: string, evidence: EvidenceV3[]];
export type PackedV3 = [version: 3, scoreOnly: 0 | 1, lines: LineV3[], overrides: OverrideV3[]];

/** The engine's fixed lines (shared/grading/engine.ts), then the model's indicators and overrides in order. */
export function breakdownTexts(model: GradingModel): BreakdownTexts {
  const lines: BreakdownTexts['lines'] = [
    ['base', '基础分', null],
    ['clamp', '超出分值范围的部分', null],
    ['public_credit_score', '公共信用综合评价结果（省级推送，直接采用）', null],
  ];
  for (const i of model.indicators) lines.push([i.id, i.label, i.dimension || null]);
  const overrides: BreakdownTexts['overrides'] = [];
  for (const o of model.overrides ?? []) overrides.push([o.id, o.action, o.grade, o.reason]);
  return { lines, overrides };
}

/** The base line's place: breakdownTexts puts it first, and a base-only breakdown names it. */
const BASE = 0;

/** A run's encoder: built once per thread from the run's texts. */
export class BreakdownEncoderV3 {
  /** Indicator id → the places of the texts with that id (a model may reuse an id's label elsewhere). */
  private readonly lineTexts = new Map<string, number[]>();
  private readonly overrideTexts = new Map<string, number[]>();

  private readonly texts: BreakdownTexts;

  constructor(texts: BreakdownTexts) {
    this.texts = texts;
    for (let i = 0; i < texts.lines.length; i++) push(this.lineTexts, texts.lines[i]?.[0] ?? '', i);
    for (let i = 0; i < texts.overrides.length; i++)
      push(this.overrideTexts, texts.overrides[i]?.[0] ?? '', i);
  }

  /** A bound function, so a run can hand it on as its chunks' encoder. */
  readonly encode = (r: GradeResult): string => {
    const only = r.breakdown.length === 1 && r.overrides.length === 0 && !r.scoreOnly ? r.breakdown[0] : null;
    if (
      only &&
      only.indicator === 'base' &&
      only.evidence.length === 0 &&
      only.count === undefined &&
      !only.dimension &&
      this.lineText(only) === BASE
    ) {
      return JSON.stringify(only.points);
    }
    const lines = new Array<LineV3>(r.breakdown.length);
    for (let i = 0; i < lines.length; i++) lines[i] = this.line(r.breakdown[i] as BreakdownLine);
    const overrides = new Array<OverrideV3>(r.overrides.length);
    for (let i = 0; i < overrides.length; i++) overrides[i] = this.override(r.overrides[i] as FiredOverride);
    const packed: PackedV3 = [3, r.scoreOnly ? 1 : 0, lines, overrides];
    return JSON.stringify(packed);
  };

  /** The place of the line's texts, or -1 when the run's texts do not hold them. */
  private lineText(l: BreakdownLine): number {
    const places = this.lineTexts.get(l.indicator);
    if (places !== undefined) {
      // An empty dimension is stored as none, as versions 1 and 2 did.
      const dimension = l.dimension || null;
      for (const p of places) {
        const t = this.texts.lines[p] as BreakdownTexts['lines'][number];
        if (t[1] === l.label && t[2] === dimension) return p;
      }
    }
    return -1;
  }

  private line(l: BreakdownLine): LineV3 {
    const count = l.count === undefined ? null : l.count;
    const evidence = packEvidence(l.evidence);
    const p = this.lineText(l);
    if (p >= 0) return [p, l.points, count, evidence];
    return l.dimension
      ? [l.indicator, l.label, l.points, count, evidence, l.dimension]
      : [l.indicator, l.label, l.points, count, evidence];
  }

  private override(o: FiredOverride): OverrideV3 {
    const evidence = packEvidence(o.evidence);
    const places = this.overrideTexts.get(o.id);
    if (places !== undefined) {
      for (const p of places) {
        const t = this.texts.overrides[p] as BreakdownTexts['overrides'][number];
        if (t[1] === o.action && t[2] === o.grade && t[3] === o.reason) return [p, evidence];
      }
    }
    return [o.id, o.action, o.grade, o.reason, evidence];
  }
}

function push(m: Map<string, number[]>, key: string, i: number): void {
  const list = m.get(key);
  if (list === undefined) m.set(key, [i]);
  else list.push(i);
}

function packEvidence(e: BreakdownLine['evidence']): EvidenceV3[] {
  const out = new Array<EvidenceV3>(e.length);
  for (let i = 0; i < e.length; i++) {
    const x = e[i] as BreakdownLine['evidence'][number];
    const id = x.id ?? null;
    const s = x.summary;
    const d = x.date;
    out[i] =
      s.length > d.length && s.charCodeAt(d.length) === 32 && s.startsWith(d)
        ? [id, d, s.slice(d.length + 1)]
        : [id, d, s, 0];
  }
  return out;
}

function unpackEvidence(e: EvidenceV3[]): StoredEvidence[] {
  return e.map((x) => ({ id: x[0], date: x[1], summary: x.length === 4 ? x[2] : `${x[1]} ${x[2]}` }));
}

function textAt<T>(list: readonly T[], i: number): T {
  const t = list[i];
  if (t === undefined) throw new Error('评价结果明细引用了本次评价没有的指标文字，无法读取');
  return t;
}

export function unpackV3(p: PackedV3 | number, texts: BreakdownTexts): StoredBreakdown {
  if (typeof p === 'number') {
    const [indicator, label, dimension] = textAt(texts.lines, BASE);
    return {
      scoreOnly: false,
      lines: [storedLine(indicator, label, dimension ?? undefined, p, null, [])],
      overrides: [],
    };
  }
  const lines = p[2].map((l) => {
    if (typeof l[0] === 'number') {
      const [t, points, count, evidence] = l as [number, number, number | null, EvidenceV3[]];
      const [indicator, label, dimension] = textAt(texts.lines, t);
      return storedLine(indicator, label, dimension ?? undefined, points, count, unpackEvidence(evidence));
    }
    const w = l as Exclude<LineV3, [number, number, number | null, EvidenceV3[]]>;
    return storedLine(w[0], w[1], w[5], w[2], w[3], unpackEvidence(w[4]));
  });
  const overrides = p[3].map((o): StoredOverride => {
    if (typeof o[0] === 'number') {
      const [id, action, grade, reason] = textAt(texts.overrides, o[0]);
      return { id, action, grade, reason, evidence: unpackEvidence(o[1] as EvidenceV3[]) };
    }
    const [id, action, grade, reason, evidence] = o as Exclude<OverrideV3, [number, EvidenceV3[]]>;
    return { id, action, grade, reason, evidence: unpackEvidence(evidence) };
  });
  return { scoreOnly: p[1] === 1, lines, overrides };
}

/** The run's texts as stored (JSON), checked enough that a damaged value fails here with a clear message. */
export function parseBreakdownTexts(json: string): BreakdownTexts {
  const t = JSON.parse(json) as Partial<BreakdownTexts>;
  if (!Array.isArray(t.lines) || !Array.isArray(t.overrides)) {
    throw new Error('本次评价保存的指标文字已损坏，无法读取评价明细');
  }
  return { lines: t.lines, overrides: t.overrides };
}
