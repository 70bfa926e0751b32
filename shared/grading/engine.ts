/**
 * The evaluator (SPEC §5.1). `compileModel` turns a model into closures once: a list of record
 * matchers per record type, one counter per indicator and per record-based override condition, and
 * the look-back cut-off dates per `asOf` (cached). Grading a file is then one pass over its records
 * with string comparisons of ISO dates, integer arithmetic in cents, and no allocation per record
 * unless evidence is being collected. Each record's features (in effect, inside each window, its
 * boolean field) are computed once and most matchers are then two bit tests (predicates.ts `planOf`).
 * With explanations, matches are recorded as (counter, record) pairs and counted first, so every
 * evidence list, breakdown and override list is allocated once at its final size. No `eval`, no
 * `new Function`.
 */
import { ENTITY_KINDS } from '../domain/entity.ts';
import { RECORD_TYPES } from '../domain/records.ts';
import { addMonths, isIsoDate, wholeYears } from '../dates/iso-date.ts';
import { derivedEvidence, recordEvidence, sortEvidence } from './evidence.ts';
import { parseModel } from './schema.ts';
import {
  compilePredicate,
  listingInEffect,
  type Matcher,
  matches,
  penaltyInEffect,
  penaltyKindsMask,
  resultsMask,
  type StateCtx,
  F_IN_EFFECT,
  featuresOf,
  planOf,
  type TypePlan,
} from './predicates.ts';
import type {
  BreakdownLine,
  CompileOptions,
  CreditFile,
  Evaluator,
  Evidence,
  FiredOverride,
  GradeResult,
  GradingModel,
  GradingRecord,
  Override,
} from './types.ts';

type PublicScore = Extract<GradingRecord, { type: 'public_credit_score' }>;

const NOT_GRADED_STATUS: Readonly<Record<string, string>> = {
  revoked: '已吊销，不予分级',
  cancelled: '已注销，不予分级',
  moved: '已迁出，不予分级',
  withdrawn: '已撤销，不予分级',
};

const cents = (n: number): number => Math.round(n * 100);

interface CompiledIndicator {
  id: string;
  label: string;
  dimension: string | undefined;
  deduction: boolean;
  once: boolean;
  minCount: number;
  points: number; // cents
  cap: number; // cents, +∞ when none
  /** Bit i set: applies to ENTITY_KINDS[i]. */
  kinds: number;
  /** Indexes of earlier indicators that, when they produced points, switch this one off. */
  unless: number[];
}

interface CompiledDerived {
  indicator: number;
  missingReports: boolean;
  years: number;
}

interface CompiledOverride {
  source: Override;
  force: boolean;
  rank: number;
  /** Counter of its record condition, −1 when none. */
  counter: number;
  /** Slot in `cuts` of its establishment window, −1 when none. */
  estSlot: number;
  noDeductions: boolean;
  /** Public-credit-score slots and the grades that fire it, null when none. */
  publicGrades: Array<{ slot: number; grades: ReadonlySet<string> }> | null;
}

/** Per-`asOf` values: every cut-off date, computed once and reused for every file graded on that date. */
interface AsOfCtx extends StateCtx {
  /** Per derived source: the report years whose deadline fell inside its window, with their year ends. */
  missing: Array<Array<{ year: number; yearEnd: string; due: string; summary: string }>>;
  /** Bit 0 of the per-file report-year bit set (the derived windows span at most 20 years). */
  firstReportYear: number;
}

/** The band index (0 = best) of a score in cents. Bands are validated to tile the scale. */
function bandFinder(model: GradingModel): (scoreCents: number) => number {
  const bands = model.bands.map((b) => ({
    min: cents(b.min),
    max: cents(b.max),
    minIn: b.minInclusive,
    maxIn: b.maxInclusive,
  }));
  const last = bands.length - 1;
  return (s) => {
    for (let i = 0; i < bands.length; i++) {
      const b = bands[i] as (typeof bands)[number];
      if ((b.minIn ? s >= b.min : s > b.min) && (b.maxIn ? s <= b.max : s < b.max)) return i;
    }
    return s > (bands[0]?.max ?? 0) ? 0 : last;
  };
}

const EMPTY: never[] = [];
/** Shared, frozen: a result without explanations allocates no arrays of its own. */
const NO_LINES: BreakdownLine[] = Object.freeze([]) as unknown as BreakdownLine[];
const NO_OVERRIDES: FiredOverride[] = Object.freeze([]) as unknown as FiredOverride[];

/**
 * Compile a model into an evaluator. The model is validated first (a model read from a file or a
 * database without `parseModel` could otherwise misbehave silently); an invalid one throws with every
 * problem listed.
 */
export function compileModel(model: GradingModel, options: CompileOptions = {}): Evaluator {
  const checked = parseModel(model);
  if (!checked.ok) throw new Error(`评价模型 ${String(model?.id)} 无效：\n${checked.errors.join('\n')}`);
  const explain = options.explain !== false;
  const overrideDefs: readonly Override[] = model.overrides ?? [];
  const bands = model.bands;

  // Windows: each distinct look-back length gets one slot in the per-asOf cut-off table.
  const windowMonths: number[] = [];
  const windowSlot = (months: number): number => {
    let i = windowMonths.indexOf(months);
    if (i < 0) i = windowMonths.push(months) - 1;
    return i;
  };

  const eff = model.effect ?? {};
  const lightMonths = eff.lightPenaltyMonths ?? 3;
  const penaltyMonths = eff.penaltyMonths ?? 36;
  const seriousMonths = eff.seriousViolationListMonths ?? 36;
  const lowFineOrganisation = eff.lowFineOrganisation ?? 100_000;
  const lowFineIndividual = eff.lowFineIndividual ?? 10_000;

  const indexOfIndicator = new Map(model.indicators.map((ind, i) => [ind.id, i]));
  const indicators: CompiledIndicator[] = model.indicators.map((ind) => ({
    id: ind.id,
    label: ind.label,
    dimension: ind.dimension,
    deduction: ind.kind === 'deduction',
    once: ind.mode === 'once',
    minCount: ind.minCount ?? 1,
    points: cents(ind.points),
    cap: ind.cap === undefined ? Number.POSITIVE_INFINITY : cents(ind.cap),
    kinds: ENTITY_KINDS.reduce(
      (bits, k, b) => (!ind.entityKinds || ind.entityKinds.includes(k) ? bits | (1 << b) : bits),
      0,
    ),
    unless: (ind.unless ?? []).map((u) => indexOfIndicator.get(u) as number),
  }));
  const nInd = indicators.length;

  // Record matchers per type, and derived sources.
  const matchers: Record<string, Matcher[]> = {};
  for (const t of RECORD_TYPES) matchers[t] = [];
  const derived: CompiledDerived[] = [];
  model.indicators.forEach((ind, i) => {
    for (const s of ind.sources) {
      if ('derived' in s) {
        derived.push({ indicator: i, missingReports: s.derived === 'annualReportsMissing', years: s.years });
      } else {
        const w = s.within ? windowSlot(s.within.months) : -1;
        (matchers[s.type] as Matcher[]).push(compilePredicate(s, w, i));
      }
    }
  });

  // Public credit scores: the latest record of each scheme the model looks at.
  const publicSchemes = new Map<string, number>();
  const scoreOnlyScheme = model.scoreOnly?.scheme;
  if (scoreOnlyScheme !== undefined) publicSchemes.set(scoreOnlyScheme, 0);
  for (const o of overrideDefs) {
    for (const s of Object.keys(o.when.publicCreditGrade ?? {})) {
      if (!publicSchemes.has(s)) publicSchemes.set(s, publicSchemes.size);
    }
  }
  const nPublic = publicSchemes.size;

  const gradeRank = new Map(bands.map((b, i) => [b.grade, i]));
  let nCounters = nInd;
  const overrides: CompiledOverride[] = overrideDefs.map((o) => {
    const w = o.when;
    let counter = -1;
    if (w.record) {
      counter = nCounters++;
      const slot = w.record.within ? windowSlot(w.record.within.months) : -1;
      (matchers[w.record.type] as Matcher[]).push(compilePredicate(w.record, slot, counter));
    }
    const pcg = w.publicCreditGrade;
    return {
      source: o,
      force: o.action === 'force',
      rank: gradeRank.get(o.grade) as number,
      counter,
      estSlot: w.establishedWithinMonths === undefined ? -1 : windowSlot(w.establishedWithinMonths),
      noDeductions: w.noDeductions === true,
      publicGrades: pcg
        ? Object.keys(pcg).map((scheme) => ({
            slot: publicSchemes.get(scheme) as number,
            grades: new Set(pcg[scheme]),
          }))
        : null,
    };
  });
  const recordOverrideCounters = overrides.filter((o) => o.counter >= 0).map((o) => o.counter);
  const trackReports = derived.some((d) => d.missingReports);
  // Types no predicate looks at share one empty list.
  for (const t of RECORD_TYPES) if ((matchers[t] as Matcher[]).length === 0) matchers[t] = EMPTY;

  const modelKinds = model.entityKinds ? new Set<string>(model.entityKinds) : null;
  const baseCents = cents(model.base);
  const basePoints = baseCents / 100;
  const minCents = cents(model.scale.min);
  const maxCents = cents(model.scale.max);
  const findBand = bandFinder(model);

  // Scratch state reused across calls (the evaluator is synchronous, so calls never interleave).
  const counts = new Int32Array(Math.max(nCounters, 1));
  const produced = new Uint8Array(Math.max(nInd, 1));
  /** Signed points (cents) of each indicator that produced points in the current file. */
  const pointsOf = new Float64Array(Math.max(nInd, 1));
  const cappedOf = new Uint8Array(Math.max(nInd, 1));
  // Explain only: every (counter, record index) match of the current file in record order, the number
  // of matches per counter, and the derived facts' evidence with its indicator. Knowing the counts first,
  // every evidence list, breakdown and override list is allocated once at its final size.
  let pairCounter: Int32Array = new Int32Array(64);
  let pairIndex: Int32Array = new Int32Array(64);
  let nPairs = 0;
  const pairCount = new Int32Array(Math.max(nCounters, 1));
  const derivedEv: Evidence[] = [];
  let derivedInd: Int32Array = new Int32Array(16);
  let nDerived = 0;
  const derivedCount = new Int32Array(Math.max(nInd, 1));
  const grow = (a: Int32Array): Int32Array => {
    const b = new Int32Array(a.length * 2);
    b.set(a);
    return b;
  };
  const addDerived = (ind: number, e: Evidence): void => {
    if (nDerived === derivedInd.length) derivedInd = grow(derivedInd);
    derivedEv[nDerived] = e;
    derivedInd[nDerived] = ind;
    nDerived++;
    derivedCount[ind] = (derivedCount[ind] as number) + 1;
  };
  /** An array of `n` slots to be filled in full (one allocation; a one-element array is a literal). */
  const sized = <T>(n: number, first: T): T[] => (n === 1 ? [first] : (new Array(n) as T[]));
  /**
   * Evidence of the records counter `k` matched and then of the derived facts of indicator `ind`
   * (−1: none), in that order and unsorted, plus `extra` trailing slots the caller fills.
   */
  const evidenceList = (
    k: number,
    ind: number,
    extra: number,
    records: readonly GradingRecord[],
    kind: CreditFile['entity']['kind'],
  ): Evidence[] => {
    const fromRecords = k >= 0 ? (pairCount[k] as number) : 0;
    const fromDerived = ind >= 0 ? (derivedCount[ind] as number) : 0;
    const n = fromRecords + fromDerived + extra;
    if (n === 0) return [];
    const out: Evidence[] = new Array(n);
    let o = 0;
    for (let p = 0; p < nPairs && o < fromRecords; p++) {
      if (pairCounter[p] === k) {
        const idx = pairIndex[p] as number;
        out[o++] = recordEvidence(records[idx] as GradingRecord, idx, kind);
      }
    }
    if (fromDerived > 0)
      for (let d = 0; d < nDerived; d++) if (derivedInd[d] === ind) out[o++] = derivedEv[d] as Evidence;
    return out;
  };
  /** The sorted evidence of indicator `i`'s line. Most lines have one piece: a one-element literal. */
  const lineEvidence = (
    i: number,
    records: readonly GradingRecord[],
    kind: CreditFile['entity']['kind'],
  ): Evidence[] => {
    if ((pairCount[i] as number) + (derivedCount[i] as number) === 1) {
      if ((derivedCount[i] as number) === 1) {
        for (let d = 0; d < nDerived; d++) if (derivedInd[d] === i) return [derivedEv[d] as Evidence];
      }
      for (let p = 0; p < nPairs; p++) {
        if (pairCounter[p] === i) {
          const idx = pairIndex[p] as number;
          return [recordEvidence(records[idx] as GradingRecord, idx, kind)];
        }
      }
    }
    return sortEvidence(evidenceList(i, i, 0, records, kind));
  };
  // Overrides that fired in the current file (in model order) and the public score record each used.
  const firedOverride = new Int32Array(Math.max(overrides.length, 1));
  const firedPublic = new Int32Array(Math.max(overrides.length, 1));
  const latestDate: Array<string | null> = new Array(nPublic).fill(null);
  const latestIndex = new Int32Array(Math.max(nPublic, 1));
  // Report years seen in the current file (bit k: year firstYear + k of the missing-report windows).
  let reportYearBits = 0;
  // Report years whose annual reports were loaded (same bits). Files of one run share one coverage
  // list per entity kind, so the bits are worked out again only when the list or the as-of date changes.
  let coveredBits = 0;
  let coveredList: readonly number[] | undefined;
  let coveredFirstYear = Number.NaN;
  // Explain only: report years not counted because their data was never loaded, in the order met.
  const notLoadedYears: number[] = [];
  const KIND_BIT: Record<string, number> = Object.fromEntries(ENTITY_KINDS.map((k, b) => [k, 1 << b]));

  // Per record type: its matchers and the record features they need (predicates.ts `planOf`).
  const byType = (t: string): TypePlan => planOf(t, matchers[t] as Matcher[]);
  const tPenalty = byType('penalty');
  const tAbnormal = byType('abnormal_list');
  const tSerious = byType('serious_violation_list');
  const tJoint = byType('joint_punishment');
  const tInspection = byType('inspection');
  const tComplaint = byType('complaint');
  const tAnnual = byType('annual_report');
  const tQuality = byType('quality_check');
  const tCommitment = byType('commitment');
  const tCommendation = byType('commendation');
  const tPublic = byType('public_credit_score');
  const tChange = byType('change');

  /**
   * Keep the latest public credit score per scheme. Two pushes on one date (only possible in hand-made
   * input: the database keys them by scheme and date) resolve to the lower score, then the grade that
   * sorts first, so record order never matters.
   */
  const latestPublic = (r: PublicScore, i: number, records: readonly GradingRecord[]): void => {
    const slot = publicSchemes.get(r.scheme);
    if (slot === undefined) return;
    const prev = latestDate[slot];
    let take = prev == null || r.date > prev;
    if (!take && r.date === prev) {
      const kept = records[latestIndex[slot] as number] as PublicScore;
      take = r.score < kept.score || (r.score === kept.score && (r.grade ?? '') < (kept.grade ?? ''));
    }
    if (take) {
      latestDate[slot] = r.date;
      latestIndex[slot] = i;
    }
  };

  let ctx: AsOfCtx | null = null;
  const ctxFor = (asOf: string): AsOfCtx => {
    if (ctx !== null && ctx.asOf === asOf) return ctx;
    if (!isIsoDate(asOf)) throw new RangeError(`评价基准日应为有效日期 YYYY-MM-DD：${asOf}`);
    const asOfYear = Number(asOf.slice(0, 4));
    ctx = {
      asOf,
      kind: 'enterprise',
      lightCut: addMonths(asOf, -lightMonths),
      penaltyCut: addMonths(asOf, -penaltyMonths),
      seriousCut: addMonths(asOf, -seriousMonths),
      lowFine: lowFineOrganisation,
      cuts: windowMonths.map((m) => addMonths(asOf, -m)),
      firstReportYear: asOfYear - 24,
      missing: derived.map((d) => {
        if (!d.missingReports) return [];
        // The report for year Y is due by 30 June of Y+1; count the deadlines in (asOf − window, asOf).
        const cut = addMonths(asOf, -d.years * 12);
        const years: AsOfCtx['missing'][number] = [];
        for (let y = asOfYear - d.years - 2; y <= asOfYear; y++) {
          const due = `${y + 1}-06-30`;
          if (due > cut && due < asOf) {
            years.push({
              year: y,
              yearEnd: `${y}-12-31`,
              due,
              summary: `${y} 年度报告未公示（应于 ${due} 前公示）`,
            });
          }
        }
        return years;
      }),
    };
    return ctx;
  };

  const notGraded = (id: string, reason: string): GradeResult => ({
    id,
    score: null,
    scoreGrade: null,
    grade: null,
    gradeLabel: null,
    notGraded: reason,
    scoreOnly: false,
    breakdown: [],
    overrides: [],
  });

  return (file: CreditFile, asOf: string): GradeResult => {
    const entity = file.entity;
    const status = entity.status;
    if (status != null && status !== 'active') {
      return notGraded(file.id, NOT_GRADED_STATUS[status] ?? '非存续状态，不予分级');
    }
    const kind = entity.kind;
    if (modelKinds !== null && !modelKinds.has(kind)) return notGraded(file.id, '本模型不适用于该类主体');
    const kindBit = KIND_BIT[kind] as number;
    const est = entity.establishedOn ?? null;
    // A run with an earlier as-of date must not grade entities that did not exist yet.
    if (est !== null && est > asOf) return notGraded(file.id, '评价基准日时尚未成立，不予分级');
    const c = ctxFor(asOf);
    c.kind = kind;
    c.lowFine = kind === 'individual' ? lowFineIndividual : lowFineOrganisation;

    for (let k = 0; k < nCounters; k++) counts[k] = 0;
    if (explain) {
      for (let k = 0; k < nCounters; k++) pairCount[k] = 0;
      for (let k = 0; k < nInd; k++) derivedCount[k] = 0;
      nPairs = 0;
      nDerived = 0;
    }
    for (let s = 0; s < nPublic; s++) latestDate[s] = null;
    reportYearBits = 0;
    if (trackReports) {
      const list = file.coverage?.annualReports;
      if (list !== coveredList || c.firstReportYear !== coveredFirstYear) {
        coveredList = list;
        coveredFirstYear = c.firstReportYear;
        coveredBits = 0;
        if (list) {
          for (let k = 0; k < list.length; k++) {
            const b = (list[k] as number) - c.firstReportYear;
            if (b >= 0 && b < 31) coveredBits |= 1 << b;
          }
        }
      }
    }
    if (notLoadedYears.length !== 0) notLoadedYears.length = 0;

    // One pass over the records.
    const records = file.records;
    for (let i = 0; i < records.length; i++) {
      const r = records[i] as GradingRecord;
      const date = r.date;
      if (date > asOf) continue;
      let inEffect = false;
      let mask = 0;
      let t: TypePlan;
      switch (r.type) {
        case 'penalty':
          t = tPenalty;
          if (t.ms.length === 0) continue;
          mask = penaltyKindsMask(r.penaltyKinds);
          inEffect = penaltyInEffect(r, c, mask);
          break;
        case 'inspection':
          t = tInspection;
          if (t.ms.length === 0) continue;
          mask = resultsMask(r.results);
          break;
        case 'abnormal_list':
          t = tAbnormal;
          if (t.ms.length === 0) continue;
          inEffect = listingInEffect(r, c);
          break;
        case 'serious_violation_list':
          t = tSerious;
          if (t.ms.length === 0) continue;
          inEffect = listingInEffect(r, c);
          break;
        case 'joint_punishment':
          t = tJoint;
          if (t.ms.length === 0) continue;
          inEffect = listingInEffect(r, c);
          break;
        case 'annual_report':
          if (trackReports) {
            const k = r.year - c.firstReportYear;
            if (k >= 0 && k < 31) reportYearBits |= 1 << k;
          }
          t = tAnnual;
          break;
        case 'public_credit_score':
          if (nPublic > 0) latestPublic(r, i, records);
          t = tPublic;
          break;
        case 'complaint':
          t = tComplaint;
          break;
        case 'quality_check':
          t = tQuality;
          break;
        case 'commitment':
          t = tCommitment;
          break;
        case 'commendation':
          t = tCommendation;
          break;
        case 'change':
          t = tChange;
          break;
        default:
          // Not a record type: the credit-file schema admits none, and the engine never graded one.
          throw new TypeError(`未知的记录类型：${String((r as { type?: unknown }).type)}`);
      }
      const ms = t.ms;
      if (ms.length === 0) continue;
      // The record's features once; most records (old, not in effect) then skip every matcher.
      let feat = featuresOf(t, r, date, c);
      if (inEffect) feat |= F_IN_EFFECT;
      if (t.anyReq !== 0 && (feat & t.anyReq) === 0) continue;
      for (let j = 0; j < ms.length; j++) {
        const m = ms[j] as Matcher;
        if ((feat & m.req) !== m.req) continue;
        if (m.want !== 0 && (mask & m.want) === 0) continue;
        if (m.exact || matches(m, r, date, c, inEffect, mask)) {
          counts[m.counter] = (counts[m.counter] as number) + 1;
          if (explain) {
            if (nPairs === pairCounter.length) {
              pairCounter = grow(pairCounter);
              pairIndex = grow(pairIndex);
            }
            pairCounter[nPairs] = m.counter;
            pairIndex[nPairs] = i;
            nPairs++;
            pairCount[m.counter] = (pairCount[m.counter] as number) + 1;
          }
        }
      }
    }

    // Derived facts.
    for (let d = 0; d < derived.length; d++) {
      const src = derived[d] as CompiledDerived;
      const ind = src.indicator;
      if (((indicators[ind] as CompiledIndicator).kinds & kindBit) === 0) continue;
      let n = 0;
      if (src.missingReports) {
        const years = c.missing[d] as AsOfCtx['missing'][number];
        for (let k = 0; k < years.length; k++) {
          const y = years[k] as (typeof years)[number];
          if (est !== null && est > y.yearEnd) continue;
          const bit = 1 << (y.year - c.firstReportYear);
          if ((reportYearBits & bit) !== 0) continue;
          // Data never loaded is not a violation: the year is named in the breakdown, not counted.
          if ((coveredBits & bit) === 0) {
            if (explain && !notLoadedYears.includes(y.year)) notLoadedYears.push(y.year);
            continue;
          }
          n++;
          if (explain) addDerived(ind, derivedEvidence(y.due, y.summary));
        }
      } else if (est !== null && est <= asOf) {
        n = Math.min(wholeYears(est, asOf), src.years);
        if (explain && n > 0) addDerived(ind, derivedEvidence(est, `${est} 成立，经营满 ${n} 年`));
      }
      counts[ind] = (counts[ind] as number) + n;
    }

    // Indicator points (cents).
    let sum = baseCents;
    let anyDeduction = false;
    let nLines = 0;
    for (let i = 0; i < nInd; i++) {
      produced[i] = 0;
      const n = counts[i] as number;
      if (n === 0) continue;
      const ind = indicators[i] as CompiledIndicator;
      if ((ind.kinds & kindBit) === 0) continue;
      let blocked = false;
      for (let u = 0; u < ind.unless.length; u++) if (produced[ind.unless[u] as number]) blocked = true;
      if (blocked) continue;
      let pts = ind.once ? (n >= ind.minCount ? ind.points : 0) : n * ind.points;
      const capped = pts > ind.cap;
      if (capped) pts = ind.cap;
      if (pts === 0) continue;
      produced[i] = 1;
      const signed = ind.deduction ? -pts : pts;
      sum += signed;
      if (ind.deduction) anyDeduction = true;
      pointsOf[i] = signed;
      cappedOf[i] = capped ? 1 : 0;
      nLines++;
    }

    let scoreCents: number;
    let scoreOnly = false;
    let breakdown: BreakdownLine[] = NO_LINES;
    if (scoreOnlyScheme !== undefined && latestDate[0] != null) {
      // Score-only mode: the province's score is the score; the indicators are not used.
      const idx = latestIndex[0] as number;
      const r = records[idx] as PublicScore;
      scoreOnly = true;
      const pushed = cents(r.score);
      scoreCents = Math.min(maxCents, Math.max(minCents, pushed));
      if (explain) {
        const line: BreakdownLine = {
          indicator: 'public_credit_score',
          label: '公共信用综合评价结果（省级推送，直接采用）',
          points: pushed / 100,
          evidence: [recordEvidence(r, idx, kind)],
        };
        breakdown =
          scoreCents === pushed
            ? [line]
            : [
                line,
                {
                  indicator: 'clamp',
                  label: '超出分值范围的部分',
                  points: (scoreCents - pushed) / 100,
                  evidence: [],
                },
              ];
      }
    } else {
      scoreCents = Math.min(maxCents, Math.max(minCents, sum));
      if (explain) {
        // The base, one line per indicator that produced points (in model order), a zero-point line per
        // report year not loaded, the clamp if any.
        const clamp = scoreCents !== sum;
        const nNotLoaded = notLoadedYears.length;
        const base: BreakdownLine = { indicator: 'base', label: '基础分', points: basePoints, evidence: [] };
        breakdown = sized(1 + nLines + nNotLoaded + (clamp ? 1 : 0), base);
        breakdown[0] = base;
        let l = 1;
        for (let i = 0; l <= nLines; i++) {
          if (produced[i] === 0) continue;
          const ind = indicators[i] as CompiledIndicator;
          const evidence = lineEvidence(i, records, kind);
          const points = (pointsOf[i] as number) / 100;
          const count = counts[i] as number;
          // One literal per shape, the keys in the order the line always had (dimension, capped last).
          breakdown[l++] =
            ind.dimension === undefined
              ? cappedOf[i] === 1
                ? { indicator: ind.id, label: ind.label, points, count, evidence, capped: true }
                : { indicator: ind.id, label: ind.label, points, count, evidence }
              : cappedOf[i] === 1
                ? {
                    indicator: ind.id,
                    label: ind.label,
                    points,
                    count,
                    evidence,
                    dimension: ind.dimension,
                    capped: true,
                  }
                : { indicator: ind.id, label: ind.label, points, count, evidence, dimension: ind.dimension };
        }
        for (let y = 0; y < nNotLoaded; y++) {
          breakdown[l++] = {
            indicator: 'not-loaded',
            label: `${notLoadedYears[y]} 年度年报数据未导入，未计`,
            points: 0,
            evidence: [],
          };
        }
        if (clamp) {
          breakdown[l] = {
            indicator: 'clamp',
            label: '超出分值范围的部分',
            points: (scoreCents - sum) / 100,
            evidence: [],
          };
        }
      }
    }
    const scoreBand = findBand(scoreCents);

    // Overrides: the worst forced grade replaces the score grade; caps keep it no better than the worst cap.
    let anyRecordOverride = false;
    for (let k = 0; k < recordOverrideCounters.length; k++) {
      if ((counts[recordOverrideCounters[k] as number] as number) > 0) anyRecordOverride = true;
    }
    let forced = -1;
    let capTo = -1;
    let nFired = 0;
    for (let j = 0; j < overrides.length; j++) {
      const o = overrides[j] as CompiledOverride;
      if (o.counter >= 0 && (counts[o.counter] as number) === 0) continue;
      if (o.estSlot >= 0 && (est === null || est <= (c.cuts[o.estSlot] as string) || est > asOf)) continue;
      if (o.noDeductions && (anyDeduction || anyRecordOverride)) continue;
      let publicIdx = -1;
      if (o.publicGrades !== null) {
        for (let g = 0; g < o.publicGrades.length && publicIdx < 0; g++) {
          const pg = o.publicGrades[g] as { slot: number; grades: ReadonlySet<string> };
          if (latestDate[pg.slot] == null) continue;
          const grade = (records[latestIndex[pg.slot] as number] as PublicScore).grade;
          if (grade != null && pg.grades.has(grade)) publicIdx = latestIndex[pg.slot] as number;
        }
        if (publicIdx < 0) continue;
      }
      if (o.force) forced = Math.max(forced, o.rank);
      else capTo = Math.max(capTo, o.rank);
      firedOverride[nFired] = j;
      firedPublic[nFired] = publicIdx;
      nFired++;
    }
    let fired: FiredOverride[] = explain ? [] : NO_OVERRIDES;
    if (nFired > 0) {
      fired = new Array(nFired);
      for (let f = 0; f < nFired; f++) {
        const o = overrides[firedOverride[f] as number] as CompiledOverride;
        const def = o.source;
        let evidence: Evidence[];
        if (explain) {
          const publicIdx = firedPublic[f] as number;
          const withEst = o.estSlot >= 0 && est !== null;
          const extra = (publicIdx >= 0 ? 1 : 0) + (withEst ? 1 : 0);
          evidence = evidenceList(o.counter, -1, extra, records, kind);
          let e = evidence.length - extra;
          if (publicIdx >= 0)
            evidence[e++] = recordEvidence(records[publicIdx] as GradingRecord, publicIdx, kind);
          if (withEst) evidence[e] = derivedEvidence(est, `${est} 成立`);
          sortEvidence(evidence);
        } else evidence = [];
        fired[f] = { id: def.id, action: def.action, grade: def.grade, reason: def.reason, evidence };
      }
    }
    let finalBand = forced >= 0 ? forced : scoreBand;
    if (capTo > finalBand) finalBand = capTo;
    const band = bands[finalBand] as (typeof bands)[number];

    return {
      id: file.id,
      score: scoreCents / 100,
      scoreGrade: (bands[scoreBand] as (typeof bands)[number]).grade,
      grade: band.grade,
      gradeLabel: band.label,
      notGraded: null,
      scoreOnly,
      breakdown,
      overrides: fired,
    };
  };
}

/**
 * The band grade of a score (rounded to two decimals first, SPEC §5.1), without overrides — for golden
 * tests, the UI's band table, and manual adjustments.
 */
export function gradeOfScore(model: GradingModel, score: number): string {
  return (model.bands[bandFinder(model)(cents(score))] as (typeof model.bands)[number]).grade;
}

const cache = new WeakMap<GradingModel, Evaluator>();

/** Grade one credit file as of `asOf` (YYYY-MM-DD). The compiled model is cached per model object. */
export function evaluate(model: GradingModel, file: CreditFile, asOf: string): GradeResult {
  let ev = cache.get(model);
  if (!ev) {
    ev = compileModel(model);
    cache.set(model, ev);
  }
  return ev(file, asOf);
}
