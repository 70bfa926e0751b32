/**
 * Golden band boundaries stated by the seeds (SPEC §5.2): seed 000 (平顶山, 100 points) and seed 004
 * (黑龙江, 1000 points), through the score-only mode (a province-pushed score mapped through the bands)
 * and through `gradeOfScore`. Plus the six built-in models' identity and shape.
 */
import { describe, expect, it } from 'vitest';
import {
  builtinModels,
  evaluate,
  type GradingModel,
  type GradingRecord,
  getBuiltinModel,
  gradeOfScore,
} from './index.ts';

const AS_OF = '2026-10-31';

function scoreOnly(model: GradingModel, score: number, extra: GradingRecord[] = []) {
  const scheme = model.scoreOnly!.scheme;
  return evaluate(
    model,
    {
      id: 'S',
      entity: { kind: 'enterprise', establishedOn: '2010-01-01' },
      records: [{ type: 'public_credit_score', date: '2026-09-30', scheme, score }, ...extra],
    },
    AS_OF,
  );
}

describe('seed 000: henan-pds-public-100 (优 > 85; 良 (70, 85]; 中 (50, 70]; 差 ≤ 50)', () => {
  const model = getBuiltinModel('henan-pds-public-100')!;
  const cases: Array<[number, string]> = [
    [100, '优'],
    [85.01, '优'],
    [85, '良'],
    [70.01, '良'],
    [70, '中'],
    [50.01, '中'],
    [50, '差'],
    [0, '差'],
  ];
  it.each(cases)('pushed score %s → %s', (score, grade) => {
    const r = scoreOnly(model, score);
    expect(r.scoreOnly).toBe(true);
    expect(r.score).toBe(score);
    expect(r.scoreGrade).toBe(grade);
    expect(r.grade).toBe(grade);
    expect(r.breakdown.reduce((s, l) => s + l.points, 0)).toBeCloseTo(score, 10);
    expect(gradeOfScore(model, score)).toBe(grade);
  });

  it('band comparisons use the two-decimal score: 85.004 is 85.00 (良), 85.005 is 85.01 (优)', () => {
    expect(scoreOnly(model, 85.004)).toMatchObject({ score: 85, grade: '良' });
    expect(scoreOnly(model, 85.005)).toMatchObject({ score: 85.01, grade: '优' });
    expect(gradeOfScore(model, 0.1 + 0.2 + 84.7)).toBe('良'); // 85.00000000000001 in floating point
  });

  it('on the joint-punishment list → 差, whatever the score (seed 000)', () => {
    const r = scoreOnly(model, 95, [{ type: 'joint_punishment', date: '2026-01-01' }]);
    expect(r).toMatchObject({ score: 95, scoreGrade: '优', grade: '差' });
    expect(r.overrides.map((o) => o.id)).toEqual(['joint-punishment']);
  });

  it('the latest pushed score of the scheme is used; other schemes and later pushes are not', () => {
    const r = evaluate(
      model,
      {
        id: 'S',
        entity: { kind: 'enterprise' },
        records: [
          { type: 'public_credit_score', date: '2026-06-30', scheme: 'henan-pds-public-100', score: 60 },
          { type: 'public_credit_score', date: '2026-09-30', scheme: 'henan-pds-public-100', score: 88 },
          { type: 'public_credit_score', date: '2026-10-15', scheme: 'heilongjiang-public-1000', score: 700 },
          { type: 'public_credit_score', date: '2026-12-31', scheme: 'henan-pds-public-100', score: 10 },
        ],
      },
      AS_OF,
    );
    expect(r).toMatchObject({ score: 88, grade: '优', scoreOnly: true });
    expect(r.breakdown[0]!.evidence[0]!.date).toBe('2026-09-30');
  });

  it('without a pushed score, the model grades from its own indicators', () => {
    const r = evaluate(model, { id: 'S', entity: { kind: 'individual' }, records: [] }, AS_OF);
    expect(r).toMatchObject({ scoreOnly: false, score: 90, grade: '优' });
  });
});

describe('henan-pds-industry-100 (A/B/C/D, the same default cut-offs)', () => {
  const model = getBuiltinModel('henan-pds-industry-100')!;
  it.each([
    [85.01, 'A'],
    [85, 'B'],
    [70.01, 'B'],
    [70, 'C'],
    [50.01, 'C'],
    [50, 'D'],
  ] as Array<[number, string]>)('%s → %s', (score, grade) => {
    expect(gradeOfScore(model, score)).toBe(grade);
  });
});

describe('seed 004: heilongjiang-public-1000 (A ≥ 850; B [790, 850); C [730, 790); D [670, 730); E < 670)', () => {
  const model = getBuiltinModel('heilongjiang-public-1000')!;
  const cases: Array<[number, string]> = [
    [1000, 'A'],
    [850, 'A'],
    [849.99, 'B'],
    [790, 'B'],
    [789.99, 'C'],
    [730, 'C'],
    [729.99, 'D'],
    [670, 'D'],
    [669.99, 'E'],
    [0, 'E'],
  ];
  it.each(cases)('pushed score %s → %s', (score, grade) => {
    const r = scoreOnly(model, score);
    expect(r).toMatchObject({ score, scoreGrade: grade, grade, scoreOnly: true });
    expect(gradeOfScore(model, score)).toBe(grade);
  });

  it('the three first-level dimensions add up to 1000 = 60 + 790 + 150', () => {
    expect(model.dimensions!.map((d) => [d.label, d.max])).toEqual([
      ['基本情况', 60],
      ['经营状况', 790],
      ['社会责任', 150],
    ]);
    expect(model.dimensions!.reduce((s, d) => s + d.max!, 0)).toBe(model.scale.max);
    for (const ind of model.indicators) expect(ind.dimension).toBeDefined();
  });

  it('score-only mode still applies the overrides (serious violation → E)', () => {
    const r = scoreOnly(model, 900, [{ type: 'serious_violation_list', date: '2026-01-01' }]);
    expect(r).toMatchObject({ scoreGrade: 'A', grade: 'E' });
  });
});

describe('seed 003: shandong-jining-public-1000', () => {
  const model = getBuiltinModel('shandong-jining-public-1000')!;
  it('base 1000 with 10 bonus and 14 deduction indicators and seven grades A+ … D-', () => {
    expect(model.base).toBe(1000);
    expect(model.indicators.filter((i) => i.kind === 'bonus')).toHaveLength(10);
    expect(model.indicators.filter((i) => i.kind === 'deduction')).toHaveLength(14);
    expect(model.bands.map((b) => b.grade)).toEqual(['A+', 'A', 'B', 'C', 'C-', 'D', 'D-']);
    expect(model.bands.map((b) => b.label)).toEqual([
      '诚信守法',
      '诚信守法',
      '轻微失信',
      '一般失信',
      '一般失信',
      '严重失信',
      '严重失信',
    ]);
  });

  it('the four kinds of serious dishonesty → D or D-', () => {
    const high = scoreOnly(model, 1150, [{ type: 'serious_violation_list', date: '2026-01-01' }]);
    expect(high.grade).toBe('D');
    const low = scoreOnly(model, 500, [{ type: 'joint_punishment', date: '2026-01-01' }]);
    expect(low.grade).toBe('D-');
  });
});

describe('seed 002: zhejiang-industry-1000', () => {
  it('1000 points, five grades A–E (优秀/良好/中等/较差/差)', () => {
    const model = getBuiltinModel('zhejiang-industry-1000')!;
    expect(model.scale).toEqual({ min: 0, max: 1000 });
    expect(model.bands.map((b) => `${b.grade}${b.label}`)).toEqual([
      'A优秀',
      'B良好',
      'C中等',
      'D较差',
      'E差',
    ]);
  });
});

describe('the six built-in models', () => {
  it('are the ids of SPEC §5.2, each valid, versioned and with an effective date', () => {
    expect(builtinModels().map((m) => m.id)).toEqual([
      'samr-risk',
      'henan-pds-public-100',
      'henan-pds-industry-100',
      'zhejiang-industry-1000',
      'shandong-jining-public-1000',
      'heilongjiang-public-1000',
    ]);
    for (const m of builtinModels()) {
      expect(m.version).toMatch(/^\d+\.\d+\.\d+$/);
      expect(m.effectiveFrom).toMatch(/^\d{4}-\d{2}-\d{2}$/);
    }
  });

  it('score-only mode exists exactly for the three public-credit schemes', () => {
    expect(
      builtinModels()
        .filter((m) => m.scoreOnly)
        .map((m) => m.id),
    ).toEqual(['henan-pds-public-100', 'shandong-jining-public-1000', 'heilongjiang-public-1000']);
  });

  it('samr-risk: base 1000, clamp 0–1000, A ≥ 950, B [850, 950), C [700, 850), D < 700', () => {
    const m = getBuiltinModel('samr-risk')!;
    expect(m).toMatchObject({ base: 1000, scale: { min: 0, max: 1000 } });
    expect(m.bands.map((b) => [b.grade, b.label])).toEqual([
      ['A', '信用风险低'],
      ['B', '信用风险一般'],
      ['C', '信用风险较高'],
      ['D', '信用风险高'],
    ]);
    const cases: Array<[number, string]> = [
      [1000, 'A'],
      [950, 'A'],
      [949.99, 'B'],
      [850, 'B'],
      [849.99, 'C'],
      [700, 'C'],
      [699.99, 'D'],
      [0, 'D'],
    ];
    for (const [s, g] of cases) expect(gradeOfScore(m, s)).toBe(g);
  });
});
