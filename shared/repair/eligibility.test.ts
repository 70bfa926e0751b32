/**
 * Repair eligibility: golden cases worked out by hand from 45号令 Arts. 2, 13, 14, the 信用修复管理办法
 * Arts. 5–6 and 44号令 (month-end clamping included), and properties over generated files.
 */
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { PENALTY_KINDS, PENALTY_KINDS_EXCLUDED_FROM_REPAIR } from '../domain/records.ts';
import { addMonths } from '../dates/iso-date.ts';
import type { CreditFile, GradingRecord } from '../grading/types.ts';
import { type RecordEligibility, repairEligibility } from './eligibility.ts';

const file = (records: GradingRecord[], kind: CreditFile['entity']['kind'] = 'enterprise'): CreditFile => ({
  id: 'E1',
  entity: { kind },
  records,
});
const fine = (date: string, amount: number, extra: Partial<GradingRecord> = {}): GradingRecord =>
  ({ type: 'penalty', date, penaltyKinds: ['罚款'], fine: amount, ...extra }) as GradingRecord;
const first = (records: GradingRecord[], asOf: string, kind?: CreditFile['entity']['kind']) =>
  repairEligibility(file(records, kind), asOf).records[0] as RecordEligibility;

describe('penalties (45号令, 信用修复管理办法 Art. 6)', () => {
  it('a heavy fine of 2025-08-31 may stop early on 2026-02-28 (6 months, clamped), not a day before', () => {
    const before = first([fine('2025-08-31', 200_000)], '2026-02-27');
    expect(before).toMatchObject({
      action: 'stop_publicity',
      publicityEndsOn: '2028-08-31',
      eligibleOn: '2026-02-28',
      eligibleNow: false,
      blockedBy: [],
    });
    expect(first([fine('2025-08-31', 200_000)], '2026-02-28').eligibleNow).toBe(true);
    expect(before.checklist).toContain('已履行行政处罚决定规定的义务（如已缴清罚款）');
  });

  it('publicity counts from publishedOn when recorded, and food, drug, special equipment wait 12 months', () => {
    const r = first(
      [fine('2025-01-10', 500_000, { publishedOn: '2025-03-15', field: '食品' })],
      '2026-03-14',
    );
    expect(r).toMatchObject({ eligibleOn: '2026-03-15', publicityEndsOn: '2028-03-15', eligibleNow: false });
    expect(first([fine('2024-02-29', 500_000, { field: '特种设备' })], '2025-02-28').eligibleOn).toBe(
      '2025-02-28',
    );
    expect(first([fine('2025-01-10', 500_000, { field: '广告' })], '2025-07-10').eligibleNow).toBe(true);
  });

  it('warning-only is never published; 通报批评 or a low fine ends after 3 months by itself', () => {
    const warning = first([{ type: 'penalty', date: '2026-01-05', penaltyKinds: ['警告'] }], '2026-02-01');
    expect(warning).toMatchObject({ action: null, publicityEndsOn: null, eligibleOn: null });
    expect(warning.reasons[0]).toMatch(/不予公示/);
    const notice = first(
      [{ type: 'penalty', date: '2025-11-30', penaltyKinds: ['通报批评', '警告'] }],
      '2026-01-15',
    );
    expect(notice).toMatchObject({ action: null, publicityEndsOn: '2026-02-28' });
    // 较低数额: below 100,000 for an enterprise, below 10,000 for an individual business ("不含本数").
    expect(first([fine('2026-01-10', 99_999)], '2026-02-01')).toMatchObject({
      action: null,
      publicityEndsOn: '2026-04-10',
    });
    expect(first([fine('2026-01-10', 100_000)], '2026-02-01').publicityEndsOn).toBe('2029-01-10');
    expect(first([fine('2026-01-10', 10_000)], '2026-02-01', 'individual').publicityEndsOn).toBe(
      '2029-01-10',
    );
    expect(first([fine('2026-01-10', 9_999)], '2026-02-01', 'individual').publicityEndsOn).toBe('2026-04-10');
  });

  it('the kinds of Art. 14(3) are never eligible, whatever the date', () => {
    const r = first(
      [{ type: 'penalty', date: '2024-01-10', penaltyKinds: ['罚款', '吊销许可证件'], fine: 1000 }],
      '2026-12-01',
    );
    expect(r).toMatchObject({ action: 'stop_publicity', eligibleOn: null, eligibleNow: false });
    expect(r.blockedBy).toEqual(['excluded_kind']);
    expect(r.reasons[0]).toMatch(/吊销许可证件.*不得提前停止公示/);
  });

  it('a later penalty for the same violation type blocks; another type does not', () => {
    const later = (violationType: string) => [
      fine('2025-01-10', 200_000, { violationType: '虚假宣传' }),
      fine('2025-09-01', 200_000, { violationType }),
    ];
    expect(first(later('虚假宣传'), '2025-12-01').blockedBy).toEqual(['repeat_penalty']);
    expect(first(later('无照经营'), '2025-12-01')).toMatchObject({ blockedBy: [], eligibleNow: true });
    // A later penalty not yet decided on the as-of date is not there yet.
    expect(first(later('虚假宣传'), '2025-08-31').blockedBy).toEqual([]);
  });

  it('being on the abnormal or the serious-violation list on the as-of date blocks, removal lifts it', () => {
    const records: GradingRecord[] = [
      fine('2025-01-10', 200_000),
      { type: 'abnormal_list', date: '2025-05-01', reason: '未按时年报', removedOn: '2025-11-20' },
      { type: 'serious_violation_list', date: '2022-10-01' },
    ];
    expect(first(records, '2025-08-01').blockedBy).toEqual(['on_abnormal_list', 'on_serious_list']);
    // The serious-list entry lapses after three years (2025-10-01) by itself.
    expect(first(records, '2025-10-01').blockedBy).toEqual(['on_abnormal_list']);
    expect(first(records, '2025-11-20')).toMatchObject({ blockedBy: [], eligibleNow: true });
  });

  it('a recorded publicityEnd wins, and a repaired or expired penalty needs nothing', () => {
    expect(
      first([fine('2025-01-10', 200_000, { publicityEnd: '2029-06-30' })], '2025-12-01').publicityEndsOn,
    ).toBe('2029-06-30');
    expect(first([fine('2025-01-10', 200_000, { repairedOn: '2025-09-01' })], '2025-12-01')).toMatchObject({
      action: null,
      reasons: ['已于 2025-09-01 信用修复，停止公示'],
    });
    expect(first([fine('2022-01-10', 200_000)], '2025-01-10').action).toBeNull();
  });
});

describe('lists', () => {
  it('an enterprise on the abnormal list may apply at once; an individual is restored instead', () => {
    const listing: GradingRecord = { type: 'abnormal_list', date: '2025-06-30', reason: '未按时年报' };
    const report: GradingRecord = { type: 'annual_report', date: '2025-09-01', year: 2024, onTime: false };
    const e = first([listing, report], '2025-07-01');
    expect(e).toMatchObject({ action: 'remove_abnormal', eligibleOn: '2025-06-30', eligibleNow: true });
    expect(first([listing, report], '2025-10-01').reasons).toContain('已于 2025-09-01 报送 2024 年度报告');
    expect(first([listing], '2025-07-01', 'individual').action).toBe('restore_individual');
    expect(first([{ ...listing, removedOn: '2025-08-01' }], '2025-09-01').action).toBeNull();
  });

  it('three years unresolved on the abnormal list is a warning of the serious-violation list', () => {
    const listing: GradingRecord = { type: 'abnormal_list', date: '2023-02-28', reason: '查无下落' };
    expect(first([listing], '2026-02-27').reasons.some((r) => r.startsWith('注意'))).toBe(false);
    expect(first([listing], '2026-02-28').reasons.some((r) => r.includes('应列入严重违法失信名单'))).toBe(
      true,
    );
  });

  it('the serious-violation list: early removal from one year, by itself after three, clamped', () => {
    const listing: GradingRecord = { type: 'serious_violation_list', date: '2024-02-29' };
    expect(first([listing], '2025-02-27')).toMatchObject({
      action: 'remove_serious',
      eligibleOn: '2025-02-28',
      publicityEndsOn: '2027-02-28',
      eligibleNow: false,
    });
    expect(first([listing], '2025-02-28').eligibleNow).toBe(true);
    expect(first([listing], '2027-02-28').action).toBeNull();
    const heavyAfter = [listing, fine('2024-10-01', 300_000)];
    expect(first(heavyAfter, '2025-06-01').blockedBy).toEqual(['later_heavy_penalty']);
  });

  it('records of other kinds, and records after the as-of date, need nothing', () => {
    const r = repairEligibility(
      file([{ type: 'complaint', date: '2025-01-01', substantiated: true }, fine('2027-01-01', 500_000)]),
      '2026-01-01',
    ).records;
    expect(r.map((x) => [x.index, x.type, x.action])).toEqual([
      [0, 'complaint', null],
      [1, 'penalty', null],
    ]);
  });
});

const dayArb = fc
  .tuple(
    fc.integer({ min: 2019, max: 2027 }),
    fc.integer({ min: 1, max: 12 }),
    fc.integer({ min: 1, max: 31 }),
  )
  .map(([y, m, d]) => {
    const last = new Date(Date.UTC(y, m, 0)).getUTCDate();
    return `${y}-${String(m).padStart(2, '0')}-${String(Math.min(d, last)).padStart(2, '0')}`;
  });
const penaltyArb: fc.Arbitrary<GradingRecord> = fc
  .record({
    date: dayArb,
    kinds: fc.uniqueArray(fc.constantFrom(...PENALTY_KINDS), { minLength: 1, maxLength: 3 }),
    fine: fc.option(fc.integer({ min: 0, max: 2_000_000 }), { nil: null }),
    field: fc.constantFrom(null, '食品', '药品', '特种设备', '广告'),
  })
  .map(
    (p) =>
      ({
        type: 'penalty',
        date: p.date,
        penaltyKinds: p.kinds,
        fine: p.fine,
        field: p.field,
        publishedOn: null,
        violationType: null,
      }) as GradingRecord,
  );

/** 0 blocked or too early, 1 may apply now, 2 needs nothing any more. */
const rank = (r: RecordEligibility) => (r.action === null ? 2 : r.eligibleNow ? 1 : 0);

describe('properties', () => {
  it('moving the as-of date later never makes a penalty less eligible (no lists, no repeats in the file)', () => {
    fc.assert(
      fc.property(penaltyArb, dayArb, dayArb, (p, a, b) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        if (p.date > early) return; // before the decision the record does not exist yet
        const e = first([p], early);
        const l = first([p], late);
        expect(rank(l)).toBeGreaterThanOrEqual(rank(e));
      }),
      { numRuns: 2000 },
    );
  });

  it('a penalty of an excluded kind is never eligible, on any date', () => {
    fc.assert(
      fc.property(
        penaltyArb,
        dayArb,
        fc.constantFrom(...PENALTY_KINDS_EXCLUDED_FROM_REPAIR),
        (p, asOf, k) => {
          const withExcluded = {
            ...p,
            penaltyKinds: [...(p as { penaltyKinds: string[] }).penaltyKinds, k],
          } as GradingRecord;
          const r = first([withExcluded], asOf);
          expect(r.eligibleNow).toBe(false);
          expect(r.eligibleOn).toBeNull();
        },
      ),
      { numRuns: 2000 },
    );
  });

  it('eligibleOn, when set, never comes before the start of publicity nor after its end', () => {
    let checked = 0;
    fc.assert(
      fc.property(penaltyArb, fc.integer({ min: 0, max: 40 }), (p, months) => {
        const r = first([p], addMonths(p.date, months));
        if (r.eligibleOn === null) return;
        checked++;
        expect(r.eligibleOn > p.date).toBe(true);
        expect(r.eligibleOn < (r.publicityEndsOn as string)).toBe(true);
      }),
      { numRuns: 2000 },
    );
    // The generator must reach the case it is about, not pass by never meeting it.
    expect(checked).toBeGreaterThan(300);
  });
});
