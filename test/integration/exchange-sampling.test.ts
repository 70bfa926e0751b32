/** Import of the double-random reference data through the exchange: inspectors, conflicts, items, holidays. */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { commitImport } from '../../electron/services/exchange/import-service.ts';
import { undoBatch } from '../../electron/services/exchange/undo.ts';
import { type Fixture, openFixture, writeSheet } from './exchange-fixture.ts';

const AT = '2026-11-01T08:00:00.000Z';

describe('sampling reference imports', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await openFixture(20);
  });
  afterEach(() => f.close());

  const dump = () => ({
    inspectors: f.db.prepare('SELECT * FROM inspectors ORDER BY id').all(),
    conflicts: f.db.prepare('SELECT * FROM inspector_conflicts ORDER BY employee_no, entity_code').all(),
    items: f.db.prepare('SELECT * FROM inspection_items ORDER BY code').all(),
    days: f.db.prepare('SELECT * FROM calendar_days ORDER BY date').all(),
  });
  const run = (kind: Parameters<typeof commitImport>[2]['kind'], name: string, rows: unknown[][]) =>
    commitImport(
      f.db,
      f.actor,
      { file: { path: writeSheet(join(f.dir, name), rows), fileName: name }, kind },
      AT,
    );

  it('imports, re-imports unchanged, and undoes each kind exactly', () => {
    const before = dump();
    const ins = run('inspectors', 'people.xlsx', [
      ['姓名', '执法证号', '所属单位', '专业领域', '联系电话'],
      ['张三', 'ZJ330100001', '城关市场监管所', '药品检查员、保化检查员', '13800000001'],
      ['李四', 'ZJ330100002', '东风市场监管所', '', ''],
      ['王五', '', '东风市场监管所', '', ''],
    ]);
    expect(ins.counts).toMatchObject({ rows: 3, inserted: 2, errors: 1 });
    const stored = f.db.prepare("SELECT * FROM inspectors WHERE employee_no = 'ZJ330100001'").get() as Record<
      string,
      unknown
    >;
    expect(stored).toMatchObject({
      name: '张三',
      unit: '城关市场监管所',
      cert_no: 'ZJ330100001',
      status: 'active',
    });
    expect(JSON.parse(stored.qualifications as string)).toEqual(['药品检查员', '保化检查员']);

    const code = (
      f.db.prepare('SELECT coalesce(uscc, reg_no) AS c FROM entities ORDER BY id LIMIT 1').get() as {
        c: string;
      }
    ).c;
    const con = run('conflicts', 'conflicts.xlsx', [
      ['执法人员姓名', '统一社会信用代码', '回避原因'],
      ['张三', code, '近亲属任法定代表人'],
      ['赵六', code, '同学'],
    ]);
    expect(con.counts).toMatchObject({ inserted: 1, errors: 1 });
    const items = run('items', 'items.xlsx', [
      ['事项编码', '抽查事项', '检查方式'],
      ['A07', '公示信息抽查', '书面检查'],
      ['X01', '县级自定事项', '现场检查'],
    ]);
    expect(items.counts).toMatchObject({ rows: 2, inserted: 1, errors: 0 });
    const days = run('holidays', 'days.xlsx', [
      ['日期', '类型', '节日名称'],
      ['2031-10-01', '放假', '国庆节'],
      ['2031-10-11', '调休上班', '国庆节'],
    ]);
    expect(days.counts).toMatchObject({ inserted: 2 });
    expect(
      f.db.prepare("SELECT kind FROM calendar_days WHERE date LIKE '2031-%' ORDER BY date").pluck().all(),
    ).toEqual(['holiday', 'workday']);

    // Re-import: nothing changes. A changed unit is an update that undo puts back.
    const afterAll = dump();
    expect(
      run('inspectors', 'people.xlsx', [
        ['姓名', '执法证号'],
        ['张三', 'ZJ330100001'],
      ]).counts,
    ).toMatchObject({ unchanged: 1 });
    const moved = run('inspectors', 'moved.xlsx', [
      ['姓名', '执法证号', '所属单位'],
      ['张三', 'ZJ330100001', '河口市场监管所'],
    ]);
    expect(moved.counts).toMatchObject({ updated: 1 });
    undoBatch(f.db, f.actor, moved.batchId!, AT);
    expect(dump()).toEqual(afterAll);

    for (const b of [days, items, con, ins]) undoBatch(f.db, f.actor, b.batchId!, AT);
    expect(dump()).toEqual(before);
  });
});
