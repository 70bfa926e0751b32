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
