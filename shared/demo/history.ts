/**
 * The credit history of one demo entity: every record kind of SPEC §4, with the causal chains a real file
 * shows (a missed annual report → abnormal listing → removal on late filing, or → serious-violation list
 * after 3 years; inspection result 6 → 查无下落 listing; revocation after dormancy; repair + 守信承诺 …).
 * Dates are day numbers internally and never fall before establishment or after min(end of life, asOf).
 */
import type { EntityKind, EntityStatus } from '../domain/entity.ts';
import {
  type CreditRecord,
  PENALTY_KINDS_EXCLUDED_FROM_REPAIR,
  recordNaturalKey,
} from '../domain/records.ts';
import { LIGHT_PENALTY_KINDS } from '../domain/penalty-kinds.ts';
import type { CountyContext } from './county.ts';
import { addMonthsToDay, civilFromDays, daysFromCivil, isoOfDay, parseIsoDay } from '../dates/iso-date.ts';
import type { Industry } from './industries.ts';
import type { Rng } from './prng.ts';
import { kindTable, lowFineLimit, REVOCATION, roundFine, VIOLATIONS, type Violation } from './violations.ts';
import {
  COMMENDATIONS,
  COMPLAINT_CHANNELS,
  type ChangeField,
  ENTERPRISE_CHANGE_FIELDS,
  FOLLOW_UP,
  INDIVIDUAL_CHANGE_FIELDS,
  JOINT_FIELDS,
  LEVELS,
  PROBLEM_RESULTS,
  RESULTS,
  type Results,
  SCOPE_EXTRAS,
  SERIOUS_FROM_ABNORMAL,
  SERIOUS_FROM_WITHDRAWAL,
  SERIOUS_REASONS,
  STATUS_RESULT,
} from './vocabulary.ts';

/** What the history needs to know about its entity. */
export interface HistoryInput {
  readonly kind: EntityKind;
  /** A non-market body of kind “other” (hospital, school …): no annual reports, few records. */
  readonly nonMarket: boolean;
  readonly industry: Industry;
  readonly status: EntityStatus;
  /** Day numbers: established on, last day in existence (asOf when active). */
  readonly est: number;
  readonly end: number;
  /** Latent propensity to misbehave, 0 (model citizen) … 1. */
  readonly risk: number;
  readonly name: string;
  readonly legalRep: string | null;
  readonly address: string;
  readonly capitalAmount: number | null;
  /** A monitoring signal planted in this entity (see clusters.ts), or null. */
  readonly signal: 'changes' | 'surge' | 'unreachable' | null;
}

/** Previous values for registration changes (法定代表人/住所/名称 before the change). */
export interface AltValues {
  person(): string;
  address(): string;
  name(): string;
}

export interface HistoryResult {
  readonly records: CreditRecord[];
  /** On the serious-violation or joint-punishment list on asOf. */
  readonly blacklisted: boolean;
}

export const PUBLIC_SCORE_SCHEME = 'henan-pds-public-100';

/**
 * The first report year of each kind that files annual reports: 企业 and 农民专业合作社 from 2013 (the first
 * reports under 企业信息公示暂行条例, due in 2014), 个体工商户 from 2014 (《个体工商户年度报告暂行办法》,
 * in force from 1 October 2014). Non-market bodies of kind “other” file none.
 */
const FIRST_REPORT_YEAR: Partial<Record<EntityKind, number>> = {
  enterprise: 2013,
  cooperative: 2013,
  individual: 2014,
};

function firstReportYear(kind: EntityKind): number {
  return FIRST_REPORT_YEAR[kind] ?? Number.POSITIVE_INFINITY;
}

/**
 * The report years a demo county as of `asOf` loads, per kind: every year whose reports had opened
 * (1 January of the next year) by `asOf`. Recorded as the demo batch's coverage, so grading counts a
 * year without a report as missing exactly where the generator would have written one.
 */
export function demoAnnualReportYears(asOf: string): Array<{ kind: EntityKind; years: number[] }> {
  const asOfYear = Number(asOf.slice(0, 4));
  return (Object.keys(FIRST_REPORT_YEAR) as EntityKind[]).map((kind) => {
    const years: number[] = [];
    for (let y = firstReportYear(kind); y < asOfYear; y++) years.push(y);
    return { kind, years };
  });
}

const D = (y: number, m: number, d: number) => daysFromCivil(y, m, d);
const SINCE_PENALTY = D(2012, 1, 1);
const SINCE_ABNORMAL = D(2014, 3, 1);
const SINCE_QUALITY = D(2015, 1, 1);
const SINCE_INSPECTION = D(2016, 1, 1);
const SINCE_COMPLAINT = D(2017, 1, 1);
const SINCE_JOINT = D(2017, 1, 1);
const SINCE_SERIOUS = D(2016, 6, 1);
const SINCE_COMMITMENT = D(2019, 1, 1);
const SINCE_COMMENDATION = D(2012, 1, 1);
const OPERATOR_CHANGE_ALLOWED = D(2022, 11, 1);
const YEAR = 365.25;
const BURST_FIELDS: readonly ChangeField[] = ['法定代表人', '住所', '名称'];

interface Listing {
  day: number;
  rec: Extract<CreditRecord, { type: 'abnormal_list' }>;
}

/** Generates histories for one run; one instance per run, `generate` called once per entity. */
export class HistoryGenerator {
  private readonly county: CountyContext;
  private readonly asOf: number;
  private readonly asOfYear: number;
  private readonly quarterEnds: readonly number[];
  private readonly rng: Rng;

  // Per-entity state (reset by generate()).
  private recs: CreditRecord[] = [];
  private keys: string[] = [];
  private changes: [ChangeField, number][] = [];
  private e!: HistoryInput;
  private hi = 0;

  constructor(rng: Rng, county: CountyContext, asOf: number) {
    this.rng = rng;
    this.county = county;
    this.asOf = asOf;
    this.asOfYear = civilFromDays(asOf)[0];
    const qe: number[] = [];
    for (let y = this.asOfYear; y >= this.asOfYear - 3; y--) {
      for (const [m, d] of [
        [12, 31],
        [9, 30],
        [6, 30],
        [3, 31],
      ] as const) {
        const day = D(y, m, d);
        if (day <= asOf && qe.length < 8) qe.push(day);
      }
    }
    this.quarterEnds = qe;
  }

  generate(e: HistoryInput, alt: AltValues): HistoryResult {
    this.e = e;
    this.recs = [];
    this.keys = [];
    this.changes = [];
    this.hi = Math.min(e.end, this.asOf);
    const rng = this.rng;
    const orgLike = e.kind === 'enterprise' || e.kind === 'cooperative';
    if (orgLike || e.kind === 'individual') this.annualReports();
    if (e.kind === 'individual') this.individualUnreachable();
    if (e.kind === 'enterprise' || (e.kind === 'other' && !e.nonMarket)) this.extraAbnormal();
    if (e.signal === 'unreachable') this.unreachableAtAgent();
    this.inspections();
    this.penalties();
    if (e.status === 'revoked') this.revocation();
    const blacklisted = this.seriousAndJoint();
    this.complaints();
    if (e.signal === 'surge') this.complaintSurge();
    this.qualityChecks();
    this.commitments();
    if (e.risk < 0.25 && !blacklisted) this.commendations();
    if (!e.nonMarket) this.registrationChanges(alt);
    if (e.kind === 'enterprise' && e.status === 'active' && e.est <= this.asOf - 365 && rng.chance(0.45))
      this.publicScores();
    if (e.status !== 'active') this.closeListingsAtEnd();

    const recs = this.recs;
    recs.sort((a, b) =>
      a.date < b.date ? -1 : a.date > b.date ? 1 : a.type < b.type ? -1 : a.type > b.type ? 1 : 0,
    );
    return { records: recs, blacklisted };
  }

  // ---------------------------------------------------------------------------------------------
  // helpers

  private add(r: CreditRecord): boolean {
    const k = recordNaturalKey(r);
    if (this.keys.includes(k)) return false;
    this.keys.push(k);
    this.recs.push(r);
    return true;
  }

  /** A uniform day in [max(est, from), hi], or -1 when that window is empty. */
  private dayIn(from: number): number {
    const lo = Math.max(this.e.est, from);
    return lo > this.hi ? -1 : lo + this.rng.int(this.hi - lo + 1);
  }

  /** Years of exposure in [max(est, from), hi]. */
  private years(from: number): number {
    const lo = Math.max(this.e.est, from);
    return lo > this.hi ? 0 : (this.hi - lo + 1) / YEAR;
  }

  private clampHi(day: number): number {
    return day > this.hi ? -1 : day;
  }

  private listAbnormal(day: number, reason: string): Listing | null {
    if (day < this.e.est || day > this.hi) return null;
    const rec: Listing['rec'] = {
      type: 'abnormal_list',
      date: isoOfDay(day),
      reason,
      authority: this.county.bureau,
      removedOn: null,
      removalReason: null,
    };
    return this.add(rec) ? { day, rec } : null;
  }

  private remove(l: Listing, day: number, reason: string): void {
    if (day < l.day || day > this.hi) return;
    l.rec.removedOn = isoOfDay(day);
    l.rec.removalReason = reason;
  }

  // ---------------------------------------------------------------------------------------------
  // annual reports and the abnormal list

  /**
   * One report a year, due by 30 June of the next year, from the first year of the reporting rules: a
   * missed deadline lists an enterprise or cooperative on the abnormal list, and marks a 个体工商户 as
   * abnormal (标记为经营异常状态, 《个体工商户年度报告暂行办法》; paper reports allowed, so most file);
   * filing late takes it off again (恢复正常记载状态 for a 个体工商户).
   */
  private annualReports(): void {
    const { e, rng } = this;
    const individual = e.kind === 'individual';
    const estYear = civilFromDays(e.est)[0];
    const dormantFrom = e.status === 'revoked' ? e.end - (1 + rng.int(3)) * 365 : Number.POSITIVE_INFINITY;
    let streak = 0;
    let open: Listing | null = null;
    /** The latest 未按时年报 listing, open or removed. */
    let last: Listing | null = null;
    for (let y = Math.max(firstReportYear(e.kind), estYear); y < this.asOfYear; y++) {
      const opens = D(y + 1, 1, 1);
      if (opens > this.hi) break;
      const deadline = D(y + 1, 6, 30);
      const listDay = D(y + 1, 7, 1) + rng.int(21);
      // Individuals miss a little more often than enterprises, and once they stop, tend to stay stopped.
      const pMiss =
        opens >= dormantFrom
          ? 1
          : individual
            ? streak > 0
              ? 0.5 + 0.3 * e.risk
              : 0.02 + 0.2 * e.risk
            : streak > 0
              ? 0.4 + 0.35 * e.risk
              : 0.01 + 0.15 * e.risk;
      const pLate = individual ? 0.04 + 0.15 * e.risk : 0.03 + 0.15 * e.risk;
      const u = rng.float();
      let filed = -1;
      let onTime = true;
      if (u < pMiss) {
        streak++;
      } else if (u < pMiss + pLate) {
        filed = deadline + 1 + rng.int(420);
        onTime = false;
      } else {
        // Most file in the last weeks before 30 June.
        const back = Math.floor(180 * rng.float() * rng.float());
        filed = deadline - back;
      }
      if (filed > this.hi) filed = -1;
      // Still listed (marked) from an earlier year on this year's listing day: no second listing.
      const listedAlready =
        open !== null || (last !== null && (last.rec.removedOn ?? '') > isoOfDay(listDay));
      if (filed >= 0) {
        streak = 0;
        this.add({ type: 'annual_report', date: isoOfDay(filed), year: y, onTime });
        if (open) {
          this.remove(open, filed + rng.int(6), '已补报年度报告');
          if (open.rec.removedOn) open = null;
        }
      }
      const missedDeadline = deadline < this.hi && (filed < 0 || filed > listDay);
      if (missedDeadline && listDay <= this.hi) {
        if (!listedAlready) {
          const l = this.listAbnormal(listDay, '未按时年报');
          if (l && filed > listDay) this.remove(l, filed + rng.int(6), '已补报年度报告');
          // Open until removed (a removal that would fall after asOf has not happened yet).
          if (l && !l.rec.removedOn) open = l;
          if (l) last = l;
        } else if (open === null && last !== null) {
          // The earlier listing's late filing came after this deadline passed: it stays listed until
          // this year's report is in too (or for good, if it never comes).
          const earlier = parseIsoDay(last.rec.removedOn as string);
          last.rec.removedOn = null;
          last.rec.removalReason = null;
          if (filed > listDay) this.remove(last, Math.max(earlier, filed + rng.int(6)), '已补报年度报告');
          if (!last.rec.removedOn) open = last;
        }
      }
    }
    // Three years on the list without fulfilling the duty → serious-violation list (auto-removed from the
    // abnormal list). Enterprise rules (条例 Art. 17): a 个体工商户 stays marked instead.
    if (open && !open.rec.removedOn && !individual) {
      const escalate = addMonthsToDay(open.day, 36) + rng.int(30);
      if (escalate <= this.hi && rng.chance(0.3)) {
        this.remove(open, escalate, '列入异常届满');
        this.serious(escalate, SERIOUS_FROM_ABNORMAL, false);
      }
    }
  }

  /** 个体工商户 that cannot be reached at their registered premises are marked abnormal too (标记/恢复). */
  private individualUnreachable(): void {
    const { e, rng } = this;
    const n = rng.poisson((0.0012 + 0.012 * e.risk) * this.years(D(2015, 7, 1)));
    for (let i = 0; i < n; i++) {
      const day = this.dayIn(D(2015, 7, 1));
      const l = this.listAbnormal(day, '查无下落');
      if (l && rng.chance(0.45)) this.remove(l, day + 20 + rng.int(700), '已重新取得联系');
    }
  }

  /** Listings not caused by annual reports (unreachable address, ignored orders, false information). */
  private extraAbnormal(): void {
    const { e, rng } = this;
    const n = rng.poisson((0.002 + 0.02 * e.risk) * this.years(SINCE_ABNORMAL));
    for (let i = 0; i < n; i++) {
      const day = this.dayIn(SINCE_ABNORMAL);
      const u = rng.float();
      const reason = u < 0.7 ? '查无下落' : u < 0.9 ? '未在责令期限内公示' : '公示信息虚假';
      const l = this.listAbnormal(day, reason);
      if (l && rng.chance(0.4)) this.removeWithReason(l, day + 30 + rng.int(600), reason);
    }
  }

  /** A company registered at an agent's office that nobody there can find: listed 查无下落 and still listed. */
  private unreachableAtAgent(): void {
    this.listAbnormal(this.dayIn(this.asOf - 700), '查无下落');
  }

  private removeWithReason(l: Listing, day: number, reason: string): void {
    const rng = this.rng;
    if (reason === '查无下落') {
      if (rng.chance(0.5)) {
        this.remove(l, day, '已变更登记住所');
        if (l.rec.removedOn) this.changes.push(['住所', day - 1 - rng.int(5)]);
      } else {
        this.remove(l, day, '已重新取得联系');
      }
    } else if (reason === '未在责令期限内公示') {
      this.remove(l, day, '已履行公示义务');
    } else if (reason === '公示信息虚假') {
      this.remove(l, day, '已更正公示信息');
    } else {
      this.remove(l, day, '已补报年度报告');
    }
  }

  /** Entities that ended (注销/吊销 …) leave the abnormal list on that day half the time. */
  private closeListingsAtEnd(): void {
    for (const r of this.recs) {
      if (r.type === 'abnormal_list' && !r.removedOn && this.rng.chance(0.5)) {
        r.removedOn = isoOfDay(this.hi);
        r.removalReason = '企业注（吊）销，不再列入';
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // inspections (双随机) and their follow-ups

  private inspections(): void {
    const { e, rng } = this;
    const base = e.kind === 'individual' ? 0.012 : e.kind === 'other' ? 0.02 : 0.04;
    const n = rng.poisson(base * (1 + 1.5 * e.risk) * this.years(SINCE_INSPECTION));
    for (let i = 0; i < n; i++) {
      const day = this.dayIn(SINCE_INSPECTION);
      if (day < 0) return;
      const table = rng.chance(0.6 * e.risk) ? PROBLEM_RESULTS : RESULTS;
      const results = rng.pickWeighted(table);
      this.inspection(day, results);
    }
    // Inspected on the day its existence ended: the result is the status (9 注销, 10 被吊销 …).
    const statusCode = STATUS_RESULT[e.status];
    if (statusCode && e.end >= SINCE_INSPECTION && rng.chance(0.05)) this.inspection(this.hi, [statusCode]);
  }

  private items(): string[] {
    const { e, rng } = this;
    if (e.industry.domain === 'food' && rng.chance(0.5)) return ['B01'];
    if (e.kind === 'individual') return rng.chance(0.5) ? ['A02'] : ['A07'];
    const u = rng.float();
    return u < 0.5 ? ['A07'] : u < 0.75 ? ['A07', 'A08'] : u < 0.9 ? ['A09'] : ['A02'];
  }

  private inspection(day: number, results: Results): void {
    const { rng } = this;
    const [y, m] = civilFromDays(day);
    const planNo = Math.min(12, 1 + Math.floor((m - 1) / 1.5) + rng.int(2));
    const last = results[results.length - 1]!;
    const ok = this.add({
      type: 'inspection',
      date: isoOfDay(day),
      plan: `${this.county.abbr}市监抽〔${y}〕${planNo}号`,
      items: this.items(),
      results: [...results],
      followUp: FOLLOW_UP[last] ?? null,
    });
    if (!ok) return;
    if (last === '6' && rng.chance(0.85)) {
      const l = this.listAbnormal(day + 10 + rng.int(11), '查无下落');
      if (l && rng.chance(0.35)) this.removeWithReason(l, l.day + 30 + rng.int(370), '查无下落');
    } else if (last === 'B' && rng.chance(0.25)) {
      const l = this.listAbnormal(day + 25 + rng.int(16), '未在责令期限内公示');
      if (l && rng.chance(0.6)) this.removeWithReason(l, l.day + 15 + rng.int(200), '未在责令期限内公示');
    } else if (last === 'C' && rng.chance(0.5)) {
      const l = this.listAbnormal(day + 10 + rng.int(11), '公示信息虚假');
      if (l && rng.chance(0.5)) this.removeWithReason(l, l.day + 15 + rng.int(200), '公示信息虚假');
    } else if ((last === '3' || last === '4' || last === 'D') && rng.chance(0.4)) {
      this.penalty(
        this.clampHi(day + 20 + rng.int(70)),
        rng.pickWeighted(VIOLATIONS[this.e.industry.domain]),
      );
    }
  }

  // ---------------------------------------------------------------------------------------------
  // penalties

  private penalties(): void {
    const { e, rng } = this;
    if (e.nonMarket) {
      if (rng.chance(0.01))
        this.penalty(this.dayIn(SINCE_PENALTY), rng.pickWeighted(VIOLATIONS[e.industry.domain]));
      return;
    }
    const base =
      e.kind === 'individual'
        ? 0.002 + 0.03 * e.risk
        : e.kind === 'cooperative'
          ? 0.001 + 0.015 * e.risk
          : 0.004 + 0.05 * e.risk;
    const d = e.industry.domain;
    const factor = d === 'food' ? 1.8 : d === 'drug' ? 2 : d === 'fuel' ? 1.5 : 1;
    const n = rng.poisson(base * factor * this.years(SINCE_PENALTY));
    for (let i = 0; i < n; i++) this.penalty(this.dayIn(SINCE_PENALTY), rng.pickWeighted(VIOLATIONS[d]));
  }

  private revocation(): void {
    this.penalty(this.hi, REVOCATION);
  }

  private penalty(day: number, v: Violation): void {
    const { e, rng } = this;
    if (day < e.est || day > this.hi) return;
    const kinds = rng.pickWeighted(kindTable(v));
    const individual = e.kind === 'individual';
    let fine: number | null = null;
    if (kinds.includes('罚款')) {
      const [lo, hi] = individual ? v.indFine : v.orgFine;
      fine = roundFine(Math.exp(Math.log(lo) + rng.float() * (Math.log(hi) - Math.log(lo))));
    }
    const onlyWarning = kinds.length === 1 && kinds[0] === '警告';
    const light =
      kinds.every((k) => LIGHT_PENALTY_KINDS.has(k)) && (fine === null || fine < lowFineLimit(e.kind));
    const publicityEnd = onlyWarning ? null : light ? addMonthsToDay(day, 3) : addMonthsToDay(day, 36);
    const [y] = civilFromDays(day);
    let no = rng.range(1, 480);
    const simple = !kinds.includes('吊销营业执照') && onlyWarning && rng.chance(0.3);
    let rec: Extract<CreditRecord, { type: 'penalty' }>;
    for (let attempt = 0; ; attempt++) {
      rec = {
        type: 'penalty',
        date: isoOfDay(day),
        decisionNo: simple ? null : `${this.county.abbr}市监处罚〔${y}〕${no}号`,
        violationType: v.act,
        content: `当事人${v.act}，违反了《${v.law}》的有关规定。`,
        penaltyKinds: [...kinds],
        fine,
        authority: this.county.bureau,
        publicityEnd: publicityEnd === null ? null : isoOfDay(publicityEnd),
        repairedOn: null,
      };
      if (this.add(rec)) break;
      if (simple || attempt > 5) return;
      no++;
    }
    // 信用修复: eligible after 6 months of publicity (1 year for food, drug, special equipment), never for the excluded kinds.
    if (
      !light &&
      publicityEnd !== null &&
      !kinds.some((k) => PENALTY_KINDS_EXCLUDED_FROM_REPAIR.has(k)) &&
      rng.chance(0.3 - 0.2 * e.risk)
    ) {
      const d = e.industry.domain;
      const minMonths = d === 'food' || d === 'drug' || d === 'equip' ? 12 : 6;
      const repaired = addMonthsToDay(day, minMonths) + rng.int(365);
      if (repaired <= this.hi && repaired < publicityEnd) {
        rec.repairedOn = isoOfDay(repaired);
        const promised = Math.max(day + 1, repaired - 1 - rng.int(10));
        this.add({
          type: 'commitment',
          date: isoOfDay(promised),
          content: '信用修复守信承诺',
          fulfilled: true,
        });
      }
    }
  }

  // ---------------------------------------------------------------------------------------------
  // serious-violation and joint-punishment lists

  /** Returns whether the entity is on either list on asOf. */
  private seriousAndJoint(): boolean {
    const { e, rng } = this;
    const pSerious = e.nonMarket
      ? 0
      : e.kind === 'individual'
        ? 0.0003 * (1 + 4 * e.risk)
        : 0.0015 * (1 + 4 * e.risk);
    if (rng.chance(pSerious)) this.serious(this.dayIn(SINCE_SERIOUS), rng.pick(SERIOUS_REASONS), true);
    if (e.status === 'withdrawn' && e.kind !== 'individual' && rng.chance(0.5))
      this.serious(this.hi, SERIOUS_FROM_WITHDRAWAL, false);

    const pJoint = e.nonMarket
      ? 0
      : e.kind === 'individual'
        ? 0.0004 * (0.5 + 2 * e.risk)
        : e.kind === 'cooperative'
          ? 0.001
          : 0.002 * (0.5 + 2 * e.risk);
    if (rng.chance(pJoint)) {
      const day = this.dayIn(SINCE_JOINT);
      if (day >= 0) {
        const removed = rng.chance(0.4) ? this.clampHi(day + 180 + rng.int(900)) : -1;
        this.add({
          type: 'joint_punishment',
          date: isoOfDay(day),
          field: rng.pick(JOINT_FIELDS),
          removedOn: removed >= 0 ? isoOfDay(removed) : null,
        });
      }
    }
    const asOfIso = isoOfDay(this.asOf);
    return this.recs.some(
      (r) =>
        (r.type === 'serious_violation_list' || r.type === 'joint_punishment') &&
        r.date <= asOfIso &&
        (r.removedOn == null || r.removedOn > asOfIso),
    );
  }

  private serious(day: number, reason: string, mayRemoveEarly: boolean): void {
    const rng = this.rng;
    if (day < this.e.est || day > this.hi) return;
    let removed = -1;
    const full = addMonthsToDay(day, 36);
    if (full <= this.hi) removed = full;
    else if (mayRemoveEarly && rng.chance(0.3))
      removed = this.clampHi(addMonthsToDay(day, 12) + rng.int(300));
    this.add({
      type: 'serious_violation_list',
      date: isoOfDay(day),
      reason,
      authority: this.county.bureau,
      removedOn: removed >= 0 ? isoOfDay(removed) : null,
    });
  }

  // ---------------------------------------------------------------------------------------------
  // complaints, quality checks, commitments, commendations

  private complaints(): void {
    const { e, rng } = this;
    const c = e.industry.code;
    const consumer = c.startsWith('F52') || c[0] === 'H' || c[0] === 'O' || c[0] === 'R' || c[0] === 'P';
    const base = e.kind === 'individual' ? 0.01 : e.kind === 'enterprise' ? 0.02 : 0.004;
    const n = rng.poisson(base * (consumer ? 1 : 0.25) * (1 + 2 * e.risk) * this.years(SINCE_COMPLAINT));
    for (let i = 0; i < n; i++) {
      const day = this.dayIn(SINCE_COMPLAINT);
      if (day < 0) return;
      this.add({
        type: 'complaint',
        date: isoOfDay(day),
        channel: rng.pickWeighted(COMPLAINT_CHANNELS),
        substantiated: rng.chance(0.25 + 0.5 * e.risk),
      });
    }
  }

  /** 3–6 complaints within the last 30 days: far above the entity's usual monthly rate. */
  private complaintSurge(): void {
    const { rng } = this;
    const want = 3 + rng.int(4);
    for (let added = 0, tries = 0; added < want && tries < 30; tries++) {
      const day = this.dayIn(this.asOf - 29);
      if (day < 0) return;
      const ok = this.add({
        type: 'complaint',
        date: isoOfDay(day),
        channel: rng.pickWeighted(COMPLAINT_CHANNELS),
        substantiated: rng.chance(0.6),
      });
      if (ok) added++;
    }
  }

  private qualityChecks(): void {
    const { e, rng } = this;
    const products = e.industry.products;
    if (!products) return;
    const base = e.kind === 'individual' ? 0.025 : 0.06;
    const n = rng.poisson(base * this.years(SINCE_QUALITY));
    for (let i = 0; i < n; i++) {
      const day = this.dayIn(SINCE_QUALITY);
      if (day < 0) return;
      this.add({
        type: 'quality_check',
        date: isoOfDay(day),
        product: rng.pick(products),
        qualified: rng.chance(0.97 - 0.4 * e.risk),
      });
    }
  }

  private commitments(): void {
    const { e, rng } = this;
    if (e.est < SINCE_COMMITMENT || !rng.chance(0.12)) return;
    const day = this.clampHi(e.est + rng.int(31));
    if (day < 0) return;
    const content = e.industry.tags?.includes('食品经营') ? '食品经营许可告知承诺' : '证明事项告知承诺';
    const fulfilled = day > this.asOf - 180 && rng.chance(0.5) ? null : rng.chance(0.98 - 0.3 * e.risk);
    this.add({ type: 'commitment', date: isoOfDay(day), content, fulfilled });
  }

  private commendations(): void {
    const { e, rng } = this;
    const rate =
      e.kind === 'cooperative' ? 0.02 : e.kind === 'enterprise' ? 0.006 : e.kind === 'other' ? 0.004 : 0.0015;
    const n = rng.poisson(rate * this.years(SINCE_COMMENDATION));
    for (let i = 0; i < n; i++) {
      const day = this.dayIn(SINCE_COMMENDATION);
      if (day < 0) return;
      const titles =
        e.kind === 'individual' && e.industry.domain === 'food'
          ? [...COMMENDATIONS.individual, '食品安全示范店']
          : COMMENDATIONS[e.kind];
      this.add({
        type: 'commendation',
        date: isoOfDay(day),
        title: rng.pick(titles),
        level: rng.pickWeighted(LEVELS),
      });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // registration changes (chained: each change's `after` is the next one's `before`, the last is current)

  private registrationChanges(alt: AltValues): void {
    const { e, rng } = this;
    const individual = e.kind === 'individual';
    const rate = individual ? 0.012 : e.kind === 'cooperative' ? 0.03 : 0.05;
    const fields = individual ? INDIVIDUAL_CHANGE_FIELDS : ENTERPRISE_CHANGE_FIELDS;
    const n = rng.poisson(rate * this.years(e.est + 30));
    for (let i = 0; i < n; i++) {
      const day = this.dayIn(e.est + 30);
      if (day < 0) break;
      let field = rng.pickWeighted(fields);
      if (field === '注册资本' && e.capitalAmount === null) field = '经营范围';
      if (field === '法定代表人' && individual && day < OPERATOR_CHANGE_ALLOWED) field = '经营范围';
      this.changes.push([field, day]);
    }
    // A few enterprises change 法定代表人/住所 three or more times within a year (a monitoring signal).
    if (e.kind === 'enterprise' && rng.chance(0.006)) {
      const span = this.hi - (e.est + 30);
      if (span > 330) {
        const endDay = rng.chance(0.5)
          ? this.hi - rng.int(Math.min(span - 330, 300) + 1)
          : e.est + 360 + rng.int(span - 329);
        const k = 3 + rng.int(2);
        for (let i = 0; i < k; i++)
          this.changes.push([rng.chance(0.5) ? '法定代表人' : '住所', endDay - rng.int(330)]);
      }
    }
    // A planted burst: 3–5 changes of 法定代表人/住所/名称 within the last eleven months.
    if (e.signal === 'changes') {
      const k = 3 + rng.int(3);
      for (let i = 0; i < k; i++) {
        const day = this.dayIn(this.asOf - 330);
        if (day >= 0) this.changes.push([rng.pick(BURST_FIELDS), day]);
      }
    }
    if (this.changes.length === 0) return;
    this.changes.sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0)); // newest first: walk back from the current values
    let name = e.name;
    let rep = e.legalRep ?? alt.person();
    let addr = e.address;
    let capital = e.capitalAmount ?? 0;
    let extras = 1 + rng.int(3);
    let offset = 0;
    const scope = (k: number) => [e.industry.name, ...SCOPE_EXTRAS.slice(offset, offset + k)].join('；');
    /** A previous value that differs from the current one. */
    const differing = (make: () => string, current: string): string => {
      let v = make();
      for (let i = 0; v === current && i < 5; i++) v = make();
      return v === current ? `${v}（原）` : v;
    };
    let prev = '';
    for (const [field, day] of this.changes) {
      const key = `${field}${day}`;
      if (day < e.est || day > this.hi || key === prev) continue;
      prev = key;
      let before: string;
      let after: string;
      switch (field) {
        case '法定代表人':
          after = rep;
          rep = differing(alt.person, rep);
          before = rep;
          break;
        case '住所':
          after = addr;
          addr = differing(alt.address, addr);
          before = addr;
          break;
        case '名称':
          after = name;
          name = differing(alt.name, name);
          before = name;
          break;
        case '注册资本': {
          after = `${capital}万元人民币`;
          const k = 2 + rng.int(4);
          // Mostly capital increases (before = after / k); a small amount was reduced instead (减资).
          capital = capital >= 2 * k ? Math.round(capital / k) : Math.round(capital * k * 100) / 100;
          before = `${capital}万元人民币`;
          break;
        }
        case '经营范围':
          after = scope(extras);
          if (extras > 0) extras--;
          else {
            offset = (offset + 1) % (SCOPE_EXTRAS.length - 1);
            extras = 1;
          }
          before = scope(extras);
          break;
      }
      this.add({ type: 'change', date: isoOfDay(day), field, before, after });
    }
  }

  // ---------------------------------------------------------------------------------------------
  // province-pushed public credit scores (henan-pds-public-100, SPEC §5.2)

  private publicScores(): void {
    const { e, rng } = this;
    const k = 1 + rng.int(4);
    let score = 90 - 40 * e.risk + 4 * rng.normalish();
    for (let i = 0; i < k && i < this.quarterEnds.length; i++) {
      const day = this.quarterEnds[i]!;
      if (day < e.est + 365) break;
      const iso = isoOfDay(day);
      let s = Math.round(Math.min(99.5, Math.max(20, score)) * 10) / 10;
      const onList = this.recs.some(
        (r) =>
          (r.type === 'joint_punishment' || r.type === 'serious_violation_list') &&
          r.date <= iso &&
          (r.removedOn == null || r.removedOn > iso),
      );
      if (onList) s = Math.min(s, Math.round((s - 15) * 10) / 10);
      const grade = onList ? '差' : s > 85 ? '优' : s > 70 ? '良' : s > 50 ? '中' : '差';
      this.add({ type: 'public_credit_score', date: iso, scheme: PUBLIC_SCORE_SCHEME, score: s, grade });
      score += 1.5 * rng.normalish();
    }
  }
}
