/**
 * The Excel import, its batches and undo on both engines (issue 17): one suite body per engine over the
 * services the desk and the bureau server share — preview, commit, the same code twice in a file, a code
 * another entity holds, records merged by natural key (a 移出 completing its 列入), undo exact to the row,
 * and undo refused when a row changed since. On PostgreSQL the rows are written set-based a slice at a time
 * (pg-import-writes.ts); a file of more than one slice and a row the database refuses at the end of a slice
 * are here for that reason. The desk-only parts (name indexes, index rebuilds, cancel, the streamed read)
 * stay in exchange-import.test.ts and its neighbours.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors.ts';
import { DEMO_COUNTY, generateDemoCounty } from '../../shared/demo/index.ts';
import { type DataDoor, all, run, script, sql, value } from '../../electron/db/sql.ts';
import type { Actor } from '../../electron/services/authz.ts';
import { runExport } from '../../electron/services/exchange/export/run-export.ts';
import { commitImport, previewImport } from '../../electron/services/exchange/import-service.ts';
import { listBatches, undoBatch } from '../../electron/services/exchange/undo.ts';
import { type Engine, forEachEngine } from '../helpers/engines.ts';
import { tempDir } from '../helpers/tmp.ts';
import { writeSheet } from './exchange-fixture.ts';

const AT = '2026-11-01T08:00:00.000Z';
const LATER = '2026-11-03T08:00:00.000Z';
const ACTOR: Actor = { username: 'admin', displayName: '管理员', role: 'admin' };

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

/** The credit-file tables as stored, row by row, for exact before/after comparisons on either engine. */
function dump(db: DataDoor) {
  return {
    entities: all(db, sql`SELECT * FROM entities ORDER BY id`),
    records: all(db, sql`SELECT * FROM records ORDER BY id`),
  };
}

function count(db: DataDoor, table: 'entities' | 'records'): number {
  return Number(value<number>(db, sql`SELECT count(*) FROM ${sql.raw(table)}`));
}

/** Demo entities with a USCC (distinct codes), for files larger than one slice. */
function demoEntities(n: number): { uscc: string; name: string }[] {
  const out: { uscc: string; name: string }[] = [];
  for (const { entity } of generateDemoCounty({
    entities: n * 2,
    seed: 'engines-import',
    county: DEMO_COUNTY,
    asOf: '2026-10-31',
  })) {
    if (entity.uscc && !entity.regNo) out.push({ uscc: entity.uscc, name: entity.name });
    if (out.length === n) break;
  }
  expect(out).toHaveLength(n);
  return out;
}

/**
 * A CHECK the import cannot foresee, so the database itself refuses one row inside a set-based write:
 * PostgreSQL a NOT VALID check constraint, SQLite a trigger raising ABORT (a constraint error as well).
 */
function refuseName(db: DataDoor, engine: Engine, name: string): void {
  script(
    db,
    engine === 'postgres'
      ? `ALTER TABLE entities ADD CONSTRAINT test_refused_name CHECK (name <> '${name}') NOT VALID`
      : `CREATE TRIGGER test_refused_name BEFORE INSERT ON entities WHEN new.name = '${name}'
           BEGIN SELECT RAISE(ABORT, 'refused'); END`,
  );
}

forEachEngine('Excel import, batches and undo', (fresh, engine) => {
  const folder = () => {
    const t = tempDir();
    return { dir: t.dir, cleanup: t.cleanup };
  };
  const withFiles = (
    body: (
      db: DataDoor,
      file: (name: string, rows: unknown[][]) => { path: string; fileName: string },
    ) => void,
  ) => {
    const { db } = fresh();
    const t = folder();
    try {
      body(db, (name, rows) => ({ path: writeSheet(join(t.dir, name), rows), fileName: name }));
    } finally {
      t.cleanup();
    }
  };

  it('previews without writing, commits the same counts, re-importing changes nothing', () => {
    withFiles((db, file) => {
      const src = file('a.xlsx', [
        ['示范县市场主体名录'],
        HEADER,
        ...ROWS,
        ['9.13301E+17', '坏代码公司', '企业', '', '', '', '', ''],
      ]);
      const before = dump(db);
      const preview = previewImport(db, ACTOR, { file: src, kind: 'entities' }, AT);
      expect(dump(db)).toEqual(before);
      expect(preview.counts).toMatchObject({ rows: 4, inserted: 3, errors: 1 });
      expect(preview.issues.find((i) => i.severity === 'error')).toMatchObject({ row: 6, column: 'A' });

      const first = commitImport(db, ACTOR, { file: src, kind: 'entities' }, AT);
      expect(first.counts).toEqual(preview.counts);
      expect(first.batchId).toBeGreaterThan(0);
      const stored = all<Record<string, unknown>>(db, sql`SELECT * FROM entities ORDER BY id`);
      expect(stored.map((e) => e.kind)).toEqual(['enterprise', 'individual', 'enterprise']);
      expect(stored[0]).toMatchObject({
        capital_amount: 51.8,
        capital_unit: '万元',
        phone: '13800138000',
        batch_id: first.batchId,
      });
      expect(stored[1]).toMatchObject({ established_on: '2019-06-01', uscc: '92330102MA2GXXXX1X' });
      expect(stored[2]).toMatchObject({
        reg_no: '330382101730301',
        uscc: null,
        established_on: '2001-01-01',
      });

      const again = commitImport(db, ACTOR, { file: src, kind: 'entities' }, AT);
      expect(again.counts).toMatchObject({ rows: 4, inserted: 0, updated: 0, unchanged: 3, errors: 1 });
      const { batches, total } = listBatches(db, ACTOR, { offset: 0, limit: 10 });
      expect(total).toBe(2);
      expect(batches.map((b) => [b.id, b.undoable])).toEqual([
        [again.batchId, false],
        [first.batchId, true],
      ]);
    });
  });

  it('the same code twice: the later row wins; a code another entity holds is refused on its row only', () => {
    withFiles((db, file) => {
      commitImport(
        db,
        ACTOR,
        {
          file: file('a.xlsx', [
            ['统一社会信用代码', '注册号', '企业名称'],
            ['91330100716105852F', '', '甲公司'],
            ['330382101730301', '', '乙公司'],
          ]),
          kind: 'entities',
        },
        AT,
      );
      const r = commitImport(
        db,
        ACTOR,
        {
          file: file('b.xlsx', [
            ['统一社会信用代码', '注册号', '企业名称'],
            ['91330100MA2B00000X', '', '丙公司'],
            ['91330100MA2B00000X', '', '丙公司（新名）'],
            // 甲's USCC with 乙's 注册号: 甲 would take a code 乙 holds.
            ['91330100716105852F', '330382101730301', '甲公司'],
            ['92330102MA2GXXXX1X', '', '丁便利店'],
          ]),
          kind: 'entities',
        },
        AT,
      );
      expect(r.counts).toMatchObject({ rows: 4, inserted: 2, updated: 1, errors: 1 });
      const refused = r.rows.find((x) => x.status === 'error');
      expect(refused).toMatchObject({ index: 3 });
      expect(refused!.issues.find((i) => i.severity === 'error')!.message).toMatch(/冲突/);
      expect(r.rows.find((x) => x.index === 2)!.issues.map((i) => i.message)).toContainEqual(
        expect.stringMatching(/与第 2 行的代码重复/),
      );
      expect(all(db, sql`SELECT uscc, reg_no, name FROM entities ORDER BY id`)).toEqual([
        { uscc: '91330100716105852F', reg_no: null, name: '甲公司' },
        { uscc: null, reg_no: '330382101730301', name: '乙公司' },
        { uscc: '91330100MA2B00000X', reg_no: null, name: '丙公司（新名）' },
        { uscc: '92330102MA2GXXXX1X', reg_no: null, name: '丁便利店' },
      ]);
    });
  });

  it('a file of several slices: rows find what earlier rows wrote; a row the database refuses is an error row', () => {
    withFiles((db, file) => {
      const list = demoEntities(2700);
      const refusedName = list[2600]!.name;
      refuseName(db, engine, refusedName);
      const rows = [
        ['统一社会信用代码', '企业名称', '主体类型'],
        ...list.map((e) => [e.uscc, e.name, '企业']),
        // The first of them again, in a later slice: found and renamed, not inserted twice.
        [list[0]!.uscc, `${list[0]!.name}（更名）`, '企业'],
      ];
      const r = commitImport(db, ACTOR, { file: file('big.xlsx', rows), kind: 'entities' }, AT);
      expect(r.counts).toMatchObject({ rows: 2701, inserted: 2699, updated: 1, errors: 1 });
      expect(r.rows.filter((x) => x.status === 'error').map((x) => x.index)).toEqual([2601]);
      expect(count(db, 'entities')).toBe(2699);
      expect(value(db, sql`SELECT name FROM entities WHERE uscc = ${list[0]!.uscc}`)).toBe(
        `${list[0]!.name}（更名）`,
      );
      expect(value(db, sql`SELECT count(*) FROM entities WHERE name = ${refusedName}`)).toBe(0);
      undoBatch(db, ACTOR, r.batchId!, LATER);
      expect(dump(db)).toEqual({ entities: [], records: [] });
    });
  }, 180_000);

  it('records: de-duplicated by natural key; a 移出 row completes its 列入 written earlier in the same file', () => {
    withFiles((db, file) => {
      commitImport(db, ACTOR, { file: file('e.xlsx', [HEADER, ...ROWS]), kind: 'entities' }, AT);
      const p = commitImport(
        db,
        ACTOR,
        {
          file: file('p.xlsx', [
            ['统一社会信用代码', '企业名称', '决定书文号', '处罚种类', '罚没金额（元）', '处罚决定日期'],
            [
              '91330100716105852F',
              '恒达商贸有限公司',
              '示市监罚〔2025〕12号',
              '警告、罚款',
              '5,000',
              '2025-04-10',
            ],
            [
              '91330100716105852F',
              '恒达商贸有限公司',
              '示市监罚〔2025〕12号',
              '警告、罚款',
              '5000',
              '2025-04-10',
            ],
            ['91330100MA2B00000X', '不存在公司', '示市监罚〔2025〕13号', '罚款', '100', '2025-04-11'],
            ['330382101730301', '老字号公司', '示市监罚〔2025〕14号', '吊销执照', '', '2025-05-01'],
          ]),
          kind: 'penalties',
        },
        AT,
      );
      expect(p.counts).toMatchObject({ rows: 4, inserted: 2, unchanged: 1, errors: 1 });
      const penalties = all<{ data: string }>(db, sql`SELECT data FROM records ORDER BY id`);
      expect(JSON.parse(penalties[0]!.data)).toMatchObject({ penaltyKinds: ['警告', '罚款'], fine: 5000 });

      const beforeList = dump(db);
      const list = commitImport(
        db,
        ACTOR,
        {
          file: file('l.xlsx', [
            ['统一社会信用代码', '企业名称', '列入日期', '列入原因', '移出日期', '移出原因'],
            ['91330100716105852F', '恒达商贸有限公司', '2024-07-01', '未按时年报', '', ''],
            ['91330100716105852F', '恒达商贸有限公司', '', '', '2024-09-01', '补报年报'],
            ['92330102MA2GXXXX1X', '李四便利店', '', '', '2024-09-01', '补报年报'],
          ]),
          kind: 'abnormal_list',
        },
        AT,
      );
      expect(list.counts).toMatchObject({ rows: 3, inserted: 1, updated: 1, errors: 1 });
      const entry = all<{ data: string; batch_id: number }>(
        db,
        sql`SELECT data, batch_id FROM records WHERE type = 'abnormal_list'`,
      );
      expect(entry).toHaveLength(1);
      expect(JSON.parse(entry[0]!.data)).toMatchObject({
        reason: '未按时年报',
        removedOn: '2024-09-01',
        removalReason: '补报年报',
      });
      undoBatch(db, ACTOR, list.batchId!, LATER);
      expect(dump(db)).toEqual(beforeList);
    });
  });

  it('undo restores exactly, refuses while a later batch changed the rows, and when a row changed since', () => {
    withFiles((db, file) => {
      const empty = dump(db);
      const first = commitImport(
        db,
        ACTOR,
        { file: file('a.xlsx', [HEADER, ...ROWS]), kind: 'entities' },
        AT,
      );
      const afterFirst = dump(db);
      const second = commitImport(
        db,
        ACTOR,
        {
          file: file('b.xlsx', [
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
            ['91330100MA2B00000X', '新公司', '企业', '', '', '', '', ''],
          ]),
          kind: 'entities',
        },
        AT,
      );
      expect(second.counts).toMatchObject({ inserted: 1, updated: 1 });
      expect(() => undoBatch(db, ACTOR, first.batchId!, LATER)).toThrow(/先撤销/);

      // A row of the second batch changed outside the exchange: refused, nothing changed.
      const beforeRefusal = dump(db);
      run(db, sql`UPDATE entities SET phone = '0571-1' WHERE uscc = '91330100MA2B00000X'`);
      const changed = dump(db);
      let refusal: unknown;
      try {
        undoBatch(db, ACTOR, second.batchId!, LATER);
      } catch (e) {
        refusal = e;
      }
      expect(refusal).toBeInstanceOf(ApiError);
      expect((refusal as ApiError).message).toMatch(
        /1 行在导入后又被修改或删除（例如市场主体「新公司」（91330100MA2B00000X））/,
      );
      expect(dump(db)).toEqual(changed);
      // Put back as the batch left it: undo goes through, to the row.
      run(db, sql`UPDATE entities SET phone = NULL WHERE uscc = '91330100MA2B00000X'`);
      expect(dump(db)).toEqual(beforeRefusal);
      expect(undoBatch(db, ACTOR, second.batchId!, LATER)).toMatchObject({ deleted: 1, restored: 1 });
      expect(dump(db)).toEqual(afterFirst);
      undoBatch(db, ACTOR, first.batchId!, LATER);
      expect(dump(db)).toEqual(empty);
      expect(() => undoBatch(db, ACTOR, first.batchId!, LATER)).toThrow(/已于/);
    });
  });

  it('undo refuses to delete entities later batches gave records, until those are undone', () => {
    withFiles((db, file) => {
      const entities = commitImport(
        db,
        ACTOR,
        { file: file('a.xlsx', [HEADER, ...ROWS]), kind: 'entities' },
        AT,
      );
      const p = commitImport(
        db,
        ACTOR,
        {
          file: file('p.xlsx', [
            ['统一社会信用代码', '决定书文号', '处罚种类', '处罚决定日期'],
            ['91330100716105852F', '示市监罚〔2025〕1号', '警告', '2025-04-10'],
          ]),
          kind: 'penalties',
        },
        AT,
      );
      expect(() => undoBatch(db, ACTOR, entities.batchId!, LATER)).toThrow(/先撤销/);
      undoBatch(db, ACTOR, p.batchId!, LATER);
      undoBatch(db, ACTOR, entities.batchId!, LATER);
      expect(dump(db)).toEqual({ entities: [], records: [] });
      expect(count(db, 'records')).toBe(0);
    });
  });

  it('inspections, complaints and public credit scores; kinds of areas not on the server yet are refused there', () => {
    withFiles((db, file) => {
      commitImport(db, ACTOR, { file: file('e.xlsx', [HEADER, ...ROWS]), kind: 'entities' }, AT);
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
          'public_credit_scores',
          [
            ['统一社会信用代码', '评价得分', '评价日期', '评价等级'],
            ['91330100716105852F', 86.5, '2026-10-31', 'A'],
          ],
        ],
      ];
      for (const [kind, rows] of kinds) {
        const r = commitImport(db, ACTOR, { file: file(`${kind}.xlsx`, rows), kind }, AT);
        expect(r.counts, kind).toMatchObject({ rows: 1, inserted: 1, errors: 0 });
      }
      const data = all<{ type: string; data: string }>(
        db,
        sql`SELECT type, data FROM records ORDER BY id`,
      ).map((r) => ({ type: r.type, ...JSON.parse(r.data) }));
      expect(data).toEqual([
        { type: 'inspection', plan: '示市监抽〔2026〕3号', results: ['E'] },
        { type: 'complaint', channel: '12315', substantiated: true },
        { type: 'public_credit_score', scheme: 'provincial-public-credit', score: 86.5, grade: 'A' },
      ]);
      const reports = () =>
        commitImport(
          db,
          ACTOR,
          {
            file: file('ar.xlsx', [
              ['统一社会信用代码', '年报年度', '报送日期'],
              ['91330100716105852F', 2025, '2026-07-02'],
            ]),
            kind: 'annual_reports',
          },
          AT,
        );
      expect(reports().counts).toMatchObject({ inserted: 1 });
      expect(count(db, 'records')).toBe(4);
    });
  });

  it('exports read the database: the target pool imports back unchanged, the inspections of a plan are published', () => {
    withFiles((db, file) => {
      commitImport(db, ACTOR, { file: file('e.xlsx', [HEADER, ...ROWS]), kind: 'entities' }, AT);
      commitImport(
        db,
        ACTOR,
        {
          file: file('i.xlsx', [
            ['统一社会信用代码', '检查日期', '检查结果', '抽查任务'],
            ['91330100716105852F', '2026-03-15', '未发现问题', '示市监抽〔2026〕3号'],
            ['92330102MA2GXXXX1X', '2026-03-16', '未发现问题', '示市监抽〔2026〕4号'],
          ]),
          kind: 'inspections',
        },
        AT,
      );
      const t = tempDir();
      try {
        const pool = join(t.dir, 'pool.xlsx');
        expect(runExport(db, ACTOR, { kind: 'target_pool' }, pool, { at: AT }).rows).toBe(3);
        const before = dump(db);
        const back = commitImport(
          db,
          ACTOR,
          { file: { path: pool, fileName: 'pool.xlsx' }, kind: 'entities' },
          AT,
        );
        expect(back.counts).toMatchObject({ rows: 3, inserted: 0, updated: 0, unchanged: 3, errors: 0 });
        expect(dump(db)).toEqual(before);

        const notice = join(t.dir, 'notice.xlsx');
        const published = runExport(db, ACTOR, { kind: 'publication', plan: '示市监抽〔2026〕3号' }, notice, {
          at: AT,
        });
        expect(published.rows).toBeGreaterThanOrEqual(1);
        expect(readFileSync(notice).length).toBeGreaterThan(0);
        const text = JSON.stringify(XLSX.read(readFileSync(notice)).Sheets);
        expect(text).toContain('恒达商贸有限公司');
        expect(text).not.toContain('李四便利店');

        expect(() =>
          runExport(db, ACTOR, { kind: 'grading_results' }, join(t.dir, 'g.xlsx'), { at: AT }),
        ).toThrow(ApiError);
        expect(value(db, sql`SELECT count(*) FROM audit_log WHERE action = 'exchange.export'`)).toBe(2);
      } finally {
        t.cleanup();
      }
    });
  });

  it('a cancel after slices were written leaves the database exactly as before, and no batch', () => {
    withFiles((db, file) => {
      const rows = Array.from({ length: 3000 }, (_, i) => [
        `3303821017${String(i).padStart(5, '0')}`,
        `测试${i}有限公司`,
      ]);
      const src = file('big.xlsx', [['注册号', '企业名称'], ...rows]);
      const before = dump(db);
      // Past the first slice on either engine (500 rows on SQLite, 2,500 on PostgreSQL): written, then cancelled.
      expect(() =>
        commitImport(db, ACTOR, { file: src, kind: 'entities' }, AT, {
          job: {
            progress: (done) => {
              if (done >= 2600) throw new ApiError('cancelled', '操作已取消');
            },
            checkCancelled() {},
          },
        }),
      ).toThrow(/取消/);
      expect(dump(db)).toEqual(before);
      expect(value(db, sql`SELECT count(*) FROM import_batches`)).toBe(0);
      expect(value(db, sql`SELECT count(*) FROM exchange_changes`)).toBe(0);
      // The connection goes on: the same file imports in full.
      expect(commitImport(db, ACTOR, { file: src, kind: 'entities' }, AT).counts).toMatchObject({
        inserted: 3000,
      });
    });
  }, 120_000);
});
