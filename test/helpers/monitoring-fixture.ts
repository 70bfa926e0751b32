/**
 * A county of credit files built around the boundaries of the monitoring rules (issue 13), with the
 * warnings it must raise worked out from the scenario definitions and the issue's thresholds — never by
 * running the engine. Used by the golden tests, the CLI test and the database path's equivalence test.
 *
 * The document is the canonical exchange form `{asOf, coverage, entities}` that `creditdesk monitor
 * --input` reads. Every entity files its annual reports unless a scenario says otherwise, so only the
 * annual-report scenarios raise annual_report_missing.
 */
import type { EntityKind, EntityStatus } from '../../shared/domain/entity.ts';
import type { CreditRecord } from '../../shared/domain/records.ts';
import { addDays, addMonths } from '../../shared/dates/iso-date.ts';

/** The thresholds of issue 13 (the built-in rule set must carry the same). */
export const ISSUE_THRESHOLDS = {
  sameAddress: 10,
  samePerson: 5,
  changes: 3,
  changeMonths: 12,
  changeFields: ['法定代表人', '住所', '名称'],
  recentComplaints: 3,
  recentDays: 30,
  baselineMonths: 12,
  surgeRatio: 3,
  consecutiveReportYears: 2,
  gradeSteps: 2,
  clusterSize: 3,
  listedShare: 0.3,
} as const;

export const FIXTURE_AS_OF = '2026-11-30';
/** Report years whose deadline (30 June of the next year) fell in the last three years before asOf. */
export const FIXTURE_REPORT_YEARS = [2023, 2024, 2025] as const;
/** Kinds the built-in annual_report_missing rule watches (as the county grading model does). */
const REPORT_KINDS: readonly EntityKind[] = ['enterprise', 'cooperative', 'individual'];

export interface FixtureEntity {
  id: string;
  kind: EntityKind;
  name: string;
  status: EntityStatus;
  establishedOn: string;
  township: string;
  address?: string;
  legalRep?: string;
  records: CreditRecord[];
  grades?: { model: string; runAt: string; grade: string }[];
}

export interface ExpectedWarning {
  rule: string;
  subject: { type: 'address' | 'person' | 'entity'; key: string };
  entities: string[];
  /** Sentences (or parts of them) the evidence must contain. */
  evidenceIncludes: string[];
}

interface Fixture {
  asOf: string;
  document: { asOf: string; coverage: { annualReports: number[] }; entities: FixtureEntity[] };
  expected: ExpectedWarning[];
}

const byCodeUnits = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

class Builder {
  readonly entities: FixtureEntity[] = [];
  readonly expected: ExpectedWarning[] = [];
  private next = 1;

  entity(over: Partial<FixtureEntity> & { reportsMissing?: readonly number[] } = {}): FixtureEntity {
    const n = this.next++;
    const { reportsMissing = [], records = [], ...rest } = over;
    const reports: CreditRecord[] = FIXTURE_REPORT_YEARS.filter((y) => !reportsMissing.includes(y)).map(
      (y) => ({
        type: 'annual_report',
        date: `${y + 1}-05-20`,
        year: y,
        onTime: true,
      }),
    );
    const e: FixtureEntity = {
      id: `MON${String(n).padStart(5, '0')}`,
      kind: 'enterprise',
      name: `监测测试主体${n}`,
      status: 'active',
      establishedOn: '2015-03-01',
      township: n % 2 === 0 ? '城关镇' : '东风街道',
      ...rest,
      records: [...reports, ...records],
    };
    this.entities.push(e);
    return e;
  }

  expect(w: ExpectedWarning): void {
    this.expected.push({ ...w, entities: [...w.entities].sort(byCodeUnits) });
  }
}

const listing = (date: string, removedOn?: string): CreditRecord => ({
  type: 'abnormal_list',
  date,
  reason: '通过登记的住所或者经营场所无法联系',
  ...(removedOn ? { removedOn } : {}),
});

interface ClusterSpec {
  /** The cluster's key as normalised by hand; each member is written in one of the spellings. */
  key: string;
  spellings: string[];
  active: number;
  /** Of the active members, how many are on a list now. */
  listed?: number;
  /** Of the active, unlisted members, how many were listed and removed before asOf. */
  removed?: number;
  inactive?: number;
  /** Of the inactive members, how many are on a list (they never count). */
  inactiveListed?: number;
  kinds?: EntityKind[];
}

const INACTIVE: EntityStatus[] = ['cancelled', 'revoked', 'moved', 'withdrawn'];

/** Members of an address or person cluster, and the warnings their counts call for. */
function cluster(b: Builder, type: 'address' | 'person', spec: ClusterSpec): void {
  const field = type === 'address' ? 'address' : 'legalRep';
  const members: FixtureEntity[] = [];
  const spelling = (i: number) => spec.spellings[i % spec.spellings.length] as string;
  const kinds = spec.kinds ?? ['enterprise'];
  for (let i = 0; i < spec.active; i++) {
    const records: CreditRecord[] = [];
    if (i < (spec.listed ?? 0)) records.push(listing('2026-03-10'));
    else if (i < (spec.listed ?? 0) + (spec.removed ?? 0)) records.push(listing('2025-03-10', '2025-09-01'));
    members.push(b.entity({ [field]: spelling(i), kind: kinds[i % kinds.length], records }));
  }
  for (let i = 0; i < (spec.inactive ?? 0); i++) {
    const records = i < (spec.inactiveListed ?? 0) ? [listing('2026-03-10')] : [];
    b.entity({ [field]: spelling(i + 1), status: INACTIVE[i % INACTIVE.length], records });
  }
  const codes = members.map((m) => m.id);
  const minimum = type === 'address' ? ISSUE_THRESHOLDS.sameAddress : ISSUE_THRESHOLDS.samePerson;
  if (spec.active >= minimum) {
    b.expect({
      rule: type === 'address' ? 'same_address' : 'same_person',
      subject: { type, key: spec.key },
      entities: codes,
      evidenceIncludes: [
        type === 'address' ? `同一地址登记在业主体 ${spec.active} 户` : `${spec.active} 户在业主体`,
      ],
    });
  }
  const listed = spec.listed ?? 0;
  if (spec.active >= ISSUE_THRESHOLDS.clusterSize && listed / spec.active > ISSUE_THRESHOLDS.listedShare) {
    b.expect({
      rule: 'cluster_listed',
      subject: { type, key: spec.key },
      entities: codes,
      evidenceIncludes: [`在业主体 ${spec.active} 户，其中 ${listed} 户`],
    });
  }
}

/** A change record of `field` on a date. */
const change = (
  date: string,
  field: '法定代表人' | '住所' | '名称' | '经营范围' | '注册资本',
): CreditRecord => ({
  type: 'change',
  date,
  field,
});

/** `count` complaints spread over the days of a window (from, to]. */
function complaintsIn(from: string, to: string, count: number): CreditRecord[] {
  const out: CreditRecord[] = [];
  for (let k = 0; k < count; k++) {
    // Dates from just after `from` forward by whole days, staying inside the window.
    out.push({ type: 'complaint', date: addDays(from, 1 + ((k * 7) % 28)), substantiated: k % 2 === 0 });
  }
  return out.filter((r) => r.date <= to);
}

export function monitoringFixture(): Fixture {
  const b = new Builder();
  const asOf = FIXTURE_AS_OF;
  const t = ISSUE_THRESHOLDS;

  // Address clusters: 9 vs 10, "1号" never merged with "11号", inactive members never counted.
  cluster(b, 'address', {
    key: '幸福路1号',
    spellings: ['幸福路1号', '幸福路１号', '幸福路 1 号'],
    active: 9,
    inactive: 3,
  });
  cluster(b, 'address', {
    key: '幸福路11号B座',
    spellings: ['幸福路11号B座', '幸福路１１号ｂ座', ' 幸福路11号 b座'],
    active: 10,
    kinds: ['enterprise', 'individual', 'cooperative', 'other'],
  });
  // Listed share: 3 of 10 (30%, not more) vs 4 of 10; removed listings and inactive members don't count.
  cluster(b, 'address', {
    key: '光明路5号',
    spellings: ['光明路5号'],
    active: 10,
    listed: 3,
    removed: 2,
    inactive: 2,
    inactiveListed: 2,
  });
  cluster(b, 'address', { key: '光明路7号', spellings: ['光明路7号', '光明路７号'], active: 10, listed: 4 });
  cluster(b, 'address', { key: '光明路3号', spellings: ['光明路3号'], active: 3, listed: 1 });
  cluster(b, 'address', {
    key: '光明路9号',
    spellings: ['光明路9号'],
    active: 2,
    listed: 2,
    inactive: 1,
    inactiveListed: 1,
  });

  // People: 4 vs 5, with spellings that differ by spaces only.
  cluster(b, 'person', {
    key: '李四',
    spellings: ['李四', '李 四', '李四 '],
    active: 4,
    inactive: 2,
    kinds: ['individual'],
  });
  cluster(b, 'person', {
    key: '王五',
    spellings: ['王五', '王　五'],
    active: 5,
    kinds: ['enterprise', 'individual'],
  });
  cluster(b, 'person', { key: '赵六', spellings: ['赵六'], active: 5, listed: 2 });

  // Changes: the window is (asOf − 12 months, asOf]; a change on its first day is outside.
  const from = addMonths(asOf, -t.changeMonths);
  const changeCases: {
    dates: string[];
    fields: Array<Parameters<typeof change>[1]>;
    status?: EntityStatus;
  }[] = [
    { dates: [from, addDays(from, 40), '2026-06-01'], fields: ['法定代表人', '住所', '名称'] },
    { dates: [addDays(from, 1), '2026-02-01', asOf], fields: ['法定代表人', '住所', '名称'] },
    { dates: ['2026-01-05', '2026-02-01', '2026-03-01'], fields: ['法定代表人', '经营范围', '名称'] },
    {
      dates: ['2026-01-05', '2026-02-01', '2026-03-01'],
      fields: ['住所', '住所', '名称'],
      status: 'revoked',
    },
    { dates: ['2026-01-05', '2026-02-01', addDays(asOf, 1)], fields: ['名称', '名称', '名称'] },
  ];
  for (const c of changeCases) {
    const records = c.dates.map((d, i) => change(d, c.fields[i] as Parameters<typeof change>[1]));
    const e = b.entity({ records, ...(c.status ? { status: c.status } : {}) });
    const counted = records.filter(
      (r) =>
        r.date > from &&
        r.date <= asOf &&
        r.type === 'change' &&
        (t.changeFields as readonly string[]).includes(r.field),
    );
    if (counted.length >= t.changes && e.status === 'active') {
      b.expect({
        rule: 'frequent_changes',
        subject: { type: 'entity', key: e.id },
        entities: [e.id],
        evidenceIncludes: [`近 12 个月变更法定代表人、住所、名称 ${counted.length} 次`],
      });
    }
  }

  // Complaints: recent window (asOf − 30 days, asOf], baseline the 12 months before it.
  const recentFrom = addDays(asOf, -t.recentDays);
  const baselineFrom = addMonths(recentFrom, -t.baselineMonths);
  const surgeCases = [
    { recent: 3, baseline: 12 }, // exactly 3× the monthly average: fires
    { recent: 3, baseline: 13 }, // just under 3×
    { recent: 4, baseline: 13 }, // just over 3×
    { recent: 3, baseline: 0 }, // zero baseline: the count alone decides
    { recent: 2, baseline: 0 }, // too few
    { recent: 2, baseline: 0, onBoundary: 1 }, // one on asOf − 30 days belongs to the baseline
    { recent: 3, baseline: 12, older: 6 }, // complaints before the baseline do not count
  ];
  for (const c of surgeCases) {
    const records = [
      ...complaintsIn(recentFrom, asOf, c.recent),
      // The baseline's complaints one per month-ish, all inside (baselineFrom, recentFrom].
      ...Array.from(
        { length: c.baseline },
        (_, k): CreditRecord => ({
          type: 'complaint',
          date: addDays(addMonths(baselineFrom, 1 + (k % 11)), -(k % 5)),
          substantiated: false,
        }),
      ),
      ...Array.from(
        { length: c.onBoundary ?? 0 },
        (): CreditRecord => ({ type: 'complaint', date: recentFrom, substantiated: true }),
      ),
      ...Array.from(
        { length: c.older ?? 0 },
        (_, k): CreditRecord => ({
          type: 'complaint',
          date: addMonths(baselineFrom, -k),
          substantiated: false,
        }),
      ),
    ];
    const e = b.entity({ records });
    const baseline = c.baseline + (c.onBoundary ?? 0);
    const fires =
      c.recent >= t.recentComplaints &&
      (baseline === 0 || c.recent * t.baselineMonths >= t.surgeRatio * baseline);
    if (fires) {
      b.expect({
        rule: 'complaint_surge',
        subject: { type: 'entity', key: e.id },
        entities: [e.id],
        evidenceIncludes: [
          baseline === 0
            ? `近 30 天投诉 ${c.recent} 件，前 12 个月无投诉`
            : `近 30 天投诉 ${c.recent} 件，为前 12 个月月均的 ${((c.recent * 12) / baseline).toFixed(1)} 倍`,
        ],
      });
    }
  }

  // Annual reports (all three years loaded): two consecutive missing years fire, a gap does not.
  const reportCases: {
    missing: number[];
    kind?: EntityKind;
    establishedOn?: string;
    status?: EntityStatus;
  }[] = [
    { missing: [2024, 2025] },
    { missing: [2023, 2025] },
    { missing: [2025] },
    { missing: [2023, 2024, 2025] },
    { missing: [2023, 2024, 2025], establishedOn: '2025-02-01' },
    { missing: [2024, 2025], kind: 'individual' },
    { missing: [2024, 2025], kind: 'other' },
    { missing: [2023, 2024, 2025], status: 'cancelled' },
  ];
  for (const c of reportCases) {
    const e = b.entity({
      reportsMissing: c.missing,
      ...(c.kind ? { kind: c.kind } : {}),
      ...(c.establishedOn ? { establishedOn: c.establishedOn } : {}),
      ...(c.status ? { status: c.status } : {}),
    });
    // A year counts only when the entity existed before it ended.
    const missing = c.missing.filter((y) => e.establishedOn <= `${y}-12-31`);
    let run = 0;
    let best = 0;
    for (const y of FIXTURE_REPORT_YEARS) {
      run = missing.includes(y) ? run + 1 : 0;
      best = Math.max(best, run);
    }
    if (best >= t.consecutiveReportYears && REPORT_KINDS.includes(e.kind) && e.status === 'active') {
      b.expect({
        rule: 'annual_report_missing',
        subject: { type: 'entity', key: e.id },
        entities: [e.id],
        evidenceIncludes: [`连续 ${best} 年`],
      });
    }
  }

  // Grades: steps counted in the model's own order (A+ is better than A; 优 良 中 差).
  const gradeCases: { model: string; order: string[]; grades: string[] }[] = [
    { model: 'samr-risk', order: ['A', 'B', 'C', 'D'], grades: ['A', 'B'] },
    { model: 'samr-risk', order: ['A', 'B', 'C', 'D'], grades: ['A', 'C'] },
    { model: 'samr-risk', order: ['A', 'B', 'C', 'D'], grades: ['C', 'A'] },
    { model: 'samr-risk', order: ['A', 'B', 'C', 'D'], grades: ['A', 'D', 'C'] },
    { model: 'henan-pds-public-100', order: ['优', '良', '中', '差'], grades: ['优', '中'] },
    {
      model: 'shandong-jining-public-1000',
      order: ['A+', 'A', 'B', 'C', 'C-', 'D', 'D-'],
      grades: ['A+', 'A'],
    },
    {
      model: 'shandong-jining-public-1000',
      order: ['A+', 'A', 'B', 'C', 'C-', 'D', 'D-'],
      grades: ['A+', 'B'],
    },
  ];
  for (const c of gradeCases) {
    const runs = c.grades.map((grade, k) => ({
      model: c.model,
      runAt: `2026-0${k + 3}-15T08:00:00Z`,
      grade,
    }));
    // Written newest first: the order in the file must not matter.
    const e = b.entity({ grades: [...runs].reverse() });
    const [previous, latest] = c.grades.slice(-2) as [string, string];
    const steps = c.order.indexOf(latest) - c.order.indexOf(previous);
    if (steps >= t.gradeSteps) {
      b.expect({
        rule: 'grade_drop',
        subject: { type: 'entity', key: e.id },
        entities: [e.id],
        evidenceIncludes: [`等级由 ${previous} 降为 ${latest}，下降 ${steps} 级`],
      });
    }
  }

  const expected = [...b.expected].sort(
    (x, y) =>
      byCodeUnits(x.rule, y.rule) ||
      byCodeUnits(x.subject.key, y.subject.key) ||
      byCodeUnits(x.subject.type, y.subject.type),
  );
  return {
    asOf,
    document: { asOf, coverage: { annualReports: [...FIXTURE_REPORT_YEARS] }, entities: b.entities },
    expected,
  };
}
