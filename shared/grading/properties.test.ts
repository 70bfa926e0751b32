/**
 * SPEC §5.4, for every built-in model, over generated credit files (fast-check): determinism, record
 * order, records after asOf, the breakdown sums to the score, adding an in-effect negative record never
 * helps, removing/repairing/outliving one never hurts, and the bands tile the scale.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { ENTITY_KINDS } from '../domain/entity.ts';
import { CHANGE_FIELDS, PENALTY_KINDS } from '../domain/records.ts';
import { addMonths } from '../dates/iso-date.ts';
import {
  builtinModels,
  compileModel,
  type CreditFile,
  type GradeResult,
  type GradingModel,
  type GradingRecord,
  gradeOfScore,
} from './index.ts';

const AS_OF = '2026-10-31';
const RESULT_CODES = ['1', 'A', 'B', 'C', '6', 'D', '3', '4', '5', 'E', 'F', '7', '8'];
const SCHEMES = ['henan-pds-public-100', 'shandong-jining-public-1000', 'heilongjiang-public-1000'];
const GRADES = ['优', '良', '中', '差', 'A+', 'A', 'B', 'C', 'C-', 'D', 'D-', 'E'];

/** Days 2016-01-01 … 2027-12-31 as ISO strings. */
const dayArb = (from = 2016, to = 2027) =>
  fc
    .tuple(
      fc.integer({ min: from, max: to }),
      fc.integer({ min: 1, max: 12 }),
      fc.integer({ min: 1, max: 28 }),
    )
    .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const maybeDay = fc.option(dayArb(), { nil: null });

const recordArb: fc.Arbitrary<GradingRecord> = fc.oneof(
  fc.record({
    type: fc.constant('penalty' as const),
    date: dayArb(),
    penaltyKinds: fc.uniqueArray(fc.constantFrom(...PENALTY_KINDS), { minLength: 1, maxLength: 3 }),
    fine: fc.option(fc.constantFrom(500, 5000, 9999, 10_000, 50_000, 99_999, 100_000, 300_000), {
      nil: null,
    }),
    publicityEnd: fc.option(dayArb(), { nil: null }),
    repairedOn: maybeDay,
  }),
  fc.record({
    type: fc.constant('abnormal_list' as const),
    date: dayArb(),
    reason: fc.constantFrom('未按时年报', '查无下落'),
    removedOn: maybeDay,
  }),
  fc.record({ type: fc.constant('serious_violation_list' as const), date: dayArb(), removedOn: maybeDay }),
  fc.record({ type: fc.constant('joint_punishment' as const), date: dayArb(), removedOn: maybeDay }),
  fc.record({
    type: fc.constant('inspection' as const),
    date: dayArb(),
    results: fc.uniqueArray(fc.constantFrom(...RESULT_CODES), { minLength: 1, maxLength: 2 }),
  }),
  fc.record({ type: fc.constant('complaint' as const), date: dayArb(), substantiated: fc.boolean() }),
  fc.integer({ min: 2016, max: 2026 }).chain((year) =>
    fc.record({
      type: fc.constant('annual_report' as const),
      date: dayArb(year + 1, year + 1),
      year: fc.constant(year),
      onTime: fc.boolean(),
    }),
  ),
  fc.record({ type: fc.constant('quality_check' as const), date: dayArb(), qualified: fc.boolean() }),
  fc.record({
    type: fc.constant('commitment' as const),
    date: dayArb(),
    fulfilled: fc.constantFrom(true, false, null),
  }),
  fc.record({
    type: fc.constant('commendation' as const),
    date: dayArb(),
    level: fc.constantFrom('国家级', '省级', '市级', '县级', null),
  }),
  fc.record({
    type: fc.constant('public_credit_score' as const),
    date: dayArb(),
    scheme: fc.constantFrom(...SCHEMES),
    score: fc.oneof(fc.integer({ min: 0, max: 1000 }), fc.double({ min: 0, max: 100, noNaN: true })),
    grade: fc.option(fc.constantFrom(...GRADES), { nil: null }),
  }),
  fc.record({
    type: fc.constant('change' as const),
    date: dayArb(),
    field: fc.constantFrom(...CHANGE_FIELDS),
  }),
) as fc.Arbitrary<GradingRecord>;

const fileArb: fc.Arbitrary<CreditFile> = fc.record({
  id: fc.constant('P'),
  entity: fc.record({
    kind: fc.constantFrom(...ENTITY_KINDS),
    establishedOn: fc.option(dayArb(2000, 2026), { nil: null }),
  }),
  records: fc.array(recordArb, { maxLength: 14 }),
  // Which report years' annual reports were loaded: none, some, or all of the recent ones.
  coverage: fc.option(
    fc.record({ annualReports: fc.uniqueArray(fc.integer({ min: 2018, max: 2027 }), { maxLength: 10 }) }),
    { nil: undefined },
  ),
});

const asOfArb = fc.oneof(fc.constant(AS_OF), dayArb(2022, 2027));

/** A negative record that is certainly in effect (and counted by every model's matching rule) on `asOf`. */
function negativeArb(asOf: string): fc.Arbitrary<GradingRecord> {
  const recent = fc.integer({ min: 0, max: 300 }).map((days) => {
    // Within the last ~10 months: inside every look-back window of the built-in models.
    const months = Math.floor(days / 31);
    const d = addMonths(asOf, -months);
    return d > asOf ? asOf : d;
  });
  return fc.oneof(
    fc.record({
      type: fc.constant('penalty' as const),
      date: recent.map((d) => [d, addMonths(asOf, -2)].sort()[1] as string), // within the last 2 months
      penaltyKinds: fc.uniqueArray(fc.constantFrom(...PENALTY_KINDS), { minLength: 1, maxLength: 2 }),
      fine: fc.option(fc.constantFrom(500, 50_000, 200_000), { nil: null }),
      publicityEnd: fc.constant(null),
      repairedOn: fc.constant(null),
    }),
    fc.record({
      type: fc.constant('abnormal_list' as const),
      date: recent,
      reason: fc.constant('查无下落'),
      removedOn: fc.constant(null),
    }),
    fc.record({
      type: fc.constant('serious_violation_list' as const),
      date: recent,
      removedOn: fc.constant(null),
    }),
    fc.record({ type: fc.constant('joint_punishment' as const), date: recent, removedOn: fc.constant(null) }),
    fc.record({
      type: fc.constant('inspection' as const),
      date: recent,
      results: fc.uniqueArray(fc.constantFrom('A', 'B', '6', '8', 'E', '3'), { minLength: 1, maxLength: 2 }),
    }),
    fc.record({ type: fc.constant('complaint' as const), date: recent, substantiated: fc.constant(true) }),
    fc.record({ type: fc.constant('quality_check' as const), date: recent, qualified: fc.constant(false) }),
    fc.record({ type: fc.constant('commitment' as const), date: recent, fulfilled: fc.constant(false) }),
    fc.record({
      type: fc.constant('change' as const),
      date: recent,
      field: fc.constantFrom('法定代表人' as const, '住所' as const),
    }),
  ) as fc.Arbitrary<GradingRecord>;
}

const models = builtinModels();
const compiled = new Map(models.map((m) => [m.id, compileModel(m)]));
// Entities established after asOf are not graded at all (tested in samr-risk.test.ts); the properties are
// about graded entities, so a generated establishment date is clamped to asOf.
const existing = (f: CreditFile, asOf: string): CreditFile =>
  f.entity.establishedOn && f.entity.establishedOn > asOf
    ? { ...f, entity: { ...f.entity, establishedOn: asOf } }
    : f;
const run = (m: GradingModel, f: CreditFile, asOf: string): GradeResult =>
  compiled.get(m.id)!(existing(f, asOf), asOf);

/** What must not depend on record order: everything but the records' positions. */
function orderFree(r: GradeResult) {
  return {
    ...r,
    breakdown: r.breakdown.map((l) => ({ ...l, evidence: l.evidence.map((e) => e.summary) })),
    overrides: r.overrides.map((o) => ({ ...o, evidence: o.evidence.map((e) => e.summary) })),
  };
}

/** Grade rank, 0 = best; not graded never happens for active files. */
const rank = (m: GradingModel, g: string | null) => m.bands.findIndex((b) => b.grade === g);

// FC_RUNS=5000 for a deeper search; 300 keeps the suite fast.
const RUNS = { numRuns: Number(process.env.FC_RUNS ?? 300) };

describe.each(models.map((m) => [m.id, m] as const))('%s keeps the properties of SPEC §5.4', (_id, model) => {
  it('is deterministic and independent of record order', () => {
    fc.assert(
      fc.property(fileArb, asOfArb, fc.integer(), (generated, asOf, seed) => {
        const file = existing(generated, asOf);
        const a = run(model, file, asOf);
        expect(run(model, file, asOf)).toEqual(a);
        // A second, fresh evaluator (no shared scratch state) gives the same answer.
        expect(compileModel(model)(file, asOf)).toEqual(a);
        const shuffled = [...file.records];
        let s = seed >>> 0;
        for (let i = shuffled.length - 1; i > 0; i--) {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          const j = s % (i + 1);
          [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
        }
        expect(orderFree(run(model, { ...file, records: shuffled }, asOf))).toEqual(orderFree(a));
      }),
      RUNS,
    );
  });

  it('gives the same score, grades and fired overrides without explanations', () => {
    const lean = compileModel(model, { explain: false });
    fc.assert(
      fc.property(fileArb, asOfArb, (generated, asOf) => {
        const file = existing(generated, asOf);
        const full = run(model, file, asOf);
        const r = lean(file, asOf);
        expect(r.breakdown).toEqual([]);
        expect({ ...r, breakdown: [], overrides: r.overrides.map((o) => o.id) }).toEqual({
          ...full,
          breakdown: [],
          overrides: full.overrides.map((o) => o.id),
        });
      }),
      RUNS,
    );
  });

  it('ignores records dated after asOf', () => {
    fc.assert(
      fc.property(fileArb, fc.array(recordArb, { minLength: 1, maxLength: 5 }), (file, extra) => {
        const future = extra.map((r) => ({ ...r, date: '2026-11-01' > r.date ? '2026-11-01' : r.date }));
        const a = run(model, file, AS_OF);
        expect(run(model, { ...file, records: [...file.records, ...future] }, AS_OF)).toEqual(a);
      }),
      RUNS,
    );
  });

  it('has a breakdown whose points sum to the two-decimal score, within the scale', () => {
    fc.assert(
      fc.property(fileArb, asOfArb, (generated, asOf) => {
        const file = existing(generated, asOf);
        const r = run(model, file, asOf);
        expect(r.score).not.toBeNull();
        const sum = r.breakdown.reduce((s, l) => s + Math.round(l.points * 100), 0);
        expect(sum).toBe(Math.round(r.score! * 100));
        expect(Math.round(r.score! * 100) / 100).toBe(r.score);
        expect(r.score!).toBeGreaterThanOrEqual(model.scale.min);
        expect(r.score!).toBeLessThanOrEqual(model.scale.max);
        expect(r.scoreGrade).toBe(gradeOfScore(model, r.score!));
        expect(rank(model, r.grade)).toBeGreaterThanOrEqual(0);
      }),
      RUNS,
    );
  });

  it('never improves when an in-effect negative record is added (nor worsens when it is removed)', () => {
    fc.assert(
      fc.property(
        fileArb,
        asOfArb.chain((asOf) => fc.tuple(fc.constant(asOf), negativeArb(asOf))),
        (file, [asOf, negative]) => {
          const before = run(model, file, asOf);
          const after = run(model, { ...file, records: [...file.records, negative] }, asOf);
          expect(after.score!).toBeLessThanOrEqual(before.score!);
          expect(rank(model, after.grade)).toBeGreaterThanOrEqual(rank(model, before.grade));
        },
      ),
      RUNS,
    );
  });

  it('never worsens when a penalty is repaired, a listing removed, or asOf moves past a penalty', () => {
    fc.assert(
      fc.property(fileArb, negativeArb(AS_OF), (file, negative) => {
        const withIt = { ...file, records: [...file.records, negative] };
        const a = run(model, withIt, AS_OF);
        let ended: GradingRecord | null = null;
        if (negative.type === 'penalty') ended = { ...negative, repairedOn: AS_OF };
        else if (
          negative.type === 'abnormal_list' ||
          negative.type === 'serious_violation_list' ||
          negative.type === 'joint_punishment'
        ) {
          ended = { ...negative, removedOn: AS_OF };
        }
        if (ended) {
          const b = run(model, { ...file, records: [...file.records, ended] }, AS_OF);
          expect(b.score!).toBeGreaterThanOrEqual(a.score!);
          expect(rank(model, b.grade)).toBeLessThanOrEqual(rank(model, a.grade));
        }
        if (negative.type === 'penalty') {
          // Past its publicity period (3 years at most), the penalty no longer makes any difference.
          const later = addMonths(negative.date, 37);
          const without = run(model, file, later);
          const withOld = run(model, withIt, later);
          expect(withOld.score).toBe(without.score);
          expect(withOld.grade).toBe(without.grade);
        }
      }),
      RUNS,
    );
  });

  it('has bands that cover the whole scale with no gap or overlap', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: Math.round(model.scale.min * 100), max: Math.round(model.scale.max * 100) }),
        (c) => {
          const s = c / 100;
          const hits = model.bands.filter(
            (b) => (b.minInclusive ? s >= b.min : s > b.min) && (b.maxInclusive ? s <= b.max : s < b.max),
          );
          expect(hits).toHaveLength(1);
          expect(gradeOfScore(model, s)).toBe(hits[0]!.grade);
        },
      ),
      { numRuns: 2000 },
    );
  });
});
