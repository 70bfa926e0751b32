/** The engine on hand-made facts: what a source may leave out, kinds, grade orders, evidence. */
import { describe, expect, it } from 'vitest';
import type { EntityKind } from '../domain/entity.ts';
import {
  builtinMonitoringRuleSet,
  evaluateMonitoring,
  type MonitoredEntity,
  type MonitoringFacts,
  type MonitoringRuleSet,
} from './index.ts';

const AS_OF = '2026-11-30';
const set = builtinMonitoringRuleSet();

const entity = (code: string, over: Partial<MonitoredEntity> = {}): MonitoredEntity => ({
  code,
  name: `主体${code}`,
  kind: 'enterprise',
  township: null,
  active: true,
  listed: false,
  ...over,
});

const facts = (over: Partial<MonitoringFacts>): MonitoringFacts => ({
  asOf: AS_OF,
  addressClusters: [],
  personClusters: [],
  changes: [],
  complaints: [],
  annualReports: [],
  gradeHistory: [],
  ...over,
});

const withRule = (id: string, patch: Record<string, unknown>): MonitoringRuleSet =>
  ({ ...set, rules: set.rules.map((r) => (r.id === id ? { ...r, ...patch } : r)) }) as MonitoringRuleSet;

describe('evaluateMonitoring', () => {
  it('counts only the kinds a rule applies to', () => {
    const kinds: EntityKind[] = [...Array(6).fill('enterprise'), ...Array(5).fill('individual')];
    const members = kinds.map((kind, i) => entity(`C${String(i).padStart(2, '0')}`, { kind }));
    const f = facts({ addressClusters: [{ key: 'K', display: 'K', members }] });
    expect(evaluateMonitoring(f, set).filter((w) => w.rule === 'same_address')).toHaveLength(1);
    const enterprisesOnly = withRule('same_address', { kinds: ['enterprise'] });
    expect(evaluateMonitoring(f, enterprisesOnly).filter((w) => w.rule === 'same_address')).toEqual([]);
  });

  it('lists the entities of a cluster sorted by code, active ones only', () => {
    const members = [
      ...['Z9', 'A1', 'M5', 'B2', 'Y8'].map((c) => entity(c)),
      entity('C3', { active: false }),
    ];
    const [w] = evaluateMonitoring(
      facts({ personClusters: [{ key: '张三', display: '张 三', members }] }),
      set,
    );
    expect(w).toMatchObject({
      rule: 'same_person',
      subject: { type: 'person', key: '张三', display: '张 三' },
      entities: ['A1', 'B2', 'M5', 'Y8', 'Z9'],
    });
  });

  it('gives no entity warning to an entity not in business', () => {
    const gone = entity('G', { active: false });
    const f = facts({
      changes: [
        {
          entity: gone,
          changes: ['2026-01-01', '2026-02-01', '2026-03-01'].map((date) => ({ date, field: '住所' })),
        },
      ],
      complaints: [{ entity: gone, dates: ['2026-11-01', '2026-11-02', '2026-11-03'] }],
      annualReports: [{ entity: gone, missingYears: [2024, 2025] }],
    });
    expect(evaluateMonitoring(f, set)).toEqual([]);
  });

  it('cuts its windows itself, whatever a source hands it', () => {
    const e = entity('W');
    // 12 months before 2026-11-30 is 2025-11-30: outside; the next day inside.
    const changes = (first: string) =>
      evaluateMonitoring(
        facts({
          changes: [
            {
              entity: e,
              changes: [first, '2026-03-01', '2026-11-30'].map((date) => ({ date, field: '名称' })),
            },
          ],
        }),
        set,
      ).length;
    expect(changes('2025-11-30')).toBe(0);
    expect(changes('2025-12-01')).toBe(1);
    expect(changes('2026-12-01')).toBe(0); // after asOf
    // Recent: (2026-10-31, 2026-11-30]; baseline: (2025-10-31, 2026-10-31]. 3 recent fire against a baseline
    // of 12 but not of 13: a 13th complaint on 2025-10-31 is before the baseline and does not count.
    const baseline12 = Array.from({ length: 12 }, (_, k) => `2026-0${(k % 9) + 1}-15`);
    const surge = (extra: string) =>
      evaluateMonitoring(
        facts({
          complaints: [
            { entity: e, dates: [...baseline12, extra, '2026-11-01', '2026-11-15', '2026-11-30'] },
          ],
        }),
        set,
      ).length;
    expect(surge('2025-10-31')).toBe(1);
    expect(surge('2025-11-01')).toBe(0);
    expect(surge('2026-10-31')).toBe(0); // on the recent window's start: baseline
    expect(surge('2026-12-01')).toBe(1); // after asOf
  });

  it('compares a surge with the ratio as written, multiplied out (2.5× of 12 in 12 months is 2.5)', () => {
    const e = entity('S');
    const baseline = Array.from({ length: 12 }, (_, k) => `2026-0${(k % 9) + 1}-10`);
    const rules = withRule('complaint_surge', {
      params: { minRecent: 1, recentDays: 30, baselineMonths: 12, minRatio: 2.5 },
    });
    const at = (recent: number) =>
      evaluateMonitoring(
        facts({ complaints: [{ entity: e, dates: [...baseline, ...Array(recent).fill('2026-11-20')] }] }),
        rules,
      ).length;
    expect(at(2)).toBe(0);
    expect(at(3)).toBe(1);
  });

  it('writes the surge evidence with the ratio to one decimal', () => {
    const e = entity('S');
    const dates = [...Array(4).fill('2026-11-20'), ...Array(12).fill('2026-05-01')];
    const [w] = evaluateMonitoring(facts({ complaints: [{ entity: e, dates }] }), set);
    expect(w?.evidence[0]).toBe('近 30 天投诉 4 件，为前 12 个月月均的 4.0 倍');
  });

  it('counts grade steps in the model order, ignores grades the model does not have, one warning per entity', () => {
    const e = entity('G');
    const h = {
      entity: e,
      previousRunAt: '2026-05-01T08:00:00.000Z',
      latestRunAt: '2026-11-01T08:00:00.000Z',
    };
    const f = facts({
      gradeHistory: [
        {
          ...h,
          model: 'm1',
          modelName: '模型甲',
          gradeOrder: ['优', '良', '中', '差'],
          previous: '良',
          latest: '差',
        },
        {
          ...h,
          model: 'm2',
          modelName: '模型乙',
          gradeOrder: ['A', 'B', 'C', 'D'],
          previous: 'A',
          latest: 'C',
        },
        {
          ...h,
          model: 'm3',
          modelName: '模型丙',
          gradeOrder: ['A', 'B', 'C', 'D'],
          previous: 'X',
          latest: 'D',
        },
      ],
    });
    const got = evaluateMonitoring(f, set);
    expect(got).toHaveLength(1);
    expect(got[0]?.evidence).toEqual([
      '模型乙：等级由 A 降为 C，下降 2 级（2026-05-01 → 2026-11-01）',
      '模型甲：等级由 良 降为 差，下降 2 级（2026-05-01 → 2026-11-01）',
    ]);
  });

  it('is the same when a source leaves out clusters below every threshold', () => {
    const big = { key: 'B', display: 'B', members: Array.from({ length: 10 }, (_, i) => entity(`B${i}`)) };
    const small = {
      key: 'S',
      display: 'S',
      members: [entity('S1', { listed: true }), entity('S2', { listed: true })],
    };
    expect(evaluateMonitoring(facts({ addressClusters: [big, small] }), set)).toEqual(
      evaluateMonitoring(facts({ addressClusters: [big] }), set),
    );
  });

  it('sorts an address and a person with the same key by type', () => {
    const members = Array.from({ length: 10 }, (_, i) => entity(`P${i}`, { listed: i < 5 }));
    const cluster = { key: 'K', display: 'K', members };
    const got = evaluateMonitoring(facts({ addressClusters: [cluster], personClusters: [cluster] }), set);
    expect(got.map((w) => `${w.rule}/${w.subject.type}`)).toEqual([
      'cluster_listed/address',
      'cluster_listed/person',
      'same_address/address',
      'same_person/person',
    ]);
  });
});

describe('evaluateMonitoring on a whole county', () => {
  it('handles more warnings than a call can take arguments', () => {
    const n = 200_000;
    const annualReports = Array.from({ length: n }, (_, i) => ({
      entity: entity(`E${String(i).padStart(6, '0')}`),
      missingYears: i % 2 === 0 ? [2025, 2024, 2024] : [2023, 2025],
    }));
    const got = evaluateMonitoring(facts({ annualReports }), set);
    expect(got).toHaveLength(n / 2);
    expect(got[0]?.evidence).toEqual(['2024、2025 年度报告未公示，连续 2 年']);
  });
});
