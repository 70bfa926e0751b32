/** SPEC §5.3 one rule at a time: each indicator, cap, window and override of `samr-risk`. */
import { describe, expect, it } from 'vitest';
import type { EntityKind, EntityStatus } from '../domain/entity.ts';
import { evaluate, getBuiltinModel, type GradeResult, type GradingRecord } from './index.ts';

const model = getBuiltinModel('samr-risk')!;
const AS_OF = '2026-10-31';

/** An established enterprise with all three recent annual reports filed on time, plus `records`. */
function grade(
  records: GradingRecord[],
  opts: { kind?: EntityKind; status?: EntityStatus; establishedOn?: string; asOf?: string } = {},
): GradeResult {
  const reports: GradingRecord[] = [2021, 2022, 2023, 2024, 2025].map((year) => ({
    type: 'annual_report',
    date: `${year + 1}-05-01`,
    year,
    onTime: true,
  }));
  return evaluate(
    model,
    {
      id: 'T',
      entity: {
        kind: opts.kind ?? 'enterprise',
        status: opts.status ?? 'active',
        establishedOn: opts.establishedOn ?? '2010-01-01',
      },
      records: [...reports, ...records],
    },
    opts.asOf ?? AS_OF,
  );
}

const line = (r: GradeResult, id: string) => r.breakdown.find((l) => l.indicator === id);
const points = (r: GradeResult, id: string) => line(r, id)?.points ?? 0;

const penalty = (
  date: string,
  extra: Partial<Extract<GradingRecord, { type: 'penalty' }>> = {},
): GradingRecord => ({
  type: 'penalty',
  date,
  penaltyKinds: ['没收违法所得'],
  ...extra,
});
const inspection = (date: string, results: string[]): GradingRecord => ({
  type: 'inspection',
  date,
  results,
});

describe('samr-risk indicators (SPEC §5.3)', () => {
  it('a clean established enterprise keeps the base 1000 and grade A', () => {
    const r = grade([]);
    expect(r).toMatchObject({ score: 1000, scoreGrade: 'A', grade: 'A', overrides: [] });
    expect(r.breakdown).toEqual([{ indicator: 'base', label: '基础分', points: 1000, evidence: [] }]);
  });

  it('penalty in effect −60 each, capped at −240', () => {
    expect(points(grade([penalty('2025-01-01')]), 'penalty')).toBe(-60);
    const five = grade(
      ['2024-01-01', '2024-06-01', '2025-01-01', '2025-06-01', '2026-01-01'].map((d) => penalty(d)),
    );
    expect(points(five, 'penalty')).toBe(-240);
    expect(line(five, 'penalty')).toMatchObject({ count: 5, capped: true });
    expect(line(five, 'penalty')!.evidence).toHaveLength(5);
  });

  it('a penalty counts only during its publicity period (45号令) and until repaired', () => {
    // Other penalties: 3 years from the decision.
    expect(points(grade([penalty('2023-11-01')]), 'penalty')).toBe(-60);
    expect(points(grade([penalty('2023-10-31')]), 'penalty')).toBe(0);
    // Warning only: never published.
    expect(points(grade([penalty('2026-10-01', { penaltyKinds: ['警告'] })]), 'penalty')).toBe(0);
    // 通报批评 or a low fine: 3 months.
    const light = penalty('2026-08-01', { penaltyKinds: ['警告', '罚款'], fine: 5000 });
    expect(points(grade([light]), 'penalty')).toBe(-60);
    expect(points(grade([{ ...light, date: '2026-07-31' }]), 'penalty')).toBe(0);
    expect(points(grade([penalty('2026-07-01', { penaltyKinds: ['通报批评'] })]), 'penalty')).toBe(0);
    // 较低数额 depends on the kind: 50,000 is low for an organisation, not for an individual business.
    const fine50k = penalty('2026-01-01', { penaltyKinds: ['罚款'], fine: 50_000 });
    expect(points(grade([fine50k]), 'penalty')).toBe(0);
    expect(points(grade([fine50k], { kind: 'individual' }), 'penalty')).toBe(-60);
    // A recorded publicity end wins (exclusive).
    expect(points(grade([penalty('2020-01-01', { publicityEnd: '2026-11-01' })]), 'penalty')).toBe(-60);
    expect(points(grade([penalty('2026-01-01', { publicityEnd: '2026-10-31' })]), 'penalty')).toBe(0);
    // Repaired on or before asOf: no longer counts; a repair after asOf does not count yet.
    expect(points(grade([penalty('2025-01-01', { repairedOn: '2026-10-31' })]), 'penalty')).toBe(0);
    expect(points(grade([penalty('2025-01-01', { repairedOn: '2026-11-01' })]), 'penalty')).toBe(-60);
  });

  it('责令停产停业 / 吊销 / fine ≥ 100,000: a further −100 each, capped at −200', () => {
    const r = grade([penalty('2026-01-01', { penaltyKinds: ['罚款'], fine: 100_000 })]);
    expect(points(r, 'penalty')).toBe(-60);
    expect(points(r, 'penalty-severe')).toBe(-100);
    expect(
      points(grade([penalty('2026-01-01', { penaltyKinds: ['罚款'], fine: 99_999 })]), 'penalty-severe'),
    ).toBe(0);
    expect(points(grade([penalty('2026-01-01', { penaltyKinds: ['责令停产停业'] })]), 'penalty-severe')).toBe(
      -100,
    );
    expect(points(grade([penalty('2026-01-01', { penaltyKinds: ['吊销许可证件'] })]), 'penalty-severe')).toBe(
      -100,
    );
    const three = grade(
      ['2025-01-01', '2025-02-01', '2025-03-01'].map((d) => penalty(d, { penaltyKinds: ['责令停产停业'] })),
    );
    expect(points(three, 'penalty-severe')).toBe(-200);
    expect(three.score).toBe(1000 - 180 - 200);
  });

  it('on the abnormal list now −150 and cap C; removed within 36 months −30 each (cap −90)', () => {
    const now = grade([{ type: 'abnormal_list', date: '2026-01-01', reason: '查无下落' }]);
    expect(points(now, 'abnormal-now')).toBe(-150);
    expect(now.score).toBe(850);
    expect(now.scoreGrade).toBe('B');
    expect(now.grade).toBe('C');
    expect(now.overrides.map((o) => o.id)).toEqual(['abnormal-now']);

    const removed = (listed: string, out: string): GradingRecord => ({
      type: 'abnormal_list',
      date: listed,
      reason: '未按时年报',
      removedOn: out,
    });
    const r = grade([removed('2024-07-01', '2024-09-01')]);
    expect(points(r, 'abnormal-now')).toBe(0);
    expect(points(r, 'abnormal-removed')).toBe(-30);
    expect(r.score).toBe(970);
    expect(r.grade).toBe('A');
    // The window runs on the removal date; a removal after asOf means it is still listed.
    expect(points(grade([removed('2020-01-01', '2023-11-01')]), 'abnormal-removed')).toBe(-30);
    expect(points(grade([removed('2020-01-01', '2023-10-31')]), 'abnormal-removed')).toBe(0);
    expect(points(grade([removed('2026-01-01', '2026-11-01')]), 'abnormal-now')).toBe(-150);
    const four = grade(
      ['2023-12-01', '2024-12-01', '2025-12-01', '2026-06-01'].map((d) => removed('2023-01-01', d)),
    );
    // While another listing is in effect, removed listings do not deduct on top of “on the list now”:
    // otherwise removing one of two listings would lower the score (SPEC §5.4).
    const both = grade([
      removed('2024-07-01', '2024-09-01'),
      { type: 'abnormal_list', date: '2026-01-01', reason: '查无下落' },
    ]);
    expect(points(both, 'abnormal-now')).toBe(-150);
    expect(points(both, 'abnormal-removed')).toBe(0);
    expect(both.score).toBe(850);
    expect(points(four, 'abnormal-removed')).toBe(-90);
  });

  it('inspection results within 36 months: A −50 each (cap −150), E −20 each (cap −60), 8 −200, 6 −100', () => {
    expect(points(grade([inspection('2024-01-01', ['A'])]), 'inspection-pending')).toBe(-50);
    expect(points(grade([inspection('2023-10-31', ['A'])]), 'inspection-pending')).toBe(0);
    // The children of A (except 6, which has its own rule) count as A.
    expect(points(grade([inspection('2024-01-01', ['B'])]), 'inspection-pending')).toBe(-50);
    const fourA = grade(
      ['2024-01-01', '2024-06-01', '2025-01-01', '2026-01-01'].map((d) => inspection(d, ['A', '3'])),
    );
    expect(points(fourA, 'inspection-pending')).toBe(-150);
    expect(points(grade([inspection('2024-01-01', ['E'])]), 'inspection-corrected')).toBe(-20);
    const fourE = grade(
      ['2024-01-01', '2024-06-01', '2025-01-01', '2026-01-01'].map((d) => inspection(d, ['E'])),
    );
    expect(points(fourE, 'inspection-corrected')).toBe(-60);
    const twice8 = grade([inspection('2024-01-01', ['8']), inspection('2025-01-01', ['8'])]);
    expect(points(twice8, 'inspection-uncooperative')).toBe(-200);
    const twice6 = grade([inspection('2024-01-01', ['6']), inspection('2025-01-01', ['6'])]);
    expect(points(twice6, 'inspection-unreachable')).toBe(-100);
    expect(points(grade([inspection('2025-01-01', ['1'])]), 'inspection-pending')).toBe(0);
  });

  it('不配合检查情节严重 within 12 months caps the grade at C; older ones only deduct', () => {
    const recent = grade([inspection('2025-11-01', ['8'])]);
    expect(recent.score).toBe(800);
    expect(recent.grade).toBe('C');
    expect(recent.overrides.map((o) => o.id)).toEqual(['uncooperative-12m']);
    const older = grade([inspection('2025-10-31', ['8'])]);
    expect(older.overrides).toEqual([]);
    expect(older.grade).toBe('C'); // by score: 800
  });

  it('substantiated complaints within 12 months −10 each, capped at −100', () => {
    const c = (date: string, substantiated = true): GradingRecord => ({
      type: 'complaint',
      date,
      substantiated,
    });
    expect(points(grade([c('2025-11-01')]), 'complaint')).toBe(-10);
    expect(points(grade([c('2025-10-31')]), 'complaint')).toBe(0);
    expect(points(grade([c('2026-01-01', false)]), 'complaint')).toBe(0);
    const twelve = grade(Array.from({ length: 12 }, (_, i) => c(`2026-0${(i % 9) + 1}-1${i % 10}`)));
    expect(points(twelve, 'complaint')).toBe(-100);
  });

  it('annual reports late or missing within 3 years −30 each (cap −90), for every kind that files them', () => {
    // The annual reports of 2021–2025 were loaded: a year without a record is a missing report.
    const coverage = { annualReports: [2021, 2022, 2023, 2024, 2025] };
    const base = (kind: EntityKind, records: GradingRecord[], establishedOn = '2010-01-01') =>
      evaluate(model, { id: 'T', entity: { kind, establishedOn }, records, coverage }, AS_OF);
    // Nothing filed: the years 2023, 2024, 2025 (deadlines 2024-06-30 … 2026-06-30) are missing.
    const none = base('enterprise', []);
    expect(points(none, 'annual-report')).toBe(-90);
    expect(line(none, 'annual-report')!.evidence.map((e) => e.summary)).toEqual([
      '2023 年度报告未公示（应于 2024-06-30 前公示）',
      '2024 年度报告未公示（应于 2025-06-30 前公示）',
      '2025 年度报告未公示（应于 2026-06-30 前公示）',
    ]);
    expect(points(base('cooperative', []), 'annual-report')).toBe(-90);
    // 个体工商户 file annual reports too (《个体工商户年度报告暂行办法》).
    expect(points(base('individual', []), 'annual-report')).toBe(-90);
    // Non-market bodies (kind 其他) do not.
    expect(points(base('other', []), 'annual-report')).toBe(0);
    // Established in 2025: only the 2025 report is due.
    expect(points(base('enterprise', [], '2025-03-01'), 'annual-report')).toBe(-30);
    // Late counts like missing; on time does not.
    const filed = (
      year: number,
      onTime: boolean,
      date = `${year + 1}-${onTime ? '05' : '09'}-01`,
    ): GradingRecord => ({
      type: 'annual_report',
      date,
      year,
      onTime,
    });
    expect(
      points(base('enterprise', [filed(2023, true), filed(2024, false), filed(2025, true)]), 'annual-report'),
    ).toBe(-30);
    expect(
      points(base('enterprise', [filed(2023, true), filed(2024, true), filed(2025, true)]), 'annual-report'),
    ).toBe(0);
    // A report filed after asOf does not exist yet.
    expect(
      points(
        base('enterprise', [filed(2023, true), filed(2024, true), filed(2025, false, '2026-11-15')]),
        'annual-report',
      ),
    ).toBe(-30);
  });

  it('failed quality checks within 24 months −40 each (cap −120); violated commitments −50 each', () => {
    const q = (date: string, qualified = false): GradingRecord => ({
      type: 'quality_check',
      date,
      qualified,
    });
    expect(points(grade([q('2024-11-01')]), 'quality-failed')).toBe(-40);
    expect(points(grade([q('2024-10-31')]), 'quality-failed')).toBe(0);
    expect(points(grade([q('2025-01-01', true)]), 'quality-failed')).toBe(0);
    expect(
      points(
        grade(['2025-01-01', '2025-03-01', '2025-05-01', '2025-07-01'].map((d) => q(d))),
        'quality-failed',
      ),
    ).toBe(-120);
    const v = (date: string, fulfilled: boolean | null): GradingRecord => ({
      type: 'commitment',
      date,
      fulfilled,
    });
    const r = grade([
      v('2015-01-01', false),
      v('2020-01-01', false),
      v('2021-01-01', true),
      v('2022-01-01', null),
    ]);
    expect(points(r, 'commitment-violated')).toBe(-100);
  });

  it('≥ 3 changes of 法定代表人/住所 within 12 months −30 once', () => {
    const ch = (date: string, field: '法定代表人' | '住所' | '经营范围'): GradingRecord => ({
      type: 'change',
      date,
      field,
    });
    expect(
      points(grade([ch('2026-01-01', '法定代表人'), ch('2026-02-01', '住所')]), 'frequent-changes'),
    ).toBe(0);
    expect(
      points(
        grade([ch('2026-01-01', '法定代表人'), ch('2026-02-01', '住所'), ch('2026-03-01', '经营范围')]),
        'frequent-changes',
      ),
    ).toBe(0);
    const four = grade([
      ch('2026-01-01', '法定代表人'),
      ch('2026-02-01', '住所'),
      ch('2026-03-01', '住所'),
      ch('2026-04-01', '住所'),
    ]);
    expect(points(four, 'frequent-changes')).toBe(-30);
    expect(
      points(
        grade([ch('2025-10-31', '法定代表人'), ch('2026-02-01', '住所'), ch('2026-03-01', '住所')]),
        'frequent-changes',
      ),
    ).toBe(0);
  });

  it('commendations within 36 months +20 each (cap +40), and the score never exceeds 1000', () => {
    const c = (date: string): GradingRecord => ({ type: 'commendation', date, level: '县级' });
    const r = grade([c('2024-01-01'), c('2025-01-01'), c('2026-01-01'), penalty('2026-01-01')]);
    expect(points(r, 'commendation')).toBe(40);
    expect(r.score).toBe(980);
    const clamped = grade([c('2025-01-01')]);
    expect(clamped.score).toBe(1000);
    expect(points(clamped, 'clamp')).toBe(-20);
    expect(clamped.breakdown.reduce((s, l) => s + l.points, 0)).toBe(1000);
    expect(points(grade([c('2023-10-31')]), 'commendation')).toBe(0);
  });

  it('bands: A ≥ 950, B [850, 950), C [700, 850), D < 700', () => {
    // Land exactly on each bound with combinations of indicators.
    const ab = grade([
      { type: 'abnormal_list', date: '2022-01-01', reason: '查无下落', removedOn: '2024-01-01' },
      { type: 'complaint', date: '2026-01-01', substantiated: true },
      { type: 'complaint', date: '2026-02-01', substantiated: true },
    ]);
    expect(ab.score).toBe(950);
    expect(ab.grade).toBe('A');
    expect(grade([penalty('2026-01-01')]).score).toBe(940);
    expect(grade([penalty('2026-01-01')]).grade).toBe('B');
    expect(grade([{ type: 'complaint', date: '2026-01-01', substantiated: true }]).grade).toBe('A'); // 990
    const c850 = grade([
      { type: 'abnormal_list', date: '2022-01-01', reason: '查无下落', removedOn: '2024-01-01' },
      inspection('2025-01-01', ['6']),
      { type: 'complaint', date: '2026-01-01', substantiated: true },
      { type: 'complaint', date: '2026-02-01', substantiated: true },
    ]);
    expect(c850.score).toBe(850);
    expect(c850.grade).toBe('B');
    const c840 = grade([inspection('2025-01-01', ['6']), penalty('2026-01-01')]);
    expect(c840.score).toBe(840);
    expect(c840.grade).toBe('C');
    const d700 = grade([
      inspection('2025-01-01', ['6']),
      inspection('2025-02-01', ['A']),
      penalty('2026-01-01'),
      penalty('2026-02-01'),
      { type: 'complaint', date: '2026-01-01', substantiated: true },
      { type: 'complaint', date: '2026-02-01', substantiated: true },
      { type: 'complaint', date: '2026-03-01', substantiated: true },
    ]);
    expect(d700.score).toBe(700);
    expect(d700.grade).toBe('C');
    const d690 = grade([
      inspection('2025-01-01', ['6']),
      inspection('2025-02-01', ['A']),
      penalty('2026-01-01'),
      penalty('2026-02-01'),
      { type: 'complaint', date: '2026-01-01', substantiated: true },
      { type: 'complaint', date: '2026-02-01', substantiated: true },
      { type: 'complaint', date: '2026-03-01', substantiated: true },
      { type: 'complaint', date: '2026-04-01', substantiated: true },
    ]);
    expect(d690.score).toBe(690);
    expect(d690.grade).toBe('D');
  });
});

describe('samr-risk overrides (SPEC §5.3)', () => {
  it('serious-violation or joint-punishment list in effect forces D, with the record as evidence', () => {
    const serious = grade([{ type: 'serious_violation_list', date: '2025-01-01', reason: '提交虚假材料' }]);
    expect(serious.score).toBe(1000);
    expect(serious.scoreGrade).toBe('A');
    expect(serious.grade).toBe('D');
    expect(serious.overrides).toHaveLength(1);
    expect(serious.overrides[0]).toMatchObject({ id: 'serious-violation-list', action: 'force', grade: 'D' });
    expect(serious.overrides[0]!.evidence[0]!.summary).toContain('严重违法失信名单');
    // Removed, or lapsed after 3 years (44号令): no longer in effect.
    expect(
      grade([{ type: 'serious_violation_list', date: '2025-01-01', removedOn: '2026-01-01' }]).grade,
    ).toBe('A');
    expect(grade([{ type: 'serious_violation_list', date: '2023-10-31' }]).grade).toBe('A');
    expect(grade([{ type: 'joint_punishment', date: '2020-01-01' }]).grade).toBe('D');
    expect(grade([{ type: 'joint_punishment', date: '2020-01-01', removedOn: '2026-10-31' }]).grade).toBe(
      'A',
    );
  });

  it('province public credit grade at the scheme worst grade caps at C (latest record of the scheme)', () => {
    const pcs = (date: string, score: number, grade: string): GradingRecord => ({
      type: 'public_credit_score',
      date,
      scheme: 'henan-pds-public-100',
      score,
      grade,
    });
    const worst = grade([pcs('2026-09-30', 45, '差')]);
    expect(worst.grade).toBe('C');
    expect(worst.overrides.map((o) => o.id)).toEqual(['public-credit-worst']);
    expect(grade([pcs('2026-06-30', 45, '差'), pcs('2026-09-30', 72, '良')]).grade).toBe('A');
    expect(grade([pcs('2026-09-30', 72, '良'), pcs('2026-11-30', 45, '差')]).grade).toBe('A');
  });

  it('established less than 6 months ago with no negative record: forced B (新设立，数据不足)', () => {
    const fresh = grade([], { establishedOn: '2026-06-01' });
    expect(fresh.score).toBe(1000);
    expect(fresh.grade).toBe('B');
    expect(fresh.overrides.map((o) => o.id)).toContain('new-entity');
    expect(grade([], { establishedOn: '2026-04-30' }).grade).toBe('A');
    // With a negative record the force does not fire, and the cap keeps it from becoming better than B.
    const neg = grade(
      [
        { type: 'complaint', date: '2026-09-01', substantiated: true },
        { type: 'commendation', date: '2026-09-02' },
      ],
      {
        establishedOn: '2026-06-01',
      },
    );
    expect(neg.score).toBe(1000);
    expect(neg.overrides.map((o) => o.id)).toEqual(['new-entity-cap']);
    expect(neg.grade).toBe('B');
    // On the serious-violation list: D, not B.
    expect(
      grade([{ type: 'serious_violation_list', date: '2026-09-01' }], { establishedOn: '2026-06-01' }).grade,
    ).toBe('D');
  });

  it('entities with status 注销/吊销/迁出/撤销 are not graded', () => {
    for (const status of ['cancelled', 'revoked', 'moved', 'withdrawn'] as const) {
      const r = grade([], { status });
      expect(r).toMatchObject({ score: null, grade: null, scoreGrade: null, breakdown: [] });
      expect(r.notGraded).toMatch(/不予分级/);
    }
  });

  it('entities established after asOf are not graded (a run with an earlier as-of date)', () => {
    const r = grade([], { establishedOn: '2026-12-01', asOf: '2026-10-31' });
    expect(r).toMatchObject({ score: null, grade: null, breakdown: [] });
    expect(r.notGraded).toMatch(/尚未成立/);
    expect(grade([], { establishedOn: '2026-10-31', asOf: '2026-10-31' }).grade).not.toBeNull();
  });

  it('refuses an asOf that is not a calendar date', () => {
    expect(() => grade([], { asOf: '2026-02-30' })).toThrow(/评价基准日/);
    expect(() => grade([], { asOf: '2026/10/31' })).toThrow(RangeError);
  });

  it('records dated after asOf are ignored entirely', () => {
    const r = grade([penalty('2026-11-01'), { type: 'joint_punishment', date: '2026-11-01' }]);
    expect(r.score).toBe(1000);
    expect(r.grade).toBe('A');
  });
});
