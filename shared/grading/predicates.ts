/**
 * Record predicates compiled to closures. A predicate checks, in order: the record's state on `asOf`
 * (in effect / removed), its look-back window, and the kind-specific conditions of the model.
 */
import type { EntityKind } from '../domain/entity.ts';
import {
  LIGHT_PENALTY_KINDS,
  OTHER_PENALTY_KIND,
  PENALTY_KIND_SYNONYMS,
  PENALTY_KINDS,
  type PenaltyKind,
} from '../domain/penalty-kinds.ts';
import { INSPECTION_RESULT_CODES } from '../inspection-results/index.ts';
import type { GradingRecord, RecordPredicate } from './types.ts';

/** What the state checks need about `asOf` and the entity being graded; set once per file. */
export interface StateCtx {
  asOf: string;
  kind: EntityKind;
  /** `asOf − 3 months`: a light penalty dated after it is still published (45号令 Art. 13). */
  lightCut: string;
  /** `asOf − 36 months`: the same for other penalties. */
  penaltyCut: string;
  /** `asOf − 36 months`: a 严重违法失信名单 entry listed after it has not lapsed (44号令). */
  seriousCut: string;
  /** 较低数额罚款 limit (exclusive) for the entity's kind. */
  lowFine: number;
  /** `asOf − months` for each window of the model. */
  cuts: string[];
}

type Penalty = Extract<GradingRecord, { type: 'penalty' }>;
type Listing = Extract<
  GradingRecord,
  { type: 'abnormal_list' | 'serious_violation_list' | 'joint_punishment' }
>;

/**
 * A penalty is in effect while it is published (45号令): warning-only penalties are never published;
 * 通报批评 or a 较低数额罚款 (alone or with a warning) for 3 months; others — every other kind, 其他
 * included — for 3 years, counted from `publishedOn` when recorded, else the decision date. A recorded `publicityEnd` (exclusive) wins over the computation. A repair on
 * or before `asOf` ends it early. `mask` is the record's `penaltyKindsMask`, so synonyms count as their kind.
 */
export function penaltyInEffect(r: Penalty, c: StateCtx, mask: number): boolean {
  if (r.repairedOn != null && r.repairedOn <= c.asOf) return false;
  if (r.publicityEnd != null) return c.asOf < r.publicityEnd;
  if ((mask & ~WARNING_BIT) === 0) return false;
  let light = (mask & ~LIGHT_MASK) === 0;
  if (light && r.fine != null && r.fine >= c.lowFine) light = false;
  return (r.publishedOn ?? r.date) > (light ? c.lightCut : c.penaltyCut);
}

/** A list entry is in effect from listing until removal; a 严重违法失信名单 entry lapses after 3 years. */
export function listingInEffect(r: Listing, c: StateCtx): boolean {
  if (r.removedOn != null && r.removedOn <= c.asOf) return false;
  return r.type !== 'serious_violation_list' || r.date > c.seriousCut;
}

/**
 * Per-record feature bits, computed once per record by the caller so that every indicator looking at
 * the same record tests a bit mask instead of walking the record's lists again: penalty kinds for a
 * penalty, result codes for an inspection, 0 for other kinds.
 */
const PENALTY_KIND_BIT = new Map<string, number>(PENALTY_KINDS.map((k, i) => [k, 1 << i]));
const OTHER_BIT = PENALTY_KIND_BIT.get(OTHER_PENALTY_KIND) as number;
/**
 * The bits of a written kind: a synonym (a record stored before the full list, e.g. 没收, or a file
 * graded without the import's normalisation) has its canonical kinds' bits, a kind nobody knows is 其他.
 * One map lookup per kind either way, so the mask stays as cheap as before.
 */
const WRITTEN_KIND_BIT = new Map<string, number>(PENALTY_KIND_BIT);
for (const [alias, kinds] of Object.entries(PENALTY_KIND_SYNONYMS)) {
  const list: readonly PenaltyKind[] = typeof kinds === 'string' ? [kinds as PenaltyKind] : kinds;
  WRITTEN_KIND_BIT.set(alias, maskOf(PENALTY_KIND_BIT, list));
}
const WARNING_BIT = PENALTY_KIND_BIT.get('警告') as number;
const LIGHT_MASK = maskOf(PENALTY_KIND_BIT, [...LIGHT_PENALTY_KINDS]);
const RESULT_CODE_BIT = new Map<string, number>(INSPECTION_RESULT_CODES.map((k, i) => [k, 1 << i]));

export function penaltyKindsMask(kinds: readonly string[]): number {
  let m = 0;
  for (let i = 0; i < kinds.length; i++) m |= WRITTEN_KIND_BIT.get(kinds[i] as string) ?? OTHER_BIT;
  return m;
}

/**
 * The result codes are one character (1, 3–9, A–F) or two (10, 11, 12): a table by character code
 * answers without hashing the string, for every inspection record of every file.
 */
const RESULT_BIT_1 = new Int32Array(128);
const RESULT_BIT_2 = new Int32Array(128);
for (const [code, bit] of RESULT_CODE_BIT) {
  if (code.length === 1) RESULT_BIT_1[code.charCodeAt(0)] = bit;
  else if (code.length === 2 && code[0] === '1') RESULT_BIT_2[code.charCodeAt(1)] = bit;
  else throw new Error(`result code ${code} has no fast lookup`);
}

export function resultsMask(results: readonly string[]): number {
  let m = 0;
  for (let i = 0; i < results.length; i++) {
    const code = results[i];
    if (typeof code !== 'string') continue;
    const len = code.length;
    if (len === 1) {
      const ch = code.charCodeAt(0);
      if (ch < 128) m |= RESULT_BIT_1[ch] as number;
    } else if (len === 2 && code.charCodeAt(0) === 49) {
      const ch = code.charCodeAt(1);
      if (ch < 128) m |= RESULT_BIT_2[ch] as number;
    }
  }
  return m;
}

function maskOf(table: Map<string, number>, values: readonly string[]): number {
  let m = 0;
  for (const v of values) m |= table.get(v) ?? 0;
  return m;
}

type Condition = (r: GradingRecord, mask: number) => boolean;

/**
 * A compiled record predicate: plain data tested by one function (`matches`), so the hot loop stays
 * monomorphic. Conditions that are rare in models (fine, fields, levels, reasons, scheme, `anyOf`)
 * go to the `extra` closure. Most matchers are decided by two bit tests instead (`req`, `want`; see
 * `planOf`), `matches` only runs for those that are not (`exact` false).
 */
export interface Matcher {
  /** Counter index the engine increments when the record matches. */
  counter: number;
  /** 0 any record, 1 in effect, 2 removed (list entries). */
  state: number;
  /** Window slot in `StateCtx.cuts`, −1 for none. */
  w: number;
  /** Feature bits of which at least one must be set (penalty kinds / result codes), 0 for none. */
  want: number;
  /** Which boolean field must equal `flagValue`: 0 none, 1 substantiated, 2 onTime, 3 qualified, 4 fulfilled. */
  flag: number;
  flagValue: boolean | null;
  extra: Condition | null;
  /** Record feature bits (`featuresOf`) that must all be set for a match; set by `planOf`. */
  req: number;
  /** True when `req` and `want` decide the match alone (no `matches` call needed); set by `planOf`. */
  exact: boolean;
}

// Record feature bits, computed once per record by `featuresOf` (and F_IN_EFFECT by the engine).
/** Bits 0–14: the record date is inside window slot s. */
const DATE_SLOTS = 15;
/** Bits 15–22: the removal date is inside window slot s. */
const REMOVAL_SLOTS = 8;
const F_NULL = 1 << 23;
const F_FALSE = 1 << 24;
const F_TRUE = 1 << 25;
const F_REMOVED = 1 << 26;
export const F_IN_EFFECT = 1 << 27;

/** The boolean field (`Matcher.flag`) each record type has. */
const NATURAL_FLAG: ReadonlyMap<string, number> = new Map([
  ['complaint', 1],
  ['annual_report', 2],
  ['quality_check', 3],
  ['commitment', 4],
]);

/** The matchers of one record type, and which features of its records they need. */
export interface TypePlan {
  ms: Matcher[];
  /** Window slots to test the record date against (bits 0–14). */
  dateSlots: number[];
  /** Window slots to test the removal date against (bits 15–22); only with `removed`. */
  removalSlots: number[];
  /** Whether to compute F_REMOVED (removed on or before asOf). */
  removed: boolean;
  /** The type's boolean field to read into F_TRUE / F_FALSE / F_NULL (`Matcher.flag` code), 0 for none. */
  flag: number;
  /**
   * The union of the matchers' `req` when every matcher requires some feature: a record with none of
   * these bits matches nothing and skips the matcher loop. 0 when some matcher requires nothing.
   */
  anyReq: number;
}

/**
 * Plan the matchers of record type `type`: turn each condition that a per-record bit can answer
 * (state, window, the type's boolean field) into a bit of `req`. Every bit in `req` is a condition the
 * full check (`matches`) also requires, so `(features & req) === req` is necessary for a match; when a
 * matcher has no other condition (`exact`), it is also sufficient.
 */
export function planOf(type: string, ms: Matcher[]): TypePlan {
  const natural = NATURAL_FLAG.get(type) ?? 0;
  const dateSlots: number[] = [];
  const removalSlots: number[] = [];
  let removed = false;
  let flag = 0;
  let anyReq = 0;
  let everyReq = true;
  for (const m of ms) {
    let req = 0;
    let exact = m.extra === null;
    if (m.state === 1) req |= F_IN_EFFECT;
    if (m.state === 2) {
      req |= F_REMOVED;
      removed = true;
      if (m.w >= 0) {
        if (m.w < REMOVAL_SLOTS) {
          req |= 1 << (DATE_SLOTS + m.w);
          if (!removalSlots.includes(m.w)) removalSlots.push(m.w);
        } else exact = false;
      }
    } else if (m.w >= 0) {
      if (m.w < DATE_SLOTS) {
        req |= 1 << m.w;
        if (!dateSlots.includes(m.w)) dateSlots.push(m.w);
      } else exact = false;
    }
    if (m.flag !== 0) {
      if (m.flag === natural) {
        flag = natural;
        req |= m.flagValue === true ? F_TRUE : m.flagValue === false ? F_FALSE : F_NULL;
      } else exact = false;
    }
    m.req = req;
    m.exact = exact;
    anyReq |= req;
    if (req === 0) everyReq = false;
  }
  return { ms, dateSlots, removalSlots, removed, flag, anyReq: everyReq ? anyReq : 0 };
}

/** The feature bits of record `r` (dated `date`, on or before asOf) that plan `p` needs, but F_IN_EFFECT. */
export function featuresOf(p: TypePlan, r: GradingRecord, date: string, c: StateCtx): number {
  let f = 0;
  const dateSlots = p.dateSlots;
  for (let k = 0; k < dateSlots.length; k++) {
    const s = dateSlots[k] as number;
    if (date > (c.cuts[s] as string)) f |= 1 << s;
  }
  if (p.removed) {
    const removed = (r as Listing).removedOn;
    if (removed != null && removed <= c.asOf) {
      f |= F_REMOVED;
      const removalSlots = p.removalSlots;
      for (let k = 0; k < removalSlots.length; k++) {
        const s = removalSlots[k] as number;
        if (removed > (c.cuts[s] as string)) f |= 1 << (DATE_SLOTS + s);
      }
    }
  }
  const flag = p.flag;
  if (flag !== 0) {
    const v = flagValueOf(flag, r);
    f |= v === true ? F_TRUE : v === false ? F_FALSE : v === null ? F_NULL : 0;
  }
  return f;
}

function flagValueOf(flag: number, r: GradingRecord): unknown {
  return flag === 1
    ? (r as Extract<GradingRecord, { type: 'complaint' }>).substantiated
    : flag === 2
      ? (r as Extract<GradingRecord, { type: 'annual_report' }>).onTime
      : flag === 3
        ? (r as Extract<GradingRecord, { type: 'quality_check' }>).qualified
        : (r as Extract<GradingRecord, { type: 'commitment' }>).fulfilled;
}

/**
 * Does record `r` (dated `date`, on or before asOf) match? The full check of every condition;
 * `inEffect` and `mask` are computed once per record.
 */
export function matches(
  m: Matcher,
  r: GradingRecord,
  date: string,
  c: StateCtx,
  inEffect: boolean,
  mask: number,
): boolean {
  const state = m.state;
  if (state === 1) {
    if (!inEffect) return false;
  } else if (state === 2) {
    // The window runs on the removal date: "removed within the last 36 months".
    const removed = (r as Listing).removedOn;
    if (removed == null || removed > c.asOf) return false;
    if (m.w >= 0 && !(removed > (c.cuts[m.w] as string))) return false;
  }
  if (state !== 2 && m.w >= 0 && !(date > (c.cuts[m.w] as string))) return false;
  if (m.want !== 0 && (mask & m.want) === 0) return false;
  if (m.flag !== 0 && flagValueOf(m.flag, r) !== m.flagValue) return false;
  return m.extra === null || m.extra(r, mask);
}

type Conditions = Omit<RecordPredicate, 'type' | 'state' | 'within' | 'anyOf'>;

/** The rare conditions of one predicate (or every condition of one `anyOf` alternative), as closures. */
function closuresOf(p: Conditions, all: boolean): Condition[] {
  const out: Condition[] = [];
  if (all && p.penaltyKindsAny) {
    const want = maskOf(WRITTEN_KIND_BIT, p.penaltyKindsAny);
    out.push((_r, mask) => (mask & want) !== 0);
  }
  if (all && p.resultsAny) {
    const want = maskOf(RESULT_CODE_BIT, p.resultsAny);
    out.push((_r, mask) => (mask & want) !== 0);
  }
  if (all) {
    const flags: Array<[keyof Conditions, boolean | null | undefined]> = [
      ['substantiated', p.substantiated],
      ['onTime', p.onTime],
      ['qualified', p.qualified],
      ['fulfilled', p.fulfilled],
    ];
    for (const [key, v] of flags) {
      if (v !== undefined) out.push((r) => (r as unknown as Record<string, unknown>)[key] === v);
    }
  }
  if (p.fineAtLeast !== undefined) {
    const min = p.fineAtLeast;
    out.push((r) => {
      const fine = (r as Penalty).fine;
      return fine != null && fine >= min;
    });
  }
  if (p.fieldsAny) {
    const want = new Set<string>(p.fieldsAny);
    out.push((r) => want.has((r as Extract<GradingRecord, { type: 'change' }>).field));
  }
  if (p.levelsAny) {
    const want = new Set(p.levelsAny);
    out.push((r) => {
      const level = (r as Extract<GradingRecord, { type: 'commendation' }>).level;
      return level != null && want.has(level);
    });
  }
  if (p.reasonsAny) {
    const want = new Set(p.reasonsAny);
    out.push((r) => want.has((r as Extract<GradingRecord, { type: 'abnormal_list' }>).reason));
  }
  if (p.scheme !== undefined) {
    const v = p.scheme;
    out.push((r) => (r as Extract<GradingRecord, { type: 'public_credit_score' }>).scheme === v);
  }
  return out;
}

function allOf(conds: Condition[]): Condition | null {
  if (conds.length === 0) return null;
  if (conds.length === 1) return conds[0] as Condition;
  return (r, mask) => {
    for (let i = 0; i < conds.length; i++) if (!(conds[i] as Condition)(r, mask)) return false;
    return true;
  };
}

const LIST_TYPES = new Set(['abnormal_list', 'serious_violation_list', 'joint_punishment']);

/**
 * Compile a predicate into a matcher counting into `counter`. `windowSlot` is its index in
 * `StateCtx.cuts` (−1: no window). The caller dispatches on the record type and drops records dated
 * after `asOf`.
 */
export function compilePredicate(p: RecordPredicate, windowSlot: number, counter: number): Matcher {
  const isList = LIST_TYPES.has(p.type);
  const state = p.state ?? (p.type === 'penalty' || isList ? 'inEffect' : 'any');
  let flag = 0;
  let flagValue: boolean | null = null;
  if (p.substantiated !== undefined) [flag, flagValue] = [1, p.substantiated];
  else if (p.onTime !== undefined) [flag, flagValue] = [2, p.onTime];
  else if (p.qualified !== undefined) [flag, flagValue] = [3, p.qualified];
  else if (p.fulfilled !== undefined) [flag, flagValue] = [4, p.fulfilled];
  const want = p.penaltyKindsAny
    ? maskOf(WRITTEN_KIND_BIT, p.penaltyKindsAny)
    : p.resultsAny
      ? maskOf(RESULT_CODE_BIT, p.resultsAny)
      : 0;
  const rest = closuresOf(p, false);
  if (p.anyOf) {
    const alternatives = p.anyOf.map((a) => allOf(closuresOf(a, true)) ?? (() => true));
    rest.push((r, mask) => {
      for (let i = 0; i < alternatives.length; i++) if ((alternatives[i] as Condition)(r, mask)) return true;
      return false;
    });
  }
  const stateCode = state === 'inEffect' ? 1 : state === 'removed' ? 2 : 0;
  return {
    counter,
    state: stateCode,
    w: windowSlot,
    want,
    flag,
    flagValue,
    extra: allOf(rest),
    req: 0,
    exact: false,
  };
}
