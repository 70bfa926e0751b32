import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors.ts';
import { runExport } from '../../electron/services/exchange/export/run-export.ts';
import {
  commitImport,
  importErrorReport,
  previewImport,
} from '../../electron/services/exchange/import-service.ts';
import { undoBatch } from '../../electron/services/exchange/undo.ts';
import { checkNameIndexes, dumpTables, type Fixture, openFixture, writeSheet } from './exchange-fixture.ts';

const AT = '2026-11-01T08:00:00.000Z';
const HEADER = [
  '统一社会信用代码/注册号',
  '企业名称',
  '主体类型',
  '法定代表人',
  '乡镇街道',
  '成立日期',
  '注册资本',
  '联系电话',
];
const ROWS = [
  [
    '91330100716105852F',
    '恒达商贸有限公司',
    '企业',
    '张三',
    '城关镇',
    '2015-03-02',
    '51.8000(万元人民币)',
    '13800138000',
  ],
  ['92330102MA2GXXXX1X', '李四便利店', '个体工商户', '李四', '东风街道', '2019/6/1', '', ''],
  ['330382101730301', '老字号有限公司', '', '王五', '城关镇', '20010101', '1,428万元', ''],
];

function file(f: Fixture, name: string, rows: unknown[][]) {
  return { path: writeSheet(join(f.dir, name), rows), fileName: name };
}

describe('import entities', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await openFixture();
  });
  afterEach(() => f.close());

  it('validates every row, previews without writing, commits, and re-importing changes nothing', () => {
    const src = file(f, 'a.xlsx', [
      ['示范县市场主体名录'],
      HEADER,
      ...ROWS,
      ['9.13301E+17', '坏代码公司', '企业', '', '', '', '', ''],
    ]);
    const before = dumpTables(f.db);
    const preview = previewImport(f.db, f.actor, { file: src, kind: 'entities' }, AT);
    expect(dumpTables(f.db)).toEqual(before);
    expect(preview.headerRow).toBe(2);
    expect(preview.counts).toMatchObject({ rows: 4, errors: 1 });
    const bad = preview.issues.find((i) => i.severity === 'error');
    expect(bad).toMatchObject({ row: 6, column: 'A' });
    expect(bad!.message).toMatch(/科学计数法|Excel/);

    const first = commitImport(f.db, f.actor, { file: src, kind: 'entities' }, AT);
    expect(first.counts).toEqual(preview.counts);
    expect(first.counts.inserted).toBe(3);
    expect(first.batchId).toBeGreaterThan(0);
    const stored = f.db.prepare('SELECT * FROM entities ORDER BY id').all() as Record<string, unknown>[];
    expect(stored.map((e) => e.kind)).toEqual(['enterprise', 'individual', 'enterprise']);
    expect(stored[0]).toMatchObject({
      capital_amount: 51.8,
      capital_unit: '万元',
      capital_currency: '人民币',
      phone: '13800138000',
    });
    expect(stored[1]).toMatchObject({ established_on: '2019-06-01', uscc: '92330102MA2GXXXX1X' });
    expect(stored[2]).toMatchObject({ reg_no: '330382101730301', uscc: null, established_on: '2001-01-01' });

    const again = commitImport(f.db, f.actor, { file: src, kind: 'entities' }, AT);
    expect(again.counts).toMatchObject({ rows: 4, inserted: 0, updated: 0, unchanged: 3, errors: 1 });
  });

  it('undo restores the tables exactly, for inserts and for updates', () => {
    const first = commitImport(
      f.db,
      f.actor,
      { file: file(f, 'a.xlsx', [HEADER, ...ROWS]), kind: 'entities' },
      AT,
    );
    const afterFirst = dumpTables(f.db);
    const changed = [
      HEADER,
      [
        '91330100716105852F',
        '恒达商贸有限公司（更名）',
        '企业',
        '赵六',
        '城关镇',
        '2015-03-02',
        '60(万元人民币)',
        '',
      ],
    ];
    const second = commitImport(
      f.db,
      f.actor,
      {
        file: file(f, 'b.xlsx', [...changed, ['91330100MA2B00000X', '新公司', '企业', '', '', '', '', '']]),
        kind: 'entities',
      },
      AT,
    );
    expect(second.counts).toMatchObject({ updated: 1 });
    // The first batch cannot be undone while the second changed its rows.
    expect(() => undoBatch(f.db, f.actor, first.batchId!, AT)).toThrow(ApiError);
    undoBatch(f.db, f.actor, second.batchId!, AT);
    expect(dumpTables(f.db)).toEqual(afterFirst);
    expect(() => undoBatch(f.db, f.actor, second.batchId!, AT)).toThrow(/已于/);
    undoBatch(f.db, f.actor, first.batchId!, AT);
    expect(dumpTables(f.db).entities).toEqual([]);
    const actions = f.db
      .prepare("SELECT action FROM audit_log WHERE action LIKE 'exchange.%' ORDER BY id")
      .all();
    expect(actions.map((a) => (a as { action: string }).action)).toEqual([
      'exchange.import',
      'exchange.import',
      'exchange.undo',
      'exchange.undo',
    ]);
  });

  it('a cancelled import leaves the database exactly as before', () => {
    const rows = Array.from({ length: 3000 }, (_, i) => [
      `3303821017${String(i).padStart(5, '0')}`,
      `测试${i}有限公司`,
    ]);
    const src = file(f, 'big.xlsx', [['注册号', '企业名称'], ...rows]);
    const before = dumpTables(f.db);
    const batches = f.db.prepare('SELECT count(*) AS n FROM import_batches').get();
    expect(() =>
      commitImport(f.db, f.actor, { file: src, kind: 'entities' }, AT, {
        job: {
          progress: (done) => {
            if (done >= 1000) throw new ApiError('cancelled', '操作已取消');
          },
          checkCancelled() {},
        },
      }),
    ).toThrow(/取消/);
    // Rows, indexes and the index triggers (dropped during a large import) are all as before.
    expect(dumpTables(f.db)).toEqual(before);
    checkNameIndexes(f.db);
    expect(f.db.prepare('SELECT count(*) AS n FROM import_batches').get()).toEqual(batches);
  });

  it('a large list builds the name indexes in bulk, consistent with the table, also after renames and undo', async () => {
    const g = await openFixture(200);
    try {
      const before = dumpTables(g.db);
      const rows: unknown[][] = [['注册号', '企业名称']];
      for (let i = 0; i < 1500; i++)
        rows.push([`3303821017${String(i).padStart(5, '0')}`, `鑫源${i}号建材有限公司`]);
      // The same code again further down with a new name: the row is renamed within the batch.
      rows.push(['330382101700007', '恒达改名建材有限公司']);
      // An entity of the demo county renamed by the same file.
      const demo = g.db
        .prepare('SELECT uscc, name FROM entities WHERE uscc IS NOT NULL ORDER BY id LIMIT 1')
        .get() as { uscc: string; name: string };
      rows.push([demo.uscc, '示范改名商贸有限公司']);
      const run = commitImport(g.db, g.actor, { file: file(g, 'many.xlsx', rows), kind: 'entities' }, AT);
      expect(run.counts).toMatchObject({ rows: 1502, inserted: 1500, updated: 2, errors: 0 });
      checkNameIndexes(g.db);
      expect(dumpTables(g.db).triggers).toEqual(before.triggers);
      // 1,502 rows into a table of 200: the secondary indexes were built at the end, whole and exact.
      expect(dumpTables(g.db).indexes).toEqual(before.indexes);
      expect(g.db.pragma('integrity_check', { simple: true })).toBe('ok');
      const byTownship = g.db
        .prepare('SELECT count(*) FROM entities INDEXED BY entities_township WHERE township IS NULL')
        .pluck()
        .get();
      expect(byTownship).toBe(
        g.db.prepare('SELECT count(*) FROM entities NOT INDEXED WHERE township IS NULL').pluck().get(),
      );
      const match = (table: string, q: string) =>
        g.db
          .prepare(`SELECT rowid FROM ${table} WHERE ${table} MATCH ? ORDER BY rowid`)
          .pluck()
          .all(q) as number[];
      const idOf = (code: string) =>
        (
          g.db.prepare('SELECT id FROM entities WHERE reg_no = ? OR uscc = ?').get(code, code) as {
            id: number;
          }
        ).id;
      expect(match('entities_fts', '"鑫源1499号"')).toEqual([idOf('330382101701499')]);
      expect(match('entities_fts', '"恒达改名"')).toEqual([idOf('330382101700007')]);
      expect(match('entities_fts', '"鑫源7号建"')).toEqual([]);
      expect(match('entities_chars', '"示 范 改 名"')).toEqual([idOf(demo.uscc)]);
      undoBatch(g.db, g.actor, run.batchId!, AT);
      checkNameIndexes(g.db);
      expect(dumpTables(g.db)).toEqual(before);
    } finally {
      g.close();
    }
  });

  it('round trip: the target-pool export imports back with nothing changed, formulas neutralised', async () => {
    const g = await openFixture(300);
    try {
      g.db
        .prepare(
          "UPDATE entities SET name = '=HYPERLINK(\"http://x\")公司', address = '+86 某路' WHERE id = 1",
        )
        .run();
      const out = join(g.dir, 'pool.xlsx');
      const r = runExport(g.db, g.actor, { kind: 'target_pool' }, out, { at: AT });
      expect(r.rows).toBe(300);
      const wb = XLSX.read(readFileSync(out));
      const ws = wb.Sheets[wb.SheetNames[0]!]!;
      const a2 = ws.A2 as XLSX.CellObject;
      expect(a2.t).toBe('s');
      expect(String((ws.C2 as XLSX.CellObject).v)).toBe('\'=HYPERLINK("http://x")公司');
      expect((ws.C2 as XLSX.CellObject).f).toBeUndefined();
      const before = dumpTables(g.db);
      const run = commitImport(
        g.db,
        g.actor,
        { file: { path: out, fileName: 'pool.xlsx' }, kind: 'entities' },
        AT,
      );
      expect(run.counts).toMatchObject({ rows: 300, inserted: 0, updated: 0, unchanged: 300, errors: 0 });
      expect(dumpTables(g.db)).toEqual(before);
    } finally {
      g.close();
    }
  });

  it('writes an error report that, once fixed, imports', () => {
    const src = file(f, 'e.xlsx', [
      HEADER,
      ROWS[0]!,
      ['9133010071610585', '短代码公司', '企业', '', '', '2020-13-45', '', ''],
    ]);
    const out = join(f.dir, 'errors.xlsx');
    const rep = importErrorReport(f.db, f.actor, { file: src, kind: 'entities' }, out, AT);
    expect(rep.rows).toBe(1);
    const wb = XLSX.read(readFileSync(out));
    const rows = XLSX.utils.sheet_to_json<string[]>(wb.Sheets[wb.SheetNames[0]!]!, { header: 1, raw: false });
    expect(rows[0]).toEqual([...HEADER, '错误说明']);
    expect(rows[1]![1]).toBe('短代码公司');
    expect(rows[1]![8]).toMatch(/A 列/);
    // Fix the code and the date in the report and import it again.
    rows[1]![0] = '91330100MA2B00000X';
    rows[1]![5] = '2020-12-25';
    const fixed = file(f, 'fixed.xlsx', rows);
    const run = commitImport(f.db, f.actor, { file: fixed, kind: 'entities' }, AT);
    expect(run.counts).toMatchObject({ rows: 1, inserted: 1, errors: 0 });
  });
});

describe('import records', () => {
  let f: Fixture;
  let entityBatch: number;
  beforeEach(async () => {
    f = await openFixture();
    entityBatch = commitImport(
      f.db,
      f.actor,
      { file: file(f, 'a.xlsx', [HEADER, ...ROWS]), kind: 'entities' },
      AT,
    ).batchId!;
  });

  it('undo refuses to delete entities that later batches gave records, until those are undone', () => {
    const empty = { entities: [], records: [], fts: [] };
    const p = commitImport(
      f.db,
      f.actor,
      {
        file: file(f, 'p.xlsx', [
          ['统一社会信用代码', '决定书文号', '处罚种类', '处罚决定日期'],
          ['91330100716105852F', '示市监罚〔2025〕1号', '警告', '2025-04-10'],
        ]),
        kind: 'penalties',
      },
      AT,
    );
    expect(() => undoBatch(f.db, f.actor, entityBatch, AT)).toThrow(/先撤销/);
    undoBatch(f.db, f.actor, p.batchId!, AT);
    undoBatch(f.db, f.actor, entityBatch, AT);
    expect(dumpTables(f.db)).toMatchObject(empty);
  });
  afterEach(() => f.close());

  const records = () =>
    f.db.prepare('SELECT type, date, natural_key, data FROM records ORDER BY id').all() as {
      type: string;
      date: string;
      natural_key: string;
      data: string;
    }[];

  it('penalties: de-duplicated by decision number, unknown entities are errors', () => {
    const src = file(f, 'p.xlsx', [
      ['统一社会信用代码', '企业名称', '决定书文号', '处罚种类', '罚没金额（元）', '处罚决定日期'],
      ['91330100716105852F', '恒达商贸有限公司', '示市监罚〔2025〕12号', '警告、罚款', '5,000', '2025-04-10'],
      ['91330100716105852F', '恒达商贸有限公司', '示市监罚〔2025〕12号', '警告、罚款', '5000', '2025-04-10'],
      ['91330100MA2B00000X', '不存在公司', '示市监罚〔2025〕13号', '罚款', '100', '2025-04-11'],
      ['330382101730301', '老字号公司', '示市监罚〔2025〕14号', '吊销执照', '', '2025-05-01'],
    ]);
    const run = commitImport(f.db, f.actor, { file: src, kind: 'penalties' }, AT);
    expect(run.counts).toMatchObject({ rows: 4, inserted: 2, unchanged: 1, errors: 1 });
    const issue = run.rows.find((r) => r.status === 'error')!.issues.find((i) => i.severity === 'error')!;
    expect(issue.message).toMatch(/库中没有/);
    // Name mismatch is only a warning.
    expect(run.rows.at(-1)!.issues.some((i) => i.severity === 'warning')).toBe(true);
    const rec = records();
    expect(rec).toHaveLength(2);
    expect(JSON.parse(rec[0]!.data)).toMatchObject({ penaltyKinds: ['警告', '罚款'], fine: 5000 });
    expect(JSON.parse(rec[1]!.data)).toMatchObject({ penaltyKinds: ['吊销营业执照'] });
  });

  it('penalties: the field and the day publicity started are kept for the repair rules', () => {
    const src = file(f, 'p.xlsx', [
      [
        '统一社会信用代码',
        '企业名称',
        '决定书文号',
        '处罚种类',
        '罚没金额（元）',
        '处罚决定日期',
        '所属领域',
        '公示日期',
        '违法行为类型',
      ],
      [
        '91330100716105852F',
        '恒达商贸有限公司',
        '示市监罚〔2025〕21号',
        '罚款',
        '200000',
        '2025-03-01',
        '食品',
        '2025-03-20',
        '虚假宣传',
      ],
    ]);
    expect(commitImport(f.db, f.actor, { file: src, kind: 'penalties' }, AT).counts).toMatchObject({
      inserted: 1,
    });
    expect(JSON.parse(records()[0]!.data)).toMatchObject({
      field: '食品',
      publishedOn: '2025-03-20',
      violationType: '虚假宣传',
    });
  });

  it('abnormal list: 列入 then 移出 completes the same record; undo restores it', () => {
    commitImport(
      f.db,
      f.actor,
      {
        file: file(f, 'in.xlsx', [
          ['统一社会信用代码', '企业名称', '列入日期', '列入原因', '作出决定机关'],
          ['91330100716105852F', '恒达商贸有限公司', '2024-07-01', '未按时年报', '测试县市场监督管理局'],
        ]),
        kind: 'abnormal_list',
      },
      AT,
    );
    const afterIn = dumpTables(f.db);
    const out = commitImport(
      f.db,
      f.actor,
      {
        file: file(f, 'out.xlsx', [
          ['统一社会信用代码', '企业名称', '移出日期', '移出原因'],
          ['91330100716105852F', '恒达商贸有限公司', '2024-09-01', '补报年报'],
          ['92330102MA2GXXXX1X', '李四便利店', '2024-09-01', '补报年报'],
        ]),
        kind: 'abnormal_list',
      },
      AT,
    );
    expect(out.counts).toMatchObject({ updated: 1, errors: 1 });
    const rec = records();
    expect(rec).toHaveLength(1);
    expect(JSON.parse(rec[0]!.data)).toMatchObject({
      reason: '未按时年报',
      removedOn: '2024-09-01',
      removalReason: '补报年报',
    });
    undoBatch(f.db, f.actor, out.batchId!, AT);
    expect(dumpTables(f.db)).toEqual(afterIn);
  });

  it('inspections, complaints, annual reports and public credit scores', () => {
    const kinds: [Parameters<typeof commitImport>[2]['kind'], unknown[][]][] = [
      [
        'inspections',
        [
          ['统一社会信用代码', '检查日期', '检查结果', '抽查任务'],
          ['91330100716105852F', '2026-03-15', '发现问题已责令改正', '示市监抽〔2026〕3号'],
        ],
      ],
      [
        'complaints',
        [
          ['统一社会信用代码', '登记日期', '是否属实', '来源渠道'],
          ['91330100716105852F', '2026-09-01', '是', '12315'],
        ],
      ],
      [
        'annual_reports',
        [
          ['统一社会信用代码', '年报年度', '报送日期'],
          ['91330100716105852F', 2025, '2026-07-02'],
        ],
      ],
      [
        'public_credit_scores',
        [
          ['统一社会信用代码', '评价得分', '评价日期', '评价等级'],
          ['91330100716105852F', 86.5, '2026-10-31', 'A'],
        ],
      ],
    ];
    for (const [kind, rows] of kinds) {
      const run = commitImport(f.db, f.actor, { file: file(f, `${kind}.xlsx`, rows), kind }, AT);
      expect(run.counts, kind).toMatchObject({ rows: 1, inserted: 1, errors: 0 });
    }
    const data = records().map((r) => ({ type: r.type, ...JSON.parse(r.data) }));
    expect(data).toEqual([
      { type: 'inspection', plan: '示市监抽〔2026〕3号', results: ['E'] },
      { type: 'complaint', channel: '12315', substantiated: true },
      { type: 'annual_report', year: 2025, onTime: false },
      { type: 'public_credit_score', scheme: 'provincial-public-credit', score: 86.5, grade: 'A' },
    ]);
  });
});
