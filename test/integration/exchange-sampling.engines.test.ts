/**
 * The import kinds of the double-random reference data (inspectors, 回避, items, the holiday calendar)
 * and annual reports, on both engines (issue 17): the bureau server imports these lists too. Each kind
 * stores the same rows and refuses the same rows on either engine, a re-import changes nothing, and undo
 * puts every table back exactly. A row the database itself refuses (a CHECK nobody foresaw) is an error
 * row of its own while the rows after it are imported — on PostgreSQL that needs the row's savepoint,
 * since a failed statement would otherwise abort the whole import.
 */
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { type DataDoor, all, runInsert, script, sql } from '../../electron/db/sql.ts';
import type { Actor } from '../../electron/services/authz.ts';
import { commitImport, previewImport } from '../../electron/services/exchange/import-service.ts';
import type { ImportRun } from '../../electron/services/exchange/import/run-import.ts';
import { undoBatch } from '../../electron/services/exchange/undo.ts';
import { annualReportCoverage } from '../../electron/services/grading/repository/coverage.ts';
import type { ImportKind } from '../../shared/exchange/index.ts';
import { type Engine, forEachEngine } from '../helpers/engines.ts';
import { tempDir } from '../helpers/tmp.ts';
import { writeSheet } from './exchange-fixture.ts';

const AT = '2026-11-01T08:00:00.000Z';
const ACTOR: Actor = { username: 'admin', displayName: '管理员', role: 'admin' };
const USCC = '91330100716105852F';

/** The reference tables as stored, row by row in key order, for exact comparisons on either engine. */
function dump(db: DataDoor) {
  return {
    inspectors: all(db, sql`SELECT * FROM inspectors ORDER BY id`),
    conflicts: all(db, sql`SELECT * FROM inspector_conflicts ORDER BY employee_no, entity_code`),
    items: all(db, sql`SELECT * FROM inspection_items ORDER BY code`),
    days: all(db, sql`SELECT * FROM calendar_days ORDER BY date`),
    records: all(db, sql`SELECT * FROM records ORDER BY id`),
  };
}

/** The error issues of a committed import, in sheet order. */
const errorsOf = (r: ImportRun) => r.rows.flatMap((x) => x.issues).filter((i) => i.severity === 'error');

/** A calendar day the database refuses by name: PostgreSQL a CHECK constraint, SQLite a trigger. */
function refuseDayName(db: DataDoor, engine: Engine, name: string): void {
  script(
    db,
    engine === 'postgres'
      ? `ALTER TABLE calendar_days ADD CONSTRAINT test_refused_day CHECK (name <> '${name}') NOT VALID`
      : `CREATE TRIGGER test_refused_day BEFORE INSERT ON calendar_days WHEN new.name = '${name}'
           BEGIN SELECT RAISE(ABORT, 'refused'); END`,
  );
}

forEachEngine('import of sampling reference data and annual reports', (fresh, engine) => {
  const open = () => {
    const { db } = fresh();
    runInsert(
      db,
      sql`INSERT INTO entities (uscc, name, kind, status, created_at, updated_at)
          VALUES (${USCC}, '示范县清风食品有限公司', 'enterprise', 'active', ${AT}, ${AT})`,
    );
    const t = tempDir();
    const run = (kind: ImportKind, name: string, rows: unknown[][]) =>
      commitImport(
        db,
        ACTOR,
        { file: { path: writeSheet(join(t.dir, name), rows), fileName: name }, kind },
        AT,
      );
    const preview = (kind: ImportKind, name: string, rows: unknown[][]) =>
      previewImport(
        db,
        ACTOR,
        { file: { path: writeSheet(join(t.dir, name), rows), fileName: name }, kind },
        AT,
      );
    return { db, run, preview, cleanup: t.cleanup };
  };

  it('imports each kind with the same rows and refusals, re-imports unchanged, and undoes exactly', () => {
    const { db, run, preview, cleanup } = open();
    try {
      const before = dump(db);
      const people = [
        ['姓名', '执法证号', '所属单位', '专业领域', '联系电话'],
        ['张三', 'ZJ330100001', '城关市场监管所', '药品检查员、保化检查员', '13800000001'],
        ['李四', 'ZJ330100002', '东风市场监管所', '', ''],
        ['王五', '', '东风市场监管所', '', ''],
      ];
      expect(preview('inspectors', 'people.xlsx', people).counts).toMatchObject({ inserted: 2, errors: 1 });
      expect(dump(db)).toEqual(before);
      const ins = run('inspectors', 'people.xlsx', people);
      expect(ins.counts).toMatchObject({ rows: 3, inserted: 2, errors: 1 });
      expect(errorsOf(ins)[0]?.message).toMatch(/单位工号.*执法证号/);
      const stored = all<Record<string, unknown>>(
        db,
        sql`SELECT employee_no, name, unit, cert_no, status, qualifications FROM inspectors ORDER BY employee_no`,
      );
      expect(stored).toEqual([
        {
          employee_no: 'ZJ330100001',
          name: '张三',
          unit: '城关市场监管所',
          cert_no: 'ZJ330100001',
          status: 'active',
          qualifications: JSON.stringify(['药品检查员', '保化检查员']),
        },
        {
          employee_no: 'ZJ330100002',
          name: '李四',
          unit: '东风市场监管所',
          cert_no: 'ZJ330100002',
          status: 'active',
          qualifications: '[]',
        },
      ]);

      const con = run('conflicts', 'conflicts.xlsx', [
        ['执法人员姓名', '统一社会信用代码', '回避原因'],
        ['张三', USCC, '近亲属任法定代表人'],
        ['赵六', USCC, '同学'],
        ['李四', '91330100MA2XXXXX00', '同学'],
      ]);
      expect(con.counts).toMatchObject({ rows: 3, inserted: 1, errors: 2 });
      expect(errorsOf(con).map((i) => i.message)).toEqual([
        expect.stringMatching(/执法人员库中没有「赵六」/),
        expect.any(String),
      ]);
      expect(all(db, sql`SELECT employee_no, entity_code, reason FROM inspector_conflicts`)).toEqual([
        { employee_no: 'ZJ330100001', entity_code: USCC, reason: '近亲属任法定代表人' },
      ]);

      const items = run('items', 'items.xlsx', [
        ['事项编码', '抽查事项', '检查方式'],
        ['A07', '公示信息抽查', '书面检查'],
        ['X01', '县级自定事项', '现场检查'],
        ['', '没有编码的事项', '现场检查'],
      ]);
      expect(items.counts).toMatchObject({ rows: 3, errors: 1 });
      expect(items.counts.inserted + items.counts.updated).toBe(2);
      expect(
        all(
          db,
          sql`SELECT code, name, method FROM inspection_items WHERE code IN ('A07', 'X01') ORDER BY code`,
        ),
      ).toEqual([
        { code: 'A07', name: '公示信息抽查', method: '书面检查' },
        { code: 'X01', name: '县级自定事项', method: '现场检查' },
      ]);

      const days = run('holidays', 'days.xlsx', [
        ['日期', '类型', '节日名称'],
        ['2031-10-01', '放假', '国庆节'],
        ['2031-10-11', '调休上班', '国庆节'],
      ]);
      expect(days.counts).toMatchObject({ rows: 2, inserted: 2, errors: 0 });
      expect(
        all(db, sql`SELECT date, kind, name FROM calendar_days WHERE date LIKE '2031-%' ORDER BY date`),
      ).toEqual([
        { date: '2031-10-01', kind: 'holiday', name: '国庆节' },
        { date: '2031-10-11', kind: 'workday', name: '国庆节' },
      ]);

      // Re-import: nothing changes. A changed unit is an update that undo puts back.
      const afterAll = dump(db);
      expect(run('inspectors', 'people.xlsx', people).counts).toMatchObject({ unchanged: 2, inserted: 0 });
      expect(
        run('holidays', 'days2.xlsx', [
          ['日期', '类型', '节日名称'],
          ['2031-10-01', '放假', '国庆节'],
        ]).counts,
      ).toMatchObject({ unchanged: 1 });
      const moved = run('inspectors', 'moved.xlsx', [
        ['姓名', '执法证号', '所属单位'],
        ['张三', 'ZJ330100001', '河口市场监管所'],
      ]);
      expect(moved.counts).toMatchObject({ updated: 1 });
      undoBatch(db, ACTOR, moved.batchId!, AT);
      expect(dump(db)).toEqual(afterAll);

      for (const b of [days, items, con, ins]) undoBatch(db, ACTOR, b.batchId!, AT);
      expect(dump(db)).toEqual(before);
    } finally {
      cleanup();
    }
  });

  it('a row the database refuses is an error row of its own; the rows after it are imported', () => {
    const { db, run, cleanup } = open();
    try {
      refuseDayName(db, engine, '坏节日');
      const days = run('holidays', 'days.xlsx', [
        ['日期', '类型', '节日名称'],
        ['2031-10-01', '放假', '国庆节'],
        ['2031-10-02', '放假', '坏节日'],
        ['2031-10-03', '放假', '国庆节'],
      ]);
      expect(days.counts).toMatchObject({ rows: 3, inserted: 2, errors: 1 });
      expect(errorsOf(days)).toEqual([
        expect.objectContaining({ row: 3, message: '本行数据与库中已有数据冲突，请核对' }),
      ]);
      expect(all(db, sql`SELECT date FROM calendar_days WHERE date LIKE '2031-%' ORDER BY date`)).toEqual([
        { date: '2031-10-01' },
        { date: '2031-10-03' },
      ]);
      undoBatch(db, ACTOR, days.batchId!, AT);
      expect(all(db, sql`SELECT date FROM calendar_days WHERE date LIKE '2031-%'`)).toEqual([]);
    } finally {
      cleanup();
    }
  });

  it('annual reports: stored, cover their year for the kind, and undo takes both back', () => {
    const { db, run, cleanup } = open();
    try {
      const before = dump(db);
      const reports = run('annual_reports', 'ar.xlsx', [
        ['统一社会信用代码', '年报年度', '报送日期'],
        [USCC, 2025, '2026-07-02'],
        [USCC, 2025, '2024-07-02'],
        ['92330102MA2GXXXX1X', 2025, '2026-05-02'],
      ]);
      expect(reports.counts).toMatchObject({ rows: 3, inserted: 1, errors: 2 });
      expect(
        all<{ type: string; data: string }>(db, sql`SELECT type, data FROM records`).map((r) => ({
          type: r.type,
          ...JSON.parse(r.data),
        })),
      ).toEqual([{ type: 'annual_report', year: 2025, onTime: false }]);
      expect(annualReportCoverage(db).enterprise.annualReports).toEqual([2025]);
      expect(annualReportCoverage(db).individual.annualReports).toEqual([]);
      undoBatch(db, ACTOR, reports.batchId!, AT);
      expect(dump(db)).toEqual(before);
      expect(annualReportCoverage(db).enterprise.annualReports).toEqual([]);
    } finally {
      cleanup();
    }
  });
});
