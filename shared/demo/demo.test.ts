import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { countyProfileSchema } from '../domain/county.ts';
import { ENTITY_KINDS, entitySchema } from '../domain/entity.ts';
import {
  ABNORMAL_REASONS,
  CHANGE_FIELDS,
  type CreditRecord,
  creditRecordSchema,
  RECORD_TYPES,
  recordNaturalKey,
} from '../domain/records.ts';
import { orgCheckChar, regNo15CheckDigit, usccCheckChar } from '../identifiers/checkchars.ts';
import { civilFromDays, daysFromCivil, isoOfDay, parseIsoDay } from '../dates/iso-date.ts';
import { idKeys, permuteIndex } from './identifiers.ts';
import {
  createDemoFactory,
  DEMO_COUNTY,
  type DemoEntity,
  type DemoOptions,
  generateDemoCounty,
  INDUSTRIES,
  demoAnnualReportYears,
  PUBLIC_SCORE_SCHEME,
} from './index.ts';
import type { CreditFile } from '../grading/types.ts';
import {
  builtinMonitoringRuleSet,
  evaluateMonitoring,
  monitoringFactsFromCreditFiles,
  normaliseAddress,
} from '../monitoring/index.ts';
import { CLUSTER_BLOCK } from './clusters.ts';
import { cyrb128 } from './prng.ts';

const AS_OF = '2026-10-31';
const base: DemoOptions = { entities: 0, seed: 'test-seed', county: DEMO_COUNTY, asOf: AS_OF };
const run = (entities: number, over: Partial<DemoOptions> = {}): DemoEntity[] => [
  ...generateDemoCounty({ ...base, ...over, entities }),
];

let big: DemoEntity[] = [];
let sample: DemoEntity[] = [];
// Generous: on a busy machine 50,000 entities can take longer than the default 10 s.
beforeAll(() => {
  big = run(50_000);
  sample = big.slice(0, 20_000);
}, 120_000);

describe('determinism', () => {
  it('same seed → byte-identical output', () => {
    const a = run(2000);
    const b = run(2000);
    expect(b).toEqual(a);
    expect(JSON.stringify(b)).toBe(JSON.stringify(a));
  });

  it('different seeds → different data', () => {
    const a = run(500);
    const b = run(500, { seed: 'another-seed' });
    expect(JSON.stringify(b)).not.toBe(JSON.stringify(a));
    const namesA = new Set(a.map((d) => d.entity.name));
    const same = b.filter((d) => namesA.has(d.entity.name)).length;
    expect(same).toBeLessThan(50);
    const usccA = new Set(a.map((d) => d.entity.uscc));
    expect(b.filter((d) => usccA.has(d.entity.uscc))).toHaveLength(0);
  });

  it('entity i does not depend on the run length or on generation order', () => {
    const make = createDemoFactory(base);
    for (const i of [4999, 17, 0, 1234, 42]) expect(make(i)).toEqual(big[i]);
    expect(run(300)).toEqual(big.slice(0, 300));
  });

  it('streams lazily: a million-entity run yields its first entity at once', () => {
    const it1 = generateDemoCounty({ ...base, entities: 1_000_000 });
    expect(it1.next().value).toEqual(big[0]);
  });

  it('rejects bad options when called', () => {
    expect(() => generateDemoCounty({ ...base, entities: -1 })).toThrow(RangeError);
    expect(() => generateDemoCounty({ ...base, entities: 1.5 })).toThrow(RangeError);
    expect(() => generateDemoCounty({ ...base, entities: 1, asOf: '2026-02-30' })).toThrow(RangeError);
    expect(() => generateDemoCounty({ ...base, entities: 1, asOf: '2026/10/31' })).toThrow(RangeError);
  });
});

describe('identifiers', () => {
  it('every USCC is valid, unique over 50,000 entities, and has the right prefix and region', () => {
    const seen = new Set<string>();
    const regions = new Set(['410422', '410400', '410420', '410421', '410423', '410424']);
    const prefixes: Record<string, readonly string[]> = {
      enterprise: ['91'],
      individual: ['92'],
      cooperative: ['93'],
      other: ['91', '12', '51', '52'],
    };
    const bad: string[] = [];
    for (const { entity: e } of big) {
      const u = e.uscc!;
      const ok =
        /^[0-9A-HJ-NPQRTUWXY]{18}$/.test(u) &&
        usccCheckChar(u.slice(0, 17)) === u[17] &&
        orgCheckChar(u.slice(8, 16)) === u[16] &&
        prefixes[e.kind]!.includes(u.slice(0, 2)) &&
        regions.has(u.slice(2, 8));
      if (!ok) bad.push(`${e.kind} ${u}`);
      seen.add(u);
    }
    expect(bad).toEqual([]);
    expect(seen.size).toBe(big.length);
  });

  it('legacy 15-digit registration numbers are valid, unique and carried by ~5% of enterprises', () => {
    const seen = new Set<string>();
    let enterprises = 0;
    for (const { entity: e } of big) {
      if (e.kind === 'enterprise') enterprises++;
      if (e.regNo === null) continue;
      expect(e.kind).toBe('enterprise');
      expect(e.regNo).toMatch(/^\d{15}$/);
      expect(regNo15CheckDigit(e.regNo.slice(0, 14))).toBe(e.regNo[14]);
      expect(e.establishedOn! < '2014-03-01').toBe(true);
      seen.add(e.regNo);
    }
    const share = seen.size / enterprises;
    expect(share).toBeGreaterThan(0.025);
    expect(share).toBeLessThan(0.09);
    expect(seen.size).toBe(big.filter((d) => d.entity.regNo !== null).length);
  });

  it('the index permutation is a bijection (spot check on a block)', () => {
    const keys = idKeys(cyrb128('x'));
    const out = new Set<number>();
    let outOfRange = 0;
    for (let i = 0; i < 200_000; i++) {
      const u = permuteIndex(i, keys);
      if (!(Number.isInteger(u) && u >= 0 && u < 100_000_000)) outOfRange++;
      out.add(u);
    }
    expect(outOfRange).toBe(0);
    expect(out.size).toBe(200_000);
  });
});

describe('realism', () => {
  it('kind and status proportions match a county register', () => {
    const n = sample.length;
    const count = (f: (d: DemoEntity) => boolean) => sample.filter(f).length / n;
    for (const k of ENTITY_KINDS) expect(count((d) => d.entity.kind === k)).toBeGreaterThan(0);
    expect(count((d) => d.entity.kind === 'individual')).toBeGreaterThan(0.65);
    expect(count((d) => d.entity.kind === 'individual')).toBeLessThan(0.71);
    expect(count((d) => d.entity.kind === 'enterprise')).toBeGreaterThan(0.25);
    expect(count((d) => d.entity.kind === 'enterprise')).toBeLessThan(0.31);
    expect(count((d) => d.entity.kind === 'cooperative')).toBeGreaterThan(0.02);
    expect(count((d) => d.entity.kind === 'cooperative')).toBeLessThan(0.04);
    expect(count((d) => d.entity.kind === 'other')).toBeGreaterThan(0.005);
    expect(count((d) => d.entity.kind === 'other')).toBeLessThan(0.02);
    const inactive = count((d) => d.entity.status !== 'active');
    expect(inactive).toBeGreaterThan(0.04);
    expect(inactive).toBeLessThan(0.08);
  });

  it('entities validate and have plausible fields', () => {
    const townships = new Set(DEMO_COUNTY.townships);
    const industries = new Map(INDUSTRIES.map((i) => [i.code, i.name]));
    const bad: string[] = [];
    const check = (cond: boolean, what: string, e: object) => {
      if (!cond) bad.push(`${what}: ${JSON.stringify(e)}`);
    };
    for (const { entity: e } of sample) {
      check(entitySchema.safeParse(e).success, 'schema', e);
      check(e.establishedOn! >= '1995-01-01' && e.establishedOn! <= AS_OF, 'establishedOn', e);
      check(townships.has(e.township!), 'township', e);
      check(/市场监管所$/.test(e.jurisdiction!), 'jurisdiction', e);
      check(industries.get(e.industryCode!) === e.industryName, 'industry', e);
      check(e.address!.startsWith(DEMO_COUNTY.name), 'address', e);
      check(e.phone === null || /^1[3-9]\d{9}$/.test(e.phone), 'phone', e);
      check(/^[\u4e00-\u9fa5]{2,4}$/.test(e.legalRep!), 'legalRep', e);
      if (e.kind === 'enterprise') check(/公司$/.test(e.name), 'enterprise name', e);
      if (e.kind === 'cooperative')
        check(/专业合作社$/.test(e.name) && e.establishedOn! >= '2007-07-01', 'cooperative', e);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('establishment dates are skewed towards recent years', () => {
    const recent = sample.filter((d) => d.entity.establishedOn! >= '2016-10-31').length;
    const old = sample.filter((d) => d.entity.establishedOn! < '2006-10-31').length;
    expect(recent).toBeGreaterThan(sample.length * 0.55);
    expect(old).toBeLessThan(sample.length * 0.12);
  });

  it('besides the yearly annual reports, most entities have 0–3 records, with a long tail', () => {
    const others = (d: DemoEntity) => d.records.filter((r) => r.type !== 'annual_report').length;
    const counts = sample.map(others);
    expect(counts.filter((c) => c <= 3).length / counts.length).toBeGreaterThan(0.7);
    expect(Math.max(...counts)).toBeGreaterThanOrEqual(15);
    const individuals = sample.filter((d) => d.entity.kind === 'individual');
    const avgInd = individuals.reduce((s, d) => s + others(d), 0) / individuals.length;
    expect(avgInd).toBeLessThan(1.5);
  });
});

describe('credit history', () => {
  it('every record kind, abnormal reason, change field and the main result codes occur', () => {
    const types = new Set<string>();
    const reasons = new Set<string>();
    const fields = new Set<string>();
    const codes = new Set<string>();
    let removed = 0;
    let late = 0;
    for (const { records } of sample) {
      for (const r of records) {
        types.add(r.type);
        if (r.type === 'abnormal_list') {
          reasons.add(r.reason);
          if (r.removedOn) removed++;
        }
        if (r.type === 'change') fields.add(r.field);
        if (r.type === 'inspection') for (const c of r.results) codes.add(c);
        if (r.type === 'annual_report' && !r.onTime) late++;
      }
    }
    expect([...types].sort()).toEqual([...RECORD_TYPES].sort());
    expect([...reasons].sort()).toEqual([...ABNORMAL_REASONS].sort());
    expect([...fields].sort()).toEqual([...CHANGE_FIELDS].sort());
    for (const c of ['1', 'A', 'B', 'E', '6', '8']) expect(codes).toContain(c);
    expect(removed).toBeGreaterThan(0);
    expect(late).toBeGreaterThan(0);
  });

  it('every record validates, is dated within [establishedOn, asOf], and keys are distinct per entity', () => {
    const bad: string[] = [];
    for (const { entity: e, records } of sample) {
      const keys = new Set<string>();
      for (const r of records) {
        const dated =
          r.date >= e.establishedOn! &&
          r.date <= AS_OF &&
          laterDates(r).every((d) => d >= r.date && d <= AS_OF);
        if (!creditRecordSchema.safeParse(r).success || !dated) bad.push(JSON.stringify(r));
        keys.add(recordNaturalKey(r));
      }
      if (keys.size !== records.length) bad.push(`duplicate natural key in ${e.uscc}`);
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('annual reports for enterprises, cooperatives and individuals, one per year, for years since establishment', () => {
    const bad: string[] = [];
    for (const { entity: e, records } of sample) {
      const reports = records.flatMap((r) => (r.type === 'annual_report' ? [r] : []));
      if (e.kind === 'other' && reports.length > 0) bad.push(`${e.kind} ${e.uscc}`);
      // Only the years the demo says it loaded (its coverage), so none is graded as missing by mistake.
      const loaded = demoAnnualReportYears(AS_OF).find((c) => c.kind === e.kind)?.years ?? [];
      for (const r of reports) if (!loaded.includes(r.year)) bad.push(`not loaded: ${JSON.stringify(r)}`);
      const estYear = Number(e.establishedOn!.slice(0, 4));
      for (const r of reports) {
        const ok =
          r.year >= estYear &&
          Number(r.date.slice(0, 4)) > r.year &&
          r.onTime === r.date <= `${r.year + 1}-06-30`;
        if (!ok) bad.push(JSON.stringify(r));
      }
    }
    expect(bad.slice(0, 5)).toEqual([]);
  });

  it('individuals: most file their annual report, some late, and a missed one is followed by 标记 (经营异常状态)', () => {
    let due = 0;
    let filed = 0;
    let late = 0;
    let missed = 0;
    let marked = 0;
    for (const { entity: e, records } of sample) {
      if (e.kind !== 'individual' || e.status !== 'active') continue;
      const years = new Map<number, boolean>();
      for (const r of records) if (r.type === 'annual_report') years.set(r.year, r.onTime);
      const marks = records.flatMap((r) =>
        r.type === 'abnormal_list' && r.reason === '未按时年报' ? [r] : [],
      );
      // Report years 2023–2025 (deadlines 2024-06-30 … 2026-06-30) of individuals established before them.
      for (let y = 2023; y <= 2025; y++) {
        if (e.establishedOn! > `${y}-12-31`) continue;
        due++;
        const onTime = years.get(y);
        if (onTime === undefined) {
          missed++;
          // Marked in the July after the deadline (or still marked from an earlier miss).
          if (
            marks.some((m) => m.date <= `${y + 1}-07-31` && (!m.removedOn || m.removedOn > `${y + 1}-06-30`))
          )
            marked++;
        } else {
          filed++;
          if (!onTime) late++;
        }
      }
    }
    expect(due).toBeGreaterThan(5000);
    expect(filed / due).toBeGreaterThan(0.8);
    expect(late / due).toBeGreaterThan(0.02);
    expect(missed / due).toBeGreaterThan(0.01);
    expect(marked / missed).toBeGreaterThan(0.95);
  });

  it('a missed annual report never lists (marks) an entity that is still listed for an earlier year', () => {
    const overlapping: string[] = [];
    for (const { entity: e, records } of sample) {
      const marks = records.flatMap((r) =>
        r.type === 'abnormal_list' && r.reason === '未按时年报' ? [r] : [],
      );
      for (const a of marks)
        for (const b of marks)
          if (a.date < b.date && (!a.removedOn || a.removedOn > b.date))
            overlapping.push(`${e.uscc} ${b.date}`);
    }
    expect(overlapping.slice(0, 5)).toEqual([]);
  });

  it('penalties have realistic decision numbers, kinds and publicity periods', () => {
    let withNo = 0;
    let total = 0;
    for (const { entity: e, records } of sample) {
      for (const r of records) {
        if (r.type !== 'penalty') continue;
        total++;
        if (r.decisionNo) {
          withNo++;
          expect(r.decisionNo).toMatch(/^示市监处罚〔\d{4}〕\d+号$/);
          expect(r.decisionNo.slice(6, 10)).toBe(r.date.slice(0, 4));
        }
        expect(r.penaltyKinds.includes('罚款')).toBe(r.fine != null && r.fine > 0);
        if (r.penaltyKinds.length === 1 && r.penaltyKinds[0] === '警告') expect(r.publicityEnd).toBeNull();
        else expect(r.publicityEnd! > r.date).toBe(true);
        if (r.penaltyKinds.includes('吊销营业执照')) expect(e.status).toBe('revoked');
      }
    }
    expect(withNo / total).toBeGreaterThan(0.9);
  });

  it('public credit scores use the henan-pds scheme and its bands', () => {
    let n = 0;
    for (const { entity: e, records } of sample) {
      for (const r of records) {
        if (r.type !== 'public_credit_score') continue;
        n++;
        expect(e.kind).toBe('enterprise');
        expect(r.scheme).toBe(PUBLIC_SCORE_SCHEME);
        expect(r.score).toBeGreaterThanOrEqual(0);
        expect(r.score).toBeLessThanOrEqual(100);
        const band = r.score > 85 ? '优' : r.score > 70 ? '良' : r.score > 50 ? '中' : '差';
        expect([band, '差']).toContain(r.grade);
      }
    }
    expect(n).toBeGreaterThan(100);
  });

  it('registration changes chain up to the current values', () => {
    let checked = 0;
    for (const { entity: e, records } of sample) {
      const last = new Map<string, Extract<CreditRecord, { type: 'change' }>>();
      for (const r of records) {
        if (r.type !== 'change') continue;
        last.set(r.field, r);
        expect(r.before).not.toBe(r.after);
      }
      const current: Record<string, string | null> = {
        法定代表人: e.legalRep,
        住所: e.address,
        名称: e.name,
      };
      for (const [field, r] of last) {
        if (field in current) {
          expect(r.after).toBe(current[field]);
          checked++;
        }
      }
    }
    expect(checked).toBeGreaterThan(50);
  });

  it('works for a county without townships and an earlier asOf', () => {
    const county = { name: '测试区', bureau: '测试区市场监督管理局', regionCode: '330106', townships: [] };
    const out = run(3000, { county, asOf: '2019-03-15', seed: 'other' });
    for (const { entity: e, records } of out) {
      entitySchema.parse(e);
      expect(e.township).toBeNull();
      expect(e.uscc!.slice(2, 6)).toBe('3301');
      for (const r of records) {
        creditRecordSchema.parse(r);
        expect(r.date <= '2019-03-15').toBe(true);
        expect(r.date >= e.establishedOn!).toBe(true);
      }
    }
  });
});

describe('monitoring signals (issue 13)', () => {
  const normalise = (s: string) => normaliseAddress(s) ?? '';
  const blocks = () => Math.floor(big.length / CLUSTER_BLOCK);
  const active = () => big.filter((d) => d.entity.status === 'active');
  const listedOn = (d: DemoEntity, day: string) =>
    d.records.some(
      (r) =>
        (r.type === 'abnormal_list' || r.type === 'serious_violation_list') &&
        r.date <= day &&
        (r.removedOn == null || r.removedOn > day),
    );
  const groupBy = (key: (d: DemoEntity) => string | null) => {
    const groups = new Map<string, DemoEntity[]>();
    for (const d of active()) {
      const k = key(d);
      if (k) groups.set(k, [...(groups.get(k) ?? []), d]);
    }
    return groups;
  };

  it('registration-agent addresses hold 10–60 active companies, some typed differently, some mostly listed', () => {
    const clusters = [...groupBy((d) => normalise(d.entity.address!)).values()].filter((g) => g.length >= 10);
    expect(clusters.length).toBeGreaterThanOrEqual(Math.floor(blocks() * 0.8));
    for (const g of clusters) {
      expect(g[0]!.entity.address).toContain('商务秘书有限公司托管');
      expect(g.length).toBeLessThanOrEqual(60);
      expect(new Set(g.map((d) => d.entity.township)).size).toBe(1);
    }
    const spellings = clusters.filter((g) => new Set(g.map((d) => d.entity.address)).size > 1);
    expect(spellings.length).toBeGreaterThan(clusters.length / 2);
    const mostlyListed = clusters.filter((g) => g.filter((d) => listedOn(d, AS_OF)).length > 0.3 * g.length);
    expect(mostlyListed.length).toBeGreaterThan(0);
    expect(mostlyListed.length).toBeLessThan(clusters.length);
  });

  it('some people are behind 5–8 active entities', () => {
    const people = [...groupBy((d) => (d.entity.legalRep!.length === 3 ? d.entity.legalRep : null))]
      .filter(([, g]) => g.length >= 5)
      .map(([name, g]) => ({ name, kinds: new Set(g.map((d) => d.entity.kind)), n: g.length }));
    expect(people.length).toBeGreaterThanOrEqual(blocks() * 2);
    expect(people.filter((p) => p.n <= 8).length).toBeGreaterThanOrEqual(blocks() * 2 * 0.9);
    expect(people.some((p) => p.kinds.size > 1)).toBe(true);
  });

  it('bursts of 法定代表人/住所/名称 changes and complaint surges in the last months', () => {
    const yearAgo = '2025-10-31';
    const bursts = big.filter(
      (d) =>
        d.records.filter(
          (r) => r.type === 'change' && ['法定代表人', '住所', '名称'].includes(r.field) && r.date > yearAgo,
        ).length >= 3,
    );
    expect(bursts.length).toBeGreaterThanOrEqual(blocks() * 3);
    const burstFields = new Set(
      bursts.flatMap((d) =>
        d.records.flatMap((r) => (r.type === 'change' && r.date > yearAgo ? [r.field] : [])),
      ),
    );
    for (const f of ['法定代表人', '住所', '名称']) expect(burstFields).toContain(f);

    const monthAgo = '2026-10-01';
    const surges = active().filter((d) => {
      const dates = d.records.flatMap((r) => (r.type === 'complaint' ? [r.date] : []));
      const recent = dates.filter((x) => x > monthAgo).length;
      const before = dates.filter((x) => x <= monthAgo && x > '2025-10-01').length;
      return recent >= 3 && recent >= (3 * before) / 12;
    });
    expect(surges.length).toBeGreaterThanOrEqual(blocks() * 2);
  });

  it('the monitoring engine raises every planted kind of warning on the demo county', () => {
    const coverage = demoAnnualReportYears(AS_OF);
    const files: CreditFile[] = sample.map(({ entity, records }) => ({
      id: entity.uscc!,
      entity,
      records,
      coverage: { annualReports: coverage.find((c) => c.kind === entity.kind)?.years ?? [] },
    }));
    const rules = builtinMonitoringRuleSet();
    const warnings = evaluateMonitoring(monitoringFactsFromCreditFiles(files, AS_OF, rules), rules);
    const byRule = new Map<string, typeof warnings>();
    for (const w of warnings) byRule.set(w.rule, [...(byRule.get(w.rule) ?? []), w]);
    const n = (rule: string) => byRule.get(rule)?.length ?? 0;
    const sampleBlocks = sample.length / CLUSTER_BLOCK;
    expect(n('same_address')).toBeGreaterThanOrEqual(sampleBlocks * 0.8);
    for (const w of byRule.get('same_address') ?? []) expect(w.entities.length).toBeLessThanOrEqual(60);
    expect(n('cluster_listed')).toBeGreaterThan(0);
    expect(n('same_person')).toBeGreaterThanOrEqual(sampleBlocks * 2);
    expect(n('frequent_changes')).toBeGreaterThanOrEqual(sampleBlocks * 3);
    expect(n('complaint_surge')).toBeGreaterThanOrEqual(sampleBlocks * 2);
    expect(n('annual_report_missing')).toBeGreaterThan(0);
  });

  it('individuals and enterprises that missed two annual reports in a row', () => {
    const coverage = demoAnnualReportYears(AS_OF);
    const missedTwo = active().filter(({ entity: e, records }) => {
      const years = (coverage.find((c) => c.kind === e.kind)?.years ?? []).filter(
        (y) => y >= Number(e.establishedOn!.slice(0, 4)),
      );
      const filed = new Set(records.flatMap((r) => (r.type === 'annual_report' ? [r.year] : [])));
      return years.some((y, i) => i > 0 && !filed.has(y) && !filed.has(years[i - 1]!));
    });
    const kinds = new Set(missedTwo.map((d) => d.entity.kind));
    expect(kinds).toContain('individual');
    expect(kinds).toContain('enterprise');
  });
});

describe('edge cases', () => {
  it('handles an asOf at the very start of the period and odd county profiles', () => {
    const county = {
      name: '叶县',
      bureau: '叶县市场监督管理局',
      regionCode: '410400',
      townships: ['昆阳', '廉村镇'],
    };
    for (const asOf of ['1995-01-01', '1996-02-29', '2041-06-30']) {
      for (const { entity: e, records } of run(500, { county, asOf })) {
        expect(entitySchema.safeParse(e).success).toBe(true);
        expect(e.establishedOn! <= asOf).toBe(true);
        expect(usccCheckChar(e.uscc!.slice(0, 17))).toBe(e.uscc![17]);
        for (const r of records) expect(r.date >= e.establishedOn! && r.date <= asOf).toBe(true);
      }
    }
  });
});

describe('DEMO_COUNTY and industries', () => {
  it('DEMO_COUNTY is a valid county profile with about a dozen townships', () => {
    expect(countyProfileSchema.parse(DEMO_COUNTY)).toEqual(DEMO_COUNTY);
    expect(DEMO_COUNTY.townships.length).toBeGreaterThanOrEqual(10);
    for (const t of DEMO_COUNTY.townships) expect(t).toMatch(/(街道|镇|乡)$/);
  });

  it('industry codes are unique, well-formed GB/T 4754 classes', () => {
    const codes = INDUSTRIES.map((i) => i.code);
    expect(new Set(codes).size).toBe(codes.length);
    for (const c of codes) expect(c).toMatch(/^[A-T]\d{4}$/);
  });

  const csv = fileURLToPath(
    new URL('../../../shared/external/gbt4754_2017_industry_codes.csv', import.meta.url),
  );
  it.skipIf(!existsSync(csv))(
    'industry codes and names match GB/T 4754-2017 (skipped without ../shared/external/)',
    () => {
      const classes = new Map<string, string>();
      for (const line of readFileSync(csv, 'utf8').split(/\r?\n/).slice(1)) {
        const [level, section, , , cls, , name] = line.split(',');
        if (level === '4' && section && cls && name) classes.set(section + cls, name.trim());
      }
      for (const i of INDUSTRIES) expect(classes.get(i.code), i.code).toBe(i.name);
    },
  );
});

describe('dates', () => {
  it('civil ↔ day numbers round-trip', () => {
    for (let d = daysFromCivil(1990, 1, 1); d < daysFromCivil(2040, 1, 1); d += 7) {
      const [y, m, dd] = civilFromDays(d);
      expect(daysFromCivil(y, m, dd)).toBe(d);
      expect(parseIsoDay(isoOfDay(d))).toBe(d);
    }
    expect(isoOfDay(daysFromCivil(2024, 2, 29))).toBe('2024-02-29');
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
  });
});

function laterDates(r: CreditRecord): string[] {
  const out: string[] = [];
  if ('removedOn' in r && r.removedOn) out.push(r.removedOn);
  if (r.type === 'penalty' && r.repairedOn) out.push(r.repairedOn);
  return out;
}
