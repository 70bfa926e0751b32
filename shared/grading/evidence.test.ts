/**
 * The engine builds evidence summaries on a fast path (evidence.ts `evidenceSummary`: precomputed
 * pieces, no intermediate arrays). It must give exactly the text of the reference form
 * `${date} ${describe(record, kind)}` for every record, including the optional fields and values the
 * fast path hands back to `describe`; and the result-code bit table must agree with the code list.
 */
import fc from 'fast-check';
import { describe as suite, expect, it } from 'vitest';
import { ENTITY_KINDS } from '../domain/entity.ts';
import { ABNORMAL_REASONS, CHANGE_FIELDS, PENALTY_KINDS } from '../domain/records.ts';
import { INSPECTION_RESULT_CODES } from '../inspection-results/index.ts';
import { describe, evidenceSummary, recordEvidence } from './evidence.ts';
import { resultsMask } from './predicates.ts';
import type { GradingRecord } from './types.ts';

const day = fc
  .tuple(
    fc.integer({ min: 2015, max: 2027 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 28 }),
  )
  .map(([y, m, d]) => `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`);
const text = fc.constantFrom('', '12315', '奶粉', 'X市监罚〔2024〕12号');
/** Present, null, or absent (undefined). */
const maybe = <T>(a: fc.Arbitrary<T>) =>
  fc.option(a, { nil: null }).chain((v) => fc.constantFrom(v, undefined));

const recordArb: fc.Arbitrary<GradingRecord> = fc.oneof(
  fc.record({
    type: fc.constant('penalty' as const),
    date: day,
    penaltyKinds: fc.uniqueArray(fc.constantFrom(...PENALTY_KINDS), { minLength: 1, maxLength: 3 }),
    fine: maybe(fc.constantFrom(0, 500, 5000, 12.5, 100_000)),
    decisionNo: maybe(text),
    repairedOn: maybe(day),
  }),
  fc.record({
    type: fc.constant('abnormal_list' as const),
    date: day,
    reason: fc.constantFrom(...ABNORMAL_REASONS, '其他原因'),
    removedOn: maybe(day),
  }),
  fc.record({
    type: fc.constant('serious_violation_list' as const),
    date: day,
    reason: maybe(text),
    removedOn: maybe(day),
  }),
  fc.record({
    type: fc.constant('joint_punishment' as const),
    date: day,
    field: maybe(text),
    removedOn: maybe(day),
  }),
  fc.record({
    type: fc.constant('inspection' as const),
    date: day,
    results: fc.array(fc.constantFrom(...INSPECTION_RESULT_CODES, 'Z', '13', '1A', '检', 'toString'), {
      minLength: 1,
      maxLength: 3,
    }),
  }),
  fc.record({
    type: fc.constant('complaint' as const),
    date: day,
    channel: maybe(text),
    substantiated: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('annual_report' as const),
    date: day,
    year: fc.constantFrom(1899, 1900, 2016, 2025, 2199, 2200, -3, 2024.5),
    onTime: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('quality_check' as const),
    date: day,
    product: maybe(text),
    qualified: fc.boolean(),
  }),
  fc.record({
    type: fc.constant('commitment' as const),
    date: day,
    content: maybe(text),
    fulfilled: fc.constantFrom(true, false, null),
  }),
  fc.record({
    type: fc.constant('commendation' as const),
    date: day,
    title: maybe(text),
    level: maybe(fc.constantFrom('国家级', '省级', '市级', '县级', '乡级', '')),
  }),
  fc.record({
    type: fc.constant('public_credit_score' as const),
    date: day,
    scheme: fc.constantFrom('henan-pds-public-100', 'x'),
    score: fc.constantFrom(0, 85.01, 1000),
    grade: maybe(fc.constantFrom('差', 'A', '')),
  }),
  fc.record({ type: fc.constant('change' as const), date: day, field: fc.constantFrom(...CHANGE_FIELDS) }),
) as fc.Arbitrary<GradingRecord>;

suite('evidence summaries', () => {
  it('are exactly the date, a space and describe(record), for every record and entity kind', () => {
    fc.assert(
      fc.property(recordArb, fc.constantFrom(...ENTITY_KINDS), (r, kind) => {
        expect(evidenceSummary(r, kind)).toBe(`${r.date} ${describe(r, kind)}`);
        expect(recordEvidence(r, 3, kind).summary).toBe(`${r.date} ${describe(r, kind)}`);
      }),
      { numRuns: Number(process.env.FC_RUNS ?? 3000) },
    );
  });

  it('read result codes into the bit of their position in the code list, and nothing else', () => {
    INSPECTION_RESULT_CODES.forEach((code, i) => {
      expect(resultsMask([code])).toBe(1 << i);
    });
    expect(resultsMask(['Z', '13', '1A', '0', '检', '', 'toString'])).toBe(0);
    expect(resultsMask(['1', '10', 'E'])).toBe(
      (1 << INSPECTION_RESULT_CODES.indexOf('1')) |
        (1 << INSPECTION_RESULT_CODES.indexOf('10')) |
        (1 << INSPECTION_RESULT_CODES.indexOf('E')),
    );
  });
});
