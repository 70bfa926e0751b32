/**
 * The fast paths of a whole-database run give exactly what the simple paths give: the streamed credit
 * files (entity page + record range scan, merged) equal readCreditFile's join for every entity, in
 * the same record order and key order; the packed breakdown (version 2) decodes to exactly what the
 * plain spread-based version 1 encoding decodes to, also for strings that need escaping, so old and new
 * runs explain alike; the batched insert stores, for every
 * entity of a demo county, what evaluate() says; and a run over a fresh demo stores what the pure
 * engine gives for the generated files in memory.
 */
import { describe, expect, it } from 'vitest';
import { DEMO_COUNTY, demoAnnualReportYears, generateDemoCounty } from '../../../shared/demo/index.ts';
import { ENTITY_KINDS } from '../../../shared/domain/entity.ts';
import { compileModel, getBuiltinModel } from '../../../shared/grading/index.ts';
import type { BreakdownLine, CreditFile, GradeResult } from '../../../shared/grading/types.ts';
import { copyDeskTables } from '../../../test/helpers/desk-to-pg.ts';
import { type FreshDb, forEachEngine } from '../../../test/helpers/engines.ts';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { newDataKey } from '../../db/keyfile.ts';
import { type Db, openAndMigrate } from '../../db/open.ts';
import { all, column, type DataDoor, isPg, run, sql, unitOfWork } from '../../db/sql.ts';
import type { Actor } from '../authz.ts';
import { writeDemoCounty } from '../entities/demo-writer.ts';
import { readCreditFile, streamCreditFiles } from './repository/credit-files.ts';
import { writeRunSummary } from './repository/run-summary.ts';
import { evaluatorFor, findModel } from './model-store.ts';
import {
  type BreakdownTexts,
  BreakdownEncoderV3,
  breakdownTexts,
  parseBreakdownTexts,
} from './breakdown-texts.ts';
import { runBreakdownTexts } from './reads.ts';
import { decodeBreakdown, encodeBreakdown } from './result-codec.ts';
import { runGrading } from './run-grading.ts';

const ADMIN: Actor = { username: 'admin', displayName: '管理员', role: 'admin' };
const AS_OF = '2026-10-31';
const AT = '2026-11-01T08:00:00.000Z';

/**
 * Version 1 of the stored breakdown, written the straightforward way (object spreads and map): what runs
 * stored before version 2, and the reference its decoding must equal.
 */
/** The texts the run stored with itself, as its readers decode them. */
function storedTexts(db: DataDoor, runId: number): BreakdownTexts {
  const texts = runBreakdownTexts(db, runId);
  if (!texts) throw new Error(`run ${runId} stored no breakdown texts`);
  return texts;
}

function referenceEncode(r: GradeResult): string {
  const ev = (e: BreakdownLine['evidence']) =>
    e.map((x) => ({ id: x.id ?? null, date: x.date, summary: x.summary }));
  return JSON.stringify({
    scoreOnly: r.scoreOnly,
    lines: r.breakdown.map((l) => ({
      indicator: l.indicator,
      label: l.label,
      ...(l.dimension ? { dimension: l.dimension } : {}),
      points: l.points,
      ...(l.count !== undefined ? { count: l.count } : {}),
      evidence: ev(l.evidence),
    })),
    overrides: r.overrides.map((o) => ({
      id: o.id,
      action: o.action,
      grade: o.grade,
      reason: o.reason,
      evidence: ev(o.evidence),
    })),
  });
}

/**
 * A demo county written by writeDemoCounty (SQLite-only today): straight into the fresh database on
 * SQLite, into a side desk copied table by table on PostgreSQL. `edit` changes the desk before the copy.
 */
function demoCounty(
  f: FreshDb,
  demo: { entities: number; seed: string },
  edit: (desk: Db) => void = () => {},
): ReturnType<typeof writeDemoCounty> {
  if (!isPg(f.db)) {
    const counts = writeDemoCounty(f.db, { ...demo, county: DEMO_COUNTY, actor: 'admin', at: AT });
    edit(f.db);
    return counts;
  }
  const t = tempDir();
  const desk = openAndMigrate(`${t.dir}/side.db`, newDataKey(), { create: true });
  try {
    const counts = writeDemoCounty(desk, { ...demo, county: DEMO_COUNTY, actor: 'admin', at: AT });
    edit(desk);
    copyDeskTables(desk, f.db);
    return counts;
  } finally {
    desk.close();
    t.cleanup();
  }
}

/**
 * The paths fixture: gaps in the ids (keyset paging), and records added later to early entities, so the
 * records' rowid order is not the entity order and an entity has records with equal dates. Stored data
 * this program never writes but the column allows: whitespace around the object (read the slow way),
 * keys that the columns override, and the legacy penalty kind 没收. Returns the entity ids in order.
 */
function pathsCounty(f: FreshDb): number[] {
  demoCounty(f, { entities: 3000, seed: 'paths' }, (desk) => {
    desk.prepare('DELETE FROM entities WHERE id IN (2, 3, 500, 501, 502, 2999)').run();
    const add = desk.prepare(
      `INSERT INTO records (entity_id, type, date, natural_key, source, data, created_at)
       VALUES (?, 'complaint', ?, ?, 'test', '{"substantiated":true}', ?)`,
    );
    for (const id of [1, 4, 5, 1000, 2500, 3000]) {
      add.run(id, '2026-09-01', `later:${id}:a`, AT);
      add.run(id, '2026-09-01', `later:${id}:b`, AT);
      add.run(id, '2019-01-01', `later:${id}:c`, AT);
    }
    const odd = desk.prepare(
      `INSERT INTO records (entity_id, type, date, natural_key, source, data, created_at)
       VALUES (?, ?, '2026-08-01', ?, 'test', ?, ?)`,
    );
    odd.run(6, 'complaint', 'odd:space', ' {"substantiated":true} ', AT);
    odd.run(
      7,
      'complaint',
      'odd:keys',
      '{"type":"penalty","date":"1999-01-01","id":"x","substantiated":true}',
      AT,
    );
    odd.run(8, 'complaint', 'odd:empty', '{}', AT);
    odd.run(9, 'penalty', 'odd:legacy', '{"penaltyKinds":["没收","警告"],"decisionNo":"旧\\"号\\""}', AT);
  });
  return column<number>(f.db, sql`SELECT id FROM entities ORDER BY id`);
}

interface StoredRow {
  entity_id: number;
  score: number | null;
  score_grade: string | null;
  grade: string;
  breakdown: string;
}

const storedRows = (db: DataDoor, runId: number) =>
  all<StoredRow>(
    db,
    sql`SELECT entity_id, score, score_grade, grade, breakdown FROM grading_results
        WHERE run_id = ${runId} ORDER BY entity_id`,
  );

forEachEngine('whole-database run: fast paths equal the simple ones', (fresh) => {
  it('streams every entity once, in id order, each equal to its readCreditFile (chunk sizes 7 and default)', () => {
    const f = fresh();
    const { db } = f;
    const ids = pathsCounty(f);
    // JSON text equality also checks the key order of every record object.
    const one = new Map(ids.map((id) => [id, JSON.stringify(readCreditFile(db, id))]));
    for (const chunk of [7, undefined]) {
      const streamed = [...streamCreditFiles(db, chunk)].map((s) => s.file);
      expect(streamed.map((s) => s.entityId)).toEqual(ids);
      let withRecords = 0;
      for (const s of streamed) {
        expect(JSON.stringify(s)).toBe(one.get(s.entityId));
        if (s.records.length > 0) withRecords++;
      }
      expect(withRecords).toBeGreaterThan(1000);
    }
  });

  it('stores, for every entity, exactly what evaluate() and the reference encoding give', () => {
    const f = fresh();
    const { db } = f;
    const ids = pathsCounty(f);
    const info = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
    const { model } = findModel(db, 'samr-risk', null);
    const evaluate = evaluatorFor(model);
    const texts = storedTexts(db, info.id);
    expect(texts).toEqual(breakdownTexts(model));
    const encoder = new BreakdownEncoderV3(texts);
    let named = 0;
    const stored = new Map(storedRows(db, info.id).map((r) => [r.entity_id, r]));
    let graded = 0;
    let withOverrides = 0;
    for (const id of ids) {
      const r = evaluate(readCreditFile(db, id) as NonNullable<ReturnType<typeof readCreditFile>>, AS_OF);
      const row = stored.get(id);
      if (r.grade === null) {
        expect(row).toBeUndefined();
        continue;
      }
      graded++;
      if (r.overrides.length > 0) withOverrides++;
      expect(row?.breakdown).toBe(encoder.encode(r));
      // Version 3: the model's lines and overrides are named by their place in the run's texts.
      // The base score alone, nothing counted and no override, is its points.
      if (row?.breakdown.startsWith('[3,0,[[0,') || /^\d+(\.\d+)?$/.test(row?.breakdown ?? '')) named++;
      expect({ ...row, breakdown: decodeBreakdown(row?.breakdown ?? '', texts) }).toEqual({
        entity_id: id,
        score: r.score,
        score_grade: r.scoreGrade,
        grade: r.grade,
        breakdown: decodeBreakdown(referenceEncode(r)),
      });
    }
    expect(stored.size).toBe(graded);
    expect(info.entityCount).toBe(graded);
    // Not a multiple of either engine's insert batch, so the flush of the last partial batch is exercised too.
    expect(graded % 64).not.toBe(0);
    expect(graded % 2000).not.toBe(0);
    expect(withOverrides).toBeGreaterThan(0);
    expect(named).toBe(graded);
  });

  it('counts the same run summary as the set-based recount over its stored results', () => {
    const f = fresh();
    const { db } = f;
    pathsCounty(f);
    const info = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
    const summary = () =>
      all(
        db,
        sql`SELECT township, jurisdiction, section, kind, grade, entities FROM grading_run_summary
            WHERE run_id = ${info.id} ORDER BY township, jurisdiction, section, kind, grade`,
      );
    const counted = summary();
    // The demo county spreads its entities over many townships, sections, kinds and classes.
    expect(counted.length).toBeGreaterThan(50);
    unitOfWork(db, () => {
      run(db, sql`DELETE FROM grading_run_summary WHERE run_id = ${info.id}`);
      writeRunSummary(db, info.id);
      expect(summary()).toEqual(counted);
    });
  });
});

forEachEngine('whole-database run: stored results equal the pure engine over the same files', (fresh) => {
  it('grades a demo county from the database exactly as the engine grades the generated files in memory', () => {
    const f = fresh();
    const { db } = f;
    const demo = { entities: 2500, seed: 'pure' };
    const counts = demoCounty(f, demo);
    // Every generated record was inserted, in order: record n of the stream has id n.
    expect(counts.recordsUnchanged).toBe(0);
    const years = new Map(demoAnnualReportYears(AS_OF).map((c) => [c.kind, c.years]));
    const coverage = Object.fromEntries(
      ENTITY_KINDS.map((k) => [k, { annualReports: years.get(k) ?? [] }]),
    ) as Record<string, CreditFile['coverage']>;
    let recordId = 0;
    const files: CreditFile[] = [...generateDemoCounty({ ...demo, county: DEMO_COUNTY, asOf: AS_OF })].map(
      (g, i) => ({
        id: String(i + 1),
        entity: g.entity,
        records: g.records.map((r) => ({ ...r, id: ++recordId })),
        coverage: coverage[g.entity.kind] ?? null,
      }),
    );
    const model = getBuiltinModel('samr-risk');
    if (!model) throw new Error('samr-risk is built in');
    const evaluate = compileModel(model);

    const info = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
    const texts = storedTexts(db, info.id);
    const stored = storedRows(db, info.id).map((r) => ({
      ...r,
      breakdown: decodeBreakdown(r.breakdown, texts),
    }));
    const expected = files.flatMap((file) => {
      const r = evaluate(file, AS_OF);
      return r.grade === null
        ? []
        : [
            {
              entity_id: Number(file.id),
              score: r.score,
              score_grade: r.scoreGrade,
              grade: r.grade,
              breakdown: decodeBreakdown(referenceEncode(r)),
            },
          ];
    });
    expect(expected.length).toBeGreaterThan(2000);
    expect(expected.some((e) => e.breakdown.lines.some((l) => l.evidence.some((x) => x.id !== null)))).toBe(
      true,
    );
    expect(stored).toEqual(expected);
  });
});

describe('encodeBreakdown / decodeBreakdown', () => {
  const ev = [
    { id: 'r"1', date: '2026-01-01', summary: '引号 " 反斜杠 \\ 换行\n 分隔\u2028 控制\u0001', index: 0 },
    { id: null, date: '2026-02-01', summary: '', index: 1 },
    { id: 7, date: '2026-03-01', summary: 'x', index: 2 },
  ];
  const result = (scoreOnly: boolean) =>
    ({
      scoreOnly,
      breakdown: [
        { indicator: 'a"b', label: '标签\t', dimension: '维度', points: -12.5, count: 3, evidence: ev },
        { indicator: 'base', label: '基础分', dimension: '', points: 0, evidence: [] },
        { indicator: 'z', label: '零次', points: 0, count: 0, evidence: [] },
      ],
      overrides: [{ id: 'o\\1', action: 'cap', grade: 'C', reason: '理由 "x"', evidence: ev.slice(1) }],
    }) as unknown as GradeResult;

  it('stores version 2, which reads back exactly as version 1 of the same result, escapes included', () => {
    for (const scoreOnly of [true, false]) {
      const r = result(scoreOnly);
      const text = encodeBreakdown(r);
      expect(text.startsWith('[2,')).toBe(true);
      expect(decodeBreakdown(text)).toEqual(decodeBreakdown(referenceEncode(r)));
      // Key for key: an absent dimension or count stays absent, a count of 0 stays 0.
      expect(JSON.stringify(decodeBreakdown(text))).toBe(referenceEncode(r));
      expect(decodeBreakdown(text).lines[0]?.evidence[0]?.summary).toBe(ev[0]?.summary);
      expect(text.length).toBeLessThan(referenceEncode(r).length);
    }
  });

  it('reads the breakdowns runs stored before version 2, and refuses an unknown version', () => {
    const v1 =
      '{"scoreOnly":false,"lines":[{"indicator":"base","label":"基础分","points":1000,"evidence":[]},' +
      '{"indicator":"penalty","label":"行政处罚","points":-60,"count":1,"evidence":[{"id":5,"date":"2026-05-10","summary":"罚款"}]}],' +
      '"overrides":[{"id":"o","action":"force","grade":"D","reason":"严重违法","evidence":[]}]}';
    expect(decodeBreakdown(v1)).toEqual({
      scoreOnly: false,
      lines: [
        { indicator: 'base', label: '基础分', points: 1000, evidence: [] },
        {
          indicator: 'penalty',
          label: '行政处罚',
          points: -60,
          count: 1,
          evidence: [{ id: 5, date: '2026-05-10', summary: '罚款' }],
        },
      ],
      overrides: [{ id: 'o', action: 'force', grade: 'D', reason: '严重违法', evidence: [] }],
    });
    // Test fixtures and very old rows store '{}'.
    expect(decodeBreakdown('{}')).toEqual({ scoreOnly: false, lines: [], overrides: [] });
    expect(() => decodeBreakdown('[4,0,[],[]]')).toThrow(/版本/);
  });

  // Texts as a model gives them: one line and one override of the result above are the model's.
  const texts: BreakdownTexts = {
    lines: [
      ['base', '基础分', null],
      ['z', '另一个标签', null],
      ['a"b', '标签\t', '维度'],
    ],
    overrides: [
      ['o\\1', 'force', 'C', '理由 "x"'],
      ['o\\1', 'cap', 'C', '理由 "x"'],
    ],
  };

  it('stores version 3, which names the run texts by place and reads back exactly as version 1', () => {
    for (const scoreOnly of [true, false]) {
      const r = result(scoreOnly);
      const text = new BreakdownEncoderV3(texts).encode(r);
      expect(text.startsWith('[3,')).toBe(true);
      const packed = JSON.parse(text);
      // The model's lines and override by place; a label the texts do not hold is stored whole.
      expect(packed[2].map((l: unknown[]) => l[0])).toEqual([2, 0, 'z']);
      expect(packed[3][0][0]).toBe(1);
      // Key for key, escapes, a count of 0 and an empty summary included.
      expect(JSON.stringify(decodeBreakdown(text, texts))).toBe(referenceEncode(r));
      expect(text.length).toBeLessThan(encodeBreakdown(r).length);
    }
  });

  it('keeps a summary that starts with its date once, and one that does not verbatim', () => {
    const r = {
      scoreOnly: false,
      breakdown: [
        {
          indicator: 'base',
          label: '基础分',
          points: 1000,
          evidence: [
            { id: 1, date: '2026-01-05', summary: '2026-01-05 成立', index: 0 },
            { id: 2, date: '2026-01-05', summary: '2026-01-05', index: 1 },
            { id: 3, date: '2026-01-05', summary: '2026-01-051', index: 2 },
            { id: 4, date: '2026-01-05', summary: '2025 年度报告未公示', index: 3 },
          ],
        },
      ],
      overrides: [],
    } as unknown as GradeResult;
    const text = new BreakdownEncoderV3(texts).encode(r);
    expect(text).toContain('[1,"2026-01-05","成立"]');
    expect(text).toContain('[4,"2026-01-05","2025 年度报告未公示",0]');
    expect(JSON.stringify(decodeBreakdown(text, texts))).toBe(referenceEncode(r));
  });

  it('stores the base score alone as its points', () => {
    const base = { indicator: 'base', label: '基础分', points: 1000, evidence: [] };
    const r = (over: object) =>
      ({ scoreOnly: false, breakdown: [base], overrides: [], ...over }) as unknown as GradeResult;
    const encoder = new BreakdownEncoderV3(texts);
    expect(encoder.encode(r({}))).toBe('1000');
    expect(JSON.stringify(decodeBreakdown('1000', texts))).toBe(referenceEncode(r({})));
    expect(() => decodeBreakdown('1000')).toThrow(/缺少本次评价的指标文字/);
    // Anything more than the base alone keeps the array form.
    for (const more of [
      { scoreOnly: true },
      { breakdown: [{ ...base, count: 0 }] },
      { breakdown: [{ ...base, label: '基准分' }] },
      { breakdown: [base, { indicator: 'z', label: '零次', points: 0, evidence: [] }] },
    ]) {
      const text = encoder.encode(r(more));
      expect(text.startsWith('[3,')).toBe(true);
      expect(JSON.stringify(decodeBreakdown(text, texts))).toBe(referenceEncode(r(more)));
    }
  });

  it('refuses a version-3 breakdown without its run texts, or naming texts the run does not have', () => {
    const text = new BreakdownEncoderV3(texts).encode(result(false));
    expect(() => decodeBreakdown(text)).toThrow(/缺少本次评价的指标文字/);
    expect(() => decodeBreakdown(text, { lines: [], overrides: [] })).toThrow(/没有的指标文字/);
    expect(() => parseBreakdownTexts('{"lines":1}')).toThrow(/已损坏/);
  });
});
