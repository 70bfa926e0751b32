/**
 * Issue 14: every analysis view and the quarterly report against figures this test computes itself from
 * the fixture's definitions (analysis-fixture.ts) with plain loops — not through the services' code.
 * The report is made through `creditdesk report quarterly --json`, and its workbook is read back with
 * SheetJS: sheet names, the 内部资料 banner, cells, and the 完成率/完结率 formulas.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend.ts';
import type { CliIO } from '../../cli/io.ts';
import { main } from '../../cli/main.ts';
import type { QuarterlyReport } from '../../shared/api/contracts/analysis.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../helpers/tmp.ts';
import {
  CLASSES,
  codesOf,
  ENTITIES,
  type FxEntity,
  followUpOf,
  OBJECTIONS,
  REPAIRS,
  RUNS,
  TASKS,
  WARNINGS,
  writeFixture,
} from './analysis-fixture.ts';

const ADMIN = { username: 'admin', displayName: '管理员', password: 'admin-pass-1' };
const FROM = '2026-10-01';
const CUT = '2026-12-31';

// --- Independent expectations -------------------------------------------------------------------

function effective(runId: number): Map<number, string> {
  const run = RUNS.find((r) => r.id === runId)!;
  const out = new Map(run.grades);
  for (const a of run.adjustments) out.set(a.entityId, a.to);
  return out;
}
const entity = (id: number) => ENTITIES[id - 1] as FxEntity;
const SECTION_OF: Record<string, string> = { F5211: 'F', '5212': 'F', H6210: 'H', C1311: 'C' };
const keyOf = (e: FxEntity, by: string): string =>
  by === 'township'
    ? (e.township ?? '')
    : by === 'jurisdiction'
      ? (e.jurisdiction ?? '')
      : by === 'kind'
        ? e.kind
        : (SECTION_OF[e.industry ?? ''] ?? '');

function countsBy(runId: number, by: string): Map<string, Record<string, number>> {
  const out = new Map<string, Record<string, number>>();
  for (const [id, g] of effective(runId)) {
    const k = keyOf(entity(id), by);
    const row = out.get(k) ?? { A: 0, B: 0, C: 0, D: 0 };
    row[g] = (row[g] ?? 0) + 1;
    out.set(k, row);
  }
  return out;
}
const sum = (r: Record<string, number>) => Object.values(r).reduce((a, b) => a + b, 0);

let holidays = new Set<string>();
let makeUpDays = new Set<string>();
function isWorking(d: Date): boolean {
  const iso = d.toISOString().slice(0, 10);
  if (makeUpDays.has(iso)) return true;
  if (holidays.has(iso)) return false;
  return d.getUTCDay() !== 0 && d.getUTCDay() !== 6;
}
function addWd(iso: string, n: number): string {
  const d = new Date(`${iso}T00:00:00Z`);
  let left = n;
  while (left > 0) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorking(d)) left--;
  }
  return d.toISOString().slice(0, 10);
}
function wdBetween(a: string, b: string): number {
  const d = new Date(`${a}T00:00:00Z`);
  let n = 0;
  while (d.toISOString().slice(0, 10) < b) {
    d.setUTCDate(d.getUTCDate() + 1);
    if (isWorking(d)) n++;
  }
  return n;
}
function medianOf(xs: number[]): number | null {
  if (xs.length === 0) return null;
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

const PENDING = ['A', 'B', 'C', '6', 'D', '3', '4', '5'];
function expectedOutcome(ids: number[]) {
  const results = { none: 0, corrected: 0, noActivity: 0, closed: 0, refused: 0, gone: 0, pending: 0 };
  const problems = {
    subtotal: 0,
    market: 0,
    notDisclosed: 0,
    falsified: 0,
    unreachable: 0,
    otherMarket: 0,
    food: 0,
    quality: 0,
    otherDept: 0,
  };
  const disposal = { none: 0, dailySupervision: 0, ordered: 0, caseTransfer: 0, notified: 0, other: 0 };
  let concluded = 0;
  for (const id of ids) {
    const c = codesOf(id);
    const f = followUpOf(id);
    const pending = c.some((x) => PENDING.includes(x));
    if (pending) results.pending++;
    else if (c.includes('8')) results.refused++;
    else if (c.includes('E')) results.corrected++;
    else if (c.includes('7')) results.closed++;
    else if (c.some((x) => ['9', '10', '11', '12'].includes(x))) results.gone++;
    else if (c.includes('F')) results.noActivity++;
    else results.none++;
    if (pending) {
      problems.subtotal++;
      const bare = c.every((x) => x === 'A' || !PENDING.includes(x));
      if (bare || c.some((x) => ['B', 'C', '6', 'D'].includes(x))) problems.market++;
      if (c.includes('B')) problems.notDisclosed++;
      if (c.includes('C')) problems.falsified++;
      if (c.includes('6')) problems.unreachable++;
      if (c.includes('D') || bare) problems.otherMarket++;
      if (c.includes('3')) problems.food++;
      if (c.includes('4')) problems.quality++;
      if (c.includes('5')) problems.otherDept++;
    }
    const t = f ?? '';
    if (t === '' || t.includes('无需')) disposal.none++;
    else if (t.includes('移送')) disposal.caseTransfer++;
    else if (t.includes('抄告')) disposal.notified++;
    else if (t.includes('日常监管')) disposal.dailySupervision++;
    else if (t.includes('责令')) disposal.ordered++;
    else disposal.other++;
    if (!pending || t !== '') concluded++;
  }
  return { results, problems, disposal, concluded };
}
const rate = (a: number, b: number) => (b > 0 ? Math.round((a / b) * 10000) / 10000 : null);

const Q4_TASKS = TASKS.filter((t) => t.end >= FROM && t.end <= CUT).sort(
  (a, b) => a.end.localeCompare(b.end) || a.id - b.id,
);
const publishedByCut = (t: (typeof TASKS)[number]) =>
  t.publishedAt !== null && t.publishedAt.slice(0, 10) <= CUT;
const enteredByCut = (t: (typeof TASKS)[number], id: number) => {
  const r = t.results.get(id);
  return r !== undefined && r[1].slice(0, 10) <= CUT;
};

// --- The database ---------------------------------------------------------------------------------

let dir: { dir: string; cleanup: () => void };
let dbPath: string;
let backend: Backend;
let modelId: string;

function capture(): { io: CliIO; out: string[]; err: string[] } {
  const out: string[] = [];
  const err: string[] = [];
  return {
    io: {
      out: (l) => out.push(l),
      err: (l) => err.push(l),
      env: { CREDITDESK_USER: ADMIN.username, CREDITDESK_PASSWORD: ADMIN.password },
    },
    out,
    err,
  };
}

beforeAll(async () => {
  dir = tempDir();
  dbPath = join(dir.dir, 'creditdesk.db');
  backend = new Backend({ dbPath, firstRunDemo: null, scrypt: FAST_SCRYPT, idleTimer: false });
  await backend.call('app.setup', { admin: ADMIN, county: TEST_COUNTY, demo: null });
  ({ modelId } = writeFixture(backend.db()));
  const days = backend.db().prepare('SELECT date, kind FROM calendar_days').all() as {
    date: string;
    kind: string;
  }[];
  holidays = new Set(days.filter((d) => d.kind === 'holiday').map((d) => d.date));
  makeUpDays = new Set(days.filter((d) => d.kind === 'workday').map((d) => d.date));
});
afterAll(() => {
  backend?.close();
  dir?.cleanup();
});

describe('analysis views', () => {
  it('lists complete runs only, latest first', async () => {
    const { runs } = await backend.call('analysis.runs', {});
    expect(runs.map((r) => r.id)).toEqual([4, 2, 1]);
    expect(runs.find((r) => r.id === 2)!.entityCount).toBe(RUNS[1]!.grades.size);
  });

  it.each(['township', 'jurisdiction', 'section', 'kind'] as const)(
    'counts classes by %s after adjustments',
    async (by) => {
      const d = await backend.call('analysis.distribution', { runId: 2, by });
      const want = countsBy(2, by);
      expect(d.classes.map((c) => c.grade)).toEqual([...CLASSES]);
      expect(new Map(d.rows.map((r) => [r.group, r.counts]))).toEqual(want);
      for (const r of d.rows) expect(r.total).toBe(sum(want.get(r.group)!));
      expect(d.totals.total).toBe(effective(2).size);
      // Largest first, the unrecorded group last.
      const recorded = d.rows.filter((r) => r.group !== '');
      expect(recorded.map((r) => r.total)).toEqual([...recorded.map((r) => r.total)].sort((a, b) => b - a));
      if (want.has('')) expect(d.rows.at(-1)!.group).toBe('');
      if (by === 'section') expect(d.rows.find((r) => r.group === 'F')!.groupLabel).toBe('F 批发和零售业');
    },
  );

  it('ranks townships by their share of C and D, leaving out small groups', async () => {
    const minGroupSize = 11;
    const r = await backend.call('analysis.riskRanking', { runId: 2, by: 'township', minGroupSize });
    const by = countsBy(2, 'township');
    let total = 0;
    let high = 0;
    for (const c of by.values()) {
      total += sum(c);
      high += c.C! + c.D!;
    }
    expect(r.highRiskClasses).toEqual(['C', 'D']);
    expect([r.countyTotal, r.countyHighRisk]).toEqual([total, high]);
    const kept = [...by.entries()].filter(([, c]) => sum(c) >= minGroupSize);
    expect(r.excludedGroups).toBe(by.size - kept.length);
    const want = kept
      .map(([g, c]) => ({ group: g, total: sum(c), highRisk: c.C! + c.D!, share: (c.C! + c.D!) / sum(c) }))
      .sort((a, b) => b.share - a.share || b.total - a.total);
    expect(r.rows.map((x) => [x.group, x.total, x.highRisk])).toEqual(
      want.map((x) => [x.group, x.total, x.highRisk]),
    );
    for (const [i, x] of r.rows.entries()) {
      expect(x.share).toBeCloseTo(want[i]!.share, 4);
      expect(x.ratio!).toBeCloseTo(want[i]!.share / (high / total), 2);
    }
  });

  it('measures coverage and problem rate by class against the latest task’s ratios', async () => {
    const c = await backend.call('analysis.coverage', { runId: 2, from: FROM, to: CUT });
    const grades = effective(2);
    const inspected = new Map<number, boolean>();
    for (const t of TASKS)
      for (const [id, [checked]] of t.results) {
        if (checked < FROM || checked > CUT) continue;
        const problem = codesOf(id).some((x) => [...PENDING, 'E'].includes(x));
        inspected.set(id, (inspected.get(id) ?? false) || problem);
      }
    const t5 = TASKS.find((t) => t.id === 5)!;
    for (const row of c.rows) {
      const members = [...grades].filter(([, g]) => g === row.grade).map(([id]) => id);
      const insp = members.filter((id) => inspected.has(id));
      const prob = insp.filter((id) => inspected.get(id));
      const bp = members.reduce((n, id) => n + (t5.ratios[entity(id).kind]?.[row.grade] ?? 0), 0);
      expect([row.entities, row.inspected, row.withProblems]).toEqual([
        members.length,
        insp.length,
        prob.length,
      ]);
      expect(row.actualRatio).toBe(rate(insp.length, members.length));
      expect(row.problemRate).toBe(rate(prob.length, insp.length));
      expect(row.profileRatio).toBe(members.length ? Math.round(bp / members.length) / 10000 : null);
    }
    const ratios = c.rows.filter((r) => r.entities > 0).map((r) => r.actualRatio!);
    expect(c.monotone).toBe(ratios.every((x, i) => i === 0 || x > ratios[i - 1]!));
  });

  it('offers the report workbook as a download from the page, the same figures as analysis.quarterly', async () => {
    const input = { year: 2026, quarter: 4, preparer: '王五' };
    const figures = await backend.call('analysis.quarterly', input);
    const file = await backend.call('analysis.quarterlyExport', input);
    expect(file.fileName).toBe('信用风险分类管理季度报告_2026年第4季度.xlsx');
    const parts: Buffer[] = [];
    for (let offset = 0; ; ) {
      const chunk = await backend.call('exchange.download', { fileId: file.fileId, offset });
      parts.push(Buffer.from(chunk.base64, 'base64'));
      if (chunk.done) break;
      offset = chunk.nextOffset;
    }
    const book = XLSX.read(Buffer.concat(parts));
    const work = XLSX.utils.sheet_to_json<unknown[]>(book.Sheets['抽查工作情况统计']!, {
      header: 1,
      range: 3,
    });
    expect(work.map((r) => r[7])).toEqual([
      ...figures.inspectionWork.rows.map((r) => r.published),
      figures.inspectionWork.total.published,
    ]);
  });

  it('follows class shares across the model’s runs', async () => {
    const t = await backend.call('analysis.trend', { model: modelId });
    expect(t.points.map((p) => p.runId)).toEqual([1, 2, 4]);
    for (const p of t.points) {
      const want: Record<string, number> = {};
      for (const g of effective(p.runId).values()) want[g] = (want[g] ?? 0) + 1;
      for (const g of CLASSES) expect(p.counts[g] ?? 0).toBe(want[g] ?? 0);
      expect(p.total).toBe(effective(p.runId).size);
    }
  });
});

describe('creditdesk report quarterly', () => {
  let report: QuarterlyReport & { out: string };
  let wb: XLSX.WorkBook;

  beforeAll(async () => {
    backend.close();
    const out = join(dir.dir, 'q4.xlsx');
    const c = capture();
    const code = await main(
      [
        'report',
        'quarterly',
        '--db',
        dbPath,
        '--year',
        '2026',
        '--quarter',
        '4',
        '--out',
        out,
        '--preparer',
        '王五',
        '--reviewer',
        '赵六',
        '--json',
      ],
      c.io,
    );
    expect(c.err).toEqual([]);
    expect(code).toBe(0);
    report = JSON.parse(c.out[0]!);
    wb = XLSX.read(readFileSync(out), { cellFormula: true });
  });

  it('names the run in force on the quarter’s last day and the previous quarter’s', () => {
    expect(report.cover.run!.id).toBe(2);
    expect(report.cover.previousRun!.id).toBe(1);
    expect(report.cover).toMatchObject({
      unit: TEST_COUNTY.bureau,
      from: FROM,
      cutOff: CUT,
      preparer: '王五',
      reviewer: '赵六',
    });
  });

  it('counts classes now and last quarter, and who moved up or down, per group', () => {
    const now = effective(2);
    const before = effective(1);
    const rank = (g: string) => CLASSES.indexOf(g as (typeof CLASSES)[number]);
    for (const by of ['township', 'jurisdiction', 'kind', 'section'] as const) {
      const table = report.distribution[by];
      const cur = countsBy(2, by);
      const prev = countsBy(1, by);
      for (const row of table.rows) {
        expect(row.counts).toEqual(cur.get(row.group) ?? { A: 0, B: 0, C: 0, D: 0 });
        expect(row.previousCounts).toEqual(prev.get(row.group) ?? { A: 0, B: 0, C: 0, D: 0 });
        let up = 0;
        let down = 0;
        for (const [id, g] of now) {
          const was = before.get(id);
          if (was === undefined || keyOf(entity(id), by) !== row.group) continue;
          if (rank(g) < rank(was)) up++;
          if (rank(g) > rank(was)) down++;
        }
        expect([row.movedUp, row.movedDown]).toEqual([up, down]);
      }
      expect(new Set(table.rows.map((r) => r.group))).toEqual(new Set([...cur.keys(), ...prev.keys()]));
    }
  });

  it('fills 抽查工作情况统计 per task of the quarter', () => {
    const rows = report.inspectionWork.rows;
    expect(rows.map((r) => r.content)).toEqual(Q4_TASKS.map((t) => t.name));
    for (const [i, t] of Q4_TASKS.entries()) {
      const r = rows[i]!;
      const pub = publishedByCut(t) ? t.entities.filter((id) => enteredByCut(t, id)) : [];
      expect(r).toMatchObject({
        line: i + 1,
        type: t.directed ? '定向抽查' : '不定向抽查',
        base: t.candidates,
        drawn: t.entities.length,
        published: pub.length,
        unpublished: t.entities.length - pub.length,
        completionRate: rate(pub.length, t.entities.length),
        ratioPercent: Math.round((t.entities.length / t.candidates) * 10000) / 100,
      });
      const o = expectedOutcome(pub);
      expect({
        results: r.results,
        problems: r.problems,
        disposal: r.disposal,
        concluded: r.concluded,
      }).toEqual(o);
      expect(r.concludedRate).toBe(rate(o.concluded, pub.length));
    }
    const total = report.inspectionWork.total;
    expect(total.drawn).toBe(Q4_TASKS.reduce((n, t) => n + t.entities.length, 0));
    expect(total.published).toBe(rows.reduce((n, r) => n + r.published, 0));
  });

  it('fills 综合抽查结果统计 by 地区 and by 管辖单位', () => {
    for (const [by, list, label] of [
      ['township', report.inspectionResults.byTownship, (e: FxEntity) => e.township ?? '未登记乡镇'],
      [
        'jurisdiction',
        report.inspectionResults.byJurisdiction,
        (e: FxEntity) => e.jurisdiction ?? '未登记管辖单位',
      ],
    ] as const) {
      const want = new Map<string, { due: number; toEnter: number; entering: number; published: number[] }>();
      for (const t of Q4_TASKS)
        for (const id of t.entities) {
          const k = label(entity(id));
          const w = want.get(k) ?? { due: 0, toEnter: 0, entering: 0, published: [] };
          w.due++;
          if (!enteredByCut(t, id)) w.toEnter++;
          else if (!publishedByCut(t)) w.entering++;
          else w.published.push(id);
          want.set(k, w);
        }
      const key = (r: (typeof list)[number]) => (by === 'township' ? r.region : r.department);
      expect(new Set(list.map(key))).toEqual(new Set(want.keys()));
      for (const r of list) {
        const w = want.get(key(r))!;
        expect([r.due, r.toEnter, r.entering, r.published]).toEqual([
          w.due,
          w.toEnter,
          w.entering,
          w.published.length,
        ]);
        expect(r.completionRate).toBe(rate(w.published.length, w.due));
        expect(r.results).toEqual(expectedOutcome(w.published).results);
        expect(r.concluded).toBe(expectedOutcome(w.published).concluded);
      }
    }
  });

  it('reports effect by class with results known on the cut-off day', () => {
    const grades = effective(2);
    for (const row of report.effectByClass) {
      const members = [...grades].filter(([, g]) => g === row.grade).map(([id]) => id);
      const insp = members.filter((id) =>
        TASKS.some((t) => {
          const r = t.results.get(id);
          return r !== undefined && r[0] >= FROM && r[0] <= CUT && r[1].slice(0, 10) <= CUT;
        }),
      );
      expect([row.entities, row.inspected]).toEqual([members.length, insp.length]);
    }
  });

  it('counts objections and repairs received, concluded, overdue, with the median working days', () => {
    const inQ = (d: string | null | undefined) => d != null && d >= FROM && d <= CUT;
    const stepOn = (c: (typeof OBJECTIONS)[number], names: string[]) =>
      c.steps.filter(([s, on]) => names.includes(s) && on <= CUT).map(([, on]) => on)[0] ?? null;

    const objections = OBJECTIONS.filter((o) => o.received <= CUT).map((o) => {
      const accepted = stepOn(o, ['accept']);
      const concluded = stepOn(o, ['refuse', 'decide']);
      const due = accepted ? addWd(accepted, 20) : addWd(o.received, 5);
      return { o, concluded, overdue: concluded === null && CUT > due };
    });
    expect(report.cases.objections).toEqual({
      received: OBJECTIONS.filter((o) => inQ(o.received)).length,
      concluded: objections.filter((x) => inQ(x.concluded)).length,
      overdue: objections.filter((x) => x.overdue).length,
      medianWorkingDays: medianOf(
        objections.filter((x) => inQ(x.concluded)).map((x) => wdBetween(x.o.received, x.concluded!)),
      ),
      available: true,
      note: null,
    });

    const repairs = REPAIRS.filter((r) => r.received <= CUT).map((r) => {
      const accepted = stepOn(r, ['accept']);
      const granted = stepOn(r, ['grant']);
      const concluded = stepOn(r, ['refuse', 'deny', 'execute']);
      const listing = r.action === 'remove_abnormal';
      const due = granted
        ? addWd(granted, 3)
        : accepted
          ? addWd(accepted, listing ? 5 : 15)
          : addWd(r.received, 2);
      return { r, concluded, overdue: concluded === null && CUT > due };
    });
    expect(report.cases.repairs).toEqual({
      received: REPAIRS.filter((r) => inQ(r.received)).length,
      concluded: repairs.filter((x) => inQ(x.concluded)).length,
      overdue: repairs.filter((x) => x.overdue).length,
      medianWorkingDays: medianOf(
        repairs.filter((x) => inQ(x.concluded)).map((x) => wdBetween(x.r.received, x.concluded!)),
      ),
      available: true,
      note: null,
    });
    // The fixture is meant to exercise every branch: make sure it does.
    expect(report.cases.objections.overdue).toBeGreaterThan(0);
    expect(report.cases.repairs.overdue).toBeGreaterThan(1);
    // Warnings: raised by the cut-off; concluded by 关闭/排除 not reopened since; overdue when still open
    // more than 20 working days after being raised.
    const warnings = WARNINGS.map((w) => {
      const steps = w.steps.filter(([, on]) => on <= CUT);
      const received = steps.find(([s]) => s === 'generate')?.[1] ?? null;
      let concluded: string | null = null;
      for (const [s, on] of steps) {
        if (s === 'close' || s === 'dismiss') concluded = on;
        if (s === 'reopen') concluded = null;
      }
      return { received, concluded };
    }).filter((w) => w.received !== null);
    expect(report.cases.warnings).toEqual({
      received: warnings.filter((w) => inQ(w.received)).length,
      concluded: warnings.filter((w) => inQ(w.concluded)).length,
      overdue: warnings.filter((w) => w.concluded === null && wdBetween(w.received!, CUT) > 20).length,
      medianWorkingDays: medianOf(
        warnings.filter((w) => inQ(w.concluded)).map((w) => wdBetween(w.received!, w.concluded!)),
      ),
      available: true,
      note: null,
    });
    expect(report.cases.warnings.overdue).toBeGreaterThan(1);
  });

  it('measures publication within 20 working days', () => {
    const published = Q4_TASKS.filter(publishedByCut);
    const onTime = published.filter((t) => t.publishedAt!.slice(0, 10) <= addWd(t.end, 20));
    expect(report.publication).toEqual({
      tasksPublished: published.length,
      withinDeadline: onTime.length,
      share: rate(onTime.length, published.length),
      unpublished: Q4_TASKS.length - published.length,
    });
    expect(onTime.length).toBeLessThan(published.length);
  });

  it('writes the same figures to a workbook marked 内部资料, with formulas for 完成率 and 完结率', () => {
    expect(wb.SheetNames).toEqual([
      '封面',
      '分类结果（乡镇）',
      '分类结果（管辖单位）',
      '分类结果（主体类型）',
      '分类结果（行业门类）',
      '抽查工作情况统计',
      '综合抽查结果统计',
      '综合抽查结果统计（管辖单位）',
      '分类监管效果',
      '异议修复预警',
      '公示及时性',
    ]);
    for (const name of wb.SheetNames) expect(wb.Sheets[name]!.A1.v).toMatch(/^内部资料/);
    const cover = XLSX.utils.sheet_to_json<string[]>(wb.Sheets['封面']!, { header: 1 });
    const field = (k: string) => cover.find((r) => r[0] === k)?.[1];
    expect(field('填报单位')).toBe(TEST_COUNTY.bureau);
    expect(field('截止日')).toBe(CUT);
    expect(field('填报人')).toBe('王五');
    expect(field('审核人')).toBe('赵六');
    expect(field('所用信用评价')).toContain('第 2 次评价');
    expect(field('统计期')).toContain('2026年第4季度');

    const work = wb.Sheets['抽查工作情况统计']!;
    expect(work.B2?.v ?? work.K2?.v).toBeDefined();
    const groupRow = XLSX.utils.sheet_to_json<string[]>(work, { header: 1, range: 1 })[0]!;
    expect(groupRow).toContain('检查结果');
    expect(groupRow).toContain('发现问题待后续处理');
    expect(groupRow).toContain('后续处置');
    const header = XLSX.utils.sheet_to_json<string[]>(work, { header: 1, range: 2 })[0]!;
    expect(header.slice(0, 10)).toEqual([
      '行次',
      '抽查内容',
      '抽查类型',
      '抽查对象',
      '抽查基数',
      '抽查比例%',
      '抽查户数',
      '已公示',
      '未公示',
      '抽查完成率%',
    ]);
    expect(header.slice(-2)).toEqual(['完结数', '完结率%']);
    const last = XLSX.utils.encode_col(header.length - 1);
    const concludedCol = XLSX.utils.encode_col(header.length - 2);
    for (const [i, r] of [...report.inspectionWork.rows, report.inspectionWork.total].entries()) {
      const row = 4 + i;
      expect(work[`G${row}`].v).toBe(r.drawn);
      expect(work[`H${row}`].v).toBe(r.published);
      expect(work[`J${row}`].f).toBe(`IF(G${row}>0,ROUND(H${row}/G${row}*100,2),"")`);
      if (r.drawn > 0) expect(work[`J${row}`].v).toBeCloseTo((r.published / r.drawn) * 100, 2);
      expect(work[`${concludedCol}${row}`].v).toBe(r.concluded);
      expect(work[`${last}${row}`].f).toBe(`IF(H${row}>0,ROUND(${concludedCol}${row}/H${row}*100,2),"")`);
    }
    const results = wb.Sheets['综合抽查结果统计']!;
    const rh = XLSX.utils.sheet_to_json<string[]>(results, { header: 1, range: 2 })[0]!;
    expect(rh.slice(0, 8)).toEqual([
      '行次',
      '地区',
      '部门',
      '应检查数',
      '待录入',
      '录入中',
      '已公示',
      '完成率%',
    ]);
    const totalRow = 4 + report.inspectionResults.byTownship.length;
    expect(results[`A${totalRow}`].v).toBe('合计');
    expect(results[`D${totalRow}`].v).toBe(Q4_TASKS.reduce((n, t) => n + t.entities.length, 0));
    expect(results[`H${totalRow}`].f).toBe(`IF(D${totalRow}>0,ROUND(G${totalRow}/D${totalRow}*100,2),"")`);

    const towns = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['分类结果（乡镇）']!, {
      range: 1,
    });
    const cur = countsBy(2, 'township');
    for (const [k, c] of cur) {
      const row = towns.find((r) => r['乡镇（街道）'] === (k || '未登记乡镇'))!;
      expect(row.合计).toBe(sum(c));
    }
    const cases = XLSX.utils.sheet_to_json<Record<string, unknown>>(wb.Sheets['异议修复预警']!, { range: 1 });
    expect(cases.map((r) => r.本季度收到)).toEqual([
      report.cases.objections.received,
      report.cases.repairs.received,
      report.cases.warnings.received,
    ]);
  });
});
