/**
 * Deterministic demo-county generator. Entity i depends only on (seed, county, asOf, i): the stream can be
 * cut into chunks generated in any order or in parallel, and a run of N entities is a prefix of a run of M > N.
 */
import type { CountyProfile } from '../domain/county.ts';
import type { Entity, EntityKind, EntityStatus } from '../domain/entity.ts';
import type { CreditRecord } from '../domain/records.ts';
import { createClusterPlanner, UNREACHABLE_SHARE } from './clusters.ts';
import { type CountyContext, countyContext, type TownshipInfo } from './county.ts';
import { daysFromCivil, isoOfDay, parseIsoDay } from '../dates/iso-date.ts';
import { type AltValues, HistoryGenerator } from './history.ts';
import {
  makeRegNo15,
  makeUscc,
  MAX_DEMO_ENTITIES,
  type OrgBodyShape,
  idKeys,
  orgBody,
  permuteIndex,
} from './identifiers.ts';
import { INDUSTRIES, type Industry, OTHER_BRANCH_SHARE } from './industries.ts';
import {
  address,
  branchName,
  retypedAddress,
  cooperativeName,
  enterpriseName,
  individualName,
  mobile,
  orgName,
  personName,
} from './names.ts';
import { cyrb128, Rng, weightedPairs, weightedTable } from './prng.ts';

export interface DemoOptions {
  /** Number of entities to generate (0 … 100,000,000). */
  readonly entities: number;
  /** Any string; the same seed gives byte-identical output. */
  readonly seed: string;
  readonly county: CountyProfile;
  /** `YYYY-MM-DD`: nothing is dated after it. */
  readonly asOf: string;
}

export interface DemoEntity {
  readonly entity: Entity;
  readonly records: CreditRecord[];
}

/** Kind shares of a typical county register (SPEC §1: most are 个体工商户). */
const KINDS = weightedPairs<EntityKind>([
  ['individual', 68],
  ['enterprise', 28],
  ['cooperative', 3],
  ['other', 1],
]);

const STATUSES = weightedPairs<EntityStatus>([
  ['active', 94],
  ['cancelled', 3.9],
  ['revoked', 1.3],
  ['moved', 0.5],
  ['withdrawn', 0.3],
]);

/** Registered capital in 万元. */
const ENTERPRISE_CAPITAL = weightedPairs<number>([
  [1, 2],
  [3, 3],
  [5, 6],
  [10, 12],
  [20, 8],
  [30, 8],
  [50, 14],
  [100, 16],
  [200, 9],
  [300, 7],
  [500, 7],
  [800, 2],
  [1000, 4],
  [2000, 1.5],
  [3000, 1],
  [5000, 0.7],
  [10000, 0.3],
]);
const INDIVIDUAL_CAPITAL = [0.5, 1, 2, 3, 5, 5, 10, 10, 20, 30, 50] as const;
const COOP_CAPITAL = [5, 10, 20, 30, 50, 100, 100, 200, 300, 500, 1000] as const;

const KIND_START: Record<EntityKind, number> = {
  enterprise: daysFromCivil(1995, 1, 1),
  individual: daysFromCivil(1995, 1, 1),
  cooperative: daysFromCivil(2007, 7, 1),
  other: daysFromCivil(1995, 1, 1),
};
/** Mean age in years of the exponential establishment-date distribution (recent years dominate). */
const KIND_TAU: Record<EntityKind, number> = { enterprise: 8, individual: 6, cooperative: 8, other: 14 };

const THREE_IN_ONE = daysFromCivil(2015, 10, 1);
const INDIVIDUAL_USCC = daysFromCivil(2016, 10, 1);
const REG_REFORM = daysFromCivil(2014, 3, 1);

const byKind = (k: 0 | 1 | 2 | 3) => weightedTable(INDUSTRIES, (x) => x.w[k]);

/** Mutable per-entity state read by the AltValues callbacks (avoids a closure per entity). */
interface Current {
  kind: EntityKind;
  industry: Industry;
  township: TownshipInfo | null;
  branch: boolean;
}

/**
 * A function from entity index to entity and records, for one (seed, county, asOf). Useful for workers
 * that each generate a range of indices.
 */
export function createDemoFactory(opts: Omit<DemoOptions, 'entities'>): (index: number) => DemoEntity {
  const asOf = parseIsoDay(opts.asOf);
  const county: CountyContext = countyContext(opts.county);
  const seedWords = cyrb128(`creditdesk-demo:${opts.seed}`);
  const rng = new Rng(seedWords);
  const keys = idKeys(seedWords);
  const history = new HistoryGenerator(rng, county, asOf);
  const clusterRole = createClusterPlanner(seedWords, county);
  const tables = { enterprise: byKind(0), individual: byKind(1), cooperative: byKind(2), other: byKind(3) };
  const cur: Current = { kind: 'enterprise', industry: INDUSTRIES[0]!, township: null, branch: false };

  const makeName = (legalRep: string, female: boolean): string => {
    switch (cur.kind) {
      case 'enterprise':
        return enterpriseName(rng, county, cur.industry);
      case 'individual':
        return individualName(rng, county, cur.industry, cur.township, legalRep, female);
      case 'cooperative':
        return cooperativeName(rng, county, cur.industry, cur.township);
      case 'other':
        return cur.branch
          ? branchName(rng, county, cur.industry, cur.township)
          : orgName(rng, rng.pick(cur.industry.org!.names), county, cur.township);
    }
  };
  const alt: AltValues = {
    person: () => personName(rng),
    address: () => address(rng, county, cur.township, cur.industry.code[0] === 'C'),
    name: () => {
      const female = rng.chance(0.4);
      return makeName(personName(rng, female), female);
    },
  };

  return (index: number): DemoEntity => {
    if (!Number.isInteger(index) || index < 0 || index >= MAX_DEMO_ENTITIES) {
      throw new RangeError(`示范数据序号超出范围：${index}`);
    }
    rng.reseed(index);
    const role = clusterRole(index);
    let kind = rng.pickWeighted(KINDS);
    // Agents host companies; the other signals need an entity that registers changes and files reports.
    if (role && (role.type === 'agent' || kind === 'other')) kind = 'enterprise';
    const branch = kind === 'other' && rng.chance(OTHER_BRANCH_SHARE);
    const industry = rng.pickWeighted(branch ? tables.enterprise : tables[kind]);
    const nonMarket = kind === 'other' && !branch;

    // 成立日期: exponential in age, truncated to [start, asOf].
    const start = Math.min(KIND_START[kind], asOf);
    const span = asOf - start;
    const tau = KIND_TAU[kind] * 365.25;
    const age = Math.floor(-tau * Math.log(1 - rng.float() * (1 - Math.exp(-span / tau))));
    let est = asOf - Math.min(span, Math.max(0, age));
    // A burst or a surge stands out against a year of ordinary history before it.
    if ((role?.type === 'changes' || role?.type === 'surge') && asOf - 400 >= start)
      est = Math.min(est, asOf - 400);

    let status: EntityStatus = rng.pickWeighted(STATUSES);
    // Planted people, bursts and surges stay in business so that they show; agents' companies age naturally.
    if (role && role.type !== 'agent') status = 'active';
    if (nonMarket && status !== 'active') status = 'cancelled';
    let end = asOf;
    if (status !== 'active') {
      if (asOf - est < 90) status = 'active';
      else end = est + 60 + rng.int(asOf - est - 60);
    }
    let risk = rng.float() ** 4;
    if (status === 'revoked') risk = 0.5 + 0.5 * rng.float();
    if (nonMarket) risk *= 0.3;

    const rural = kind === 'cooperative' || industry.code[0] === 'A' || industry.code === 'Q8423';
    const townships = rural ? county.ruralTable : county.townshipTable;
    const drawn = townships ? rng.pickWeighted(townships) : null;
    const township = role?.type === 'agent' ? role.township : drawn;
    cur.kind = kind;
    cur.industry = industry;
    cur.township = township;
    cur.branch = branch;

    const female = rng.chance(0.4);
    const drawnRep = personName(rng, female);
    const legalRep = role?.type === 'person' ? role.name : drawnRep;
    const name = makeName(legalRep, female);
    const drawnAddr = address(rng, county, township, industry.code[0] === 'C');
    const addr = role?.type === 'agent' ? retypedAddress(rng, role.address) : drawnAddr;
    const signal =
      role?.type === 'changes' || role?.type === 'surge'
        ? role.type
        : role?.type === 'agent' && role.unreachable && rng.chance(UNREACHABLE_SHARE)
          ? 'unreachable'
          : null;

    // 统一社会信用代码.
    const prefix =
      kind === 'enterprise' || branch
        ? '91'
        : kind === 'individual'
          ? '92'
          : kind === 'cooperative'
            ? '93'
            : industry.org!.prefix;
    const r = rng.float();
    const region =
      kind === 'enterprise' && r < 0.04
        ? county.prefectureCode
        : r > 0.97
          ? county.neighbourCodes[rng.int(county.neighbourCodes.length)]!
          : county.regionCode;
    let shape: OrgBodyShape = 'MA';
    if (prefix === '12') shape = 'numeric';
    else if (prefix === '51' || prefix === '52') shape = 'MJ';
    else if (prefix === '91' && est < THREE_IN_ONE && rng.chance(0.92)) shape = 'numeric';
    else if (prefix === '92' && est < INDIVIDUAL_USCC && rng.chance(0.12)) shape = 'L';
    else if (prefix === '93' && est < INDIVIDUAL_USCC && rng.chance(0.3)) shape = 'numeric';
    const uscc = makeUscc(prefix, region, orgBody(permuteIndex(index, keys), shape));
    const regNo =
      kind === 'enterprise' && est < REG_REFORM && rng.chance(0.23)
        ? makeRegNo15(index, county.regionCode, keys)
        : null;

    let capitalAmount: number | null = null;
    if (kind === 'enterprise') {
      capitalAmount = rng.pickWeighted(ENTERPRISE_CAPITAL);
      if (rng.chance(0.05)) capitalAmount = Math.round(capitalAmount * (0.5 + rng.float()) * 100) / 100;
    } else if (kind === 'individual') {
      capitalAmount = rng.chance(0.55) ? rng.pick(INDIVIDUAL_CAPITAL) : null;
    } else if (kind === 'cooperative') {
      capitalAmount = rng.pick(COOP_CAPITAL);
    }
    const phone = rng.chance(0.96) ? mobile(rng) : null;

    const { records, blacklisted } = history.generate(
      {
        kind,
        nonMarket,
        industry,
        status,
        est,
        end,
        risk,
        name,
        legalRep,
        address: addr,
        capitalAmount,
        signal,
      },
      alt,
    );

    const tags: string[] = [];
    for (const t of industry.tags ?? [])
      tags.push(kind === 'individual' && industry.workshop && t === '食品生产' ? '食品小作坊' : t);
    if (blacklisted) tags.push('重点监管对象');

    const entity: Entity = {
      uscc,
      regNo,
      name,
      kind,
      legalRep,
      regionCode: county.regionCode,
      township: township ? township.name : null,
      jurisdiction: township ? township.jurisdiction : county.defaultJurisdiction,
      industryCode: industry.code,
      industryName: industry.name,
      address: addr,
      establishedOn: isoOfDay(est),
      status,
      capitalAmount,
      capitalUnit: capitalAmount === null ? null : '万元',
      capitalCurrency: capitalAmount === null ? null : '人民币',
      phone,
      tags,
    };
    return { entity, records };
  };
}

/**
 * Streams `opts.entities` demo entities with their credit records. Memory use does not grow with the
 * count; the same options always yield byte-identical data. Options are checked when called.
 */
export function generateDemoCounty(opts: DemoOptions): Generator<DemoEntity> {
  const n = opts.entities;
  if (!Number.isInteger(n) || n < 0 || n > MAX_DEMO_ENTITIES) {
    throw new RangeError(`示范数据数量应为 0–${MAX_DEMO_ENTITIES} 的整数：${n}`);
  }
  return stream(createDemoFactory(opts), n);
}

function* stream(make: (index: number) => DemoEntity, n: number): Generator<DemoEntity> {
  for (let i = 0; i < n; i++) yield make(i);
}
