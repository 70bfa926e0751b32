/**
 * Undo never overwrites what happened after the import outside the exchange: an inspection result entered
 * through the sampling service, an entity field or a record changed by SQL (a repair), a row deleted. It
 * refuses, names how many rows changed and one of them, and changes nothing at all.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors.ts';
import type { Db } from '../../electron/db/open.ts';
import { commitImport } from '../../electron/services/exchange/import-service.ts';
import { undoBatch } from '../../electron/services/exchange/undo.ts';
import { enterResult } from '../../electron/services/sampling/lifecycle.ts';
import { drawTask } from '../../electron/services/sampling/draw-service.ts';
import { seedDemoPool } from '../../electron/services/sampling/demo-pool.ts';
import { createTask, getTask } from '../../electron/services/sampling/tasks.ts';
import { dumpTables, type Fixture, openFixture, writeSheet } from './exchange-fixture.ts';

const AT = '2026-11-01T08:00:00.000Z';
const LATER = '2026-11-03T08:00:00.000Z';

/** Every row of every table (FTS shadow tables included): "nothing changed" means exactly that. */
function dumpAll(db: Db): Record<string, unknown[]> {
  const tables = db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
    .pluck()
    .all() as string[];
  return Object.fromEntries(tables.map((t) => [t, db.prepare(`SELECT * FROM "${t}"`).raw().all()]));
}

function refusal(f: Fixture, batchId: number): ApiError {
  try {
    undoBatch(f.db, f.actor, batchId, LATER);
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('undo was not refused');
}

const ENTITY_HEADER = ['统一社会信用代码/注册号', '企业名称', '法定代表人', '联系电话'];
const ENTITIES = [
  ['91330100716105852F', '恒达商贸有限公司', '张三', '13800138000'],
  ['92330102MA2GXXXX1X', '李四便利店', '李四', ''],
  ['330382101730301', '老字号有限公司', '王五', ''],
];

describe('undo after changes outside the exchange', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await openFixture();
  });
  afterEach(() => f.close());

  const run = (kind: Parameters<typeof commitImport>[2]['kind'], name: string, rows: unknown[][]) =>
    commitImport(
      f.db,
      f.actor,
      { file: { path: writeSheet(join(f.dir, name), rows), fileName: name }, kind },
      AT,
    );

  it('is exact when nothing changed since, for inserted and updated rows', () => {
    const empty = dumpTables(f.db);
    const first = run('entities', 'a.xlsx', [ENTITY_HEADER, ...ENTITIES]);
    const afterFirst = dumpTables(f.db);
    const second = run('entities', 'b.xlsx', [
      ENTITY_HEADER,
      ['91330100716105852F', '恒达商贸有限公司（更名）', '赵六', ''],
      ['91330100MA2B00000X', '新公司', '孙七', ''],
    ]);
    expect(second.counts).toMatchObject({ inserted: 1, updated: 1 });
    undoBatch(f.db, f.actor, second.batchId!, LATER);
    expect(dumpTables(f.db)).toEqual(afterFirst);
    undoBatch(f.db, f.actor, first.batchId!, LATER);
    expect(dumpTables(f.db)).toEqual(empty);
  });

  it('refuses when an entity the batch inserted was edited since, and changes nothing', () => {
    const batch = run('entities', 'a.xlsx', [ENTITY_HEADER, ...ENTITIES]).batchId!;
    f.db.prepare("UPDATE entities SET phone = '0571-88888888' WHERE reg_no = '330382101730301'").run();
    const before = dumpAll(f.db);
    const e = refusal(f, batch);
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(/有 1 行在导入后又被修改或删除/);
    expect(e.message).toContain('老字号有限公司');
    expect(e.message).toContain('330382101730301');
    expect(dumpAll(f.db)).toEqual(before);
    // Put back exactly as the batch left it, the undo goes through.
    f.db.prepare('UPDATE entities SET phone = NULL WHERE reg_no = ?').run('330382101730301');
    undoBatch(f.db, f.actor, batch, LATER);
    expect(dumpTables(f.db).entities).toEqual([]);
  });

  it('refuses when an entity the batch updated was edited or deleted since', () => {
    run('entities', 'a.xlsx', [ENTITY_HEADER, ...ENTITIES]);
    const update = run('entities', 'b.xlsx', [
      ENTITY_HEADER,
      ['91330100716105852F', '恒达商贸有限公司', '赵六', ''],
      ['92330102MA2GXXXX1X', '李四便利店', '李小四', ''],
    ]).batchId!;
    f.db.prepare("UPDATE entities SET address = '城关镇解放路 1 号' WHERE uscc = '91330100716105852F'").run();
    f.db.prepare("DELETE FROM entities WHERE uscc = '92330102MA2GXXXX1X'").run();
    const before = dumpAll(f.db);
    const e = refusal(f, update);
    expect(e.message).toMatch(/有 2 行/);
    expect(e.message).toContain('恒达商贸有限公司');
    expect(dumpAll(f.db)).toEqual(before);
  });

  it('refuses when a record the batch inserted was changed by SQL since', () => {
    run('entities', 'a.xlsx', [ENTITY_HEADER, ...ENTITIES]);
    const p = run('penalties', 'p.xlsx', [
      ['统一社会信用代码', '决定书文号', '处罚种类', '罚没金额（元）', '处罚决定日期'],
      ['91330100716105852F', '示市监罚〔2025〕1号', '罚款', '5000', '2025-04-10'],
      ['330382101730301', '示市监罚〔2025〕2号', '警告', '', '2025-05-10'],
    ]).batchId!;
    f.db
      .prepare("UPDATE records SET data = json_set(data, '$.fine', 500) WHERE natural_key LIKE '%1号%'")
      .run();
    const before = dumpAll(f.db);
    const e = refusal(f, p);
    expect(e.message).toMatch(/有 1 行/);
    expect(e.message).toContain('「恒达商贸有限公司」（91330100716105852F）的行政处罚记录（2025-04-10）');
    expect(dumpAll(f.db)).toEqual(before);
  });

  it('refuses when a holiday the batch imported was changed since (tables keyed otherwise)', () => {
    const days = run('holidays', 'days.xlsx', [
      ['日期', '类型', '节日名称'],
      ['2031-10-01', '放假', '国庆节'],
    ]).batchId!;
    f.db.prepare("UPDATE calendar_days SET name = '国庆' WHERE date = '2031-10-01'").run();
    const before = dumpAll(f.db);
    expect(refusal(f, days).message).toContain('节假日「2031-10-01」');
    expect(dumpAll(f.db)).toEqual(before);
  });
});

describe('undo after an inspection result entered through the sampling service', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await openFixture(300);
  });
  afterEach(() => f.close());

  it('refuses to delete the imported inspection record the result entry completed', () => {
    seedDemoPool(f.db, f.actor, AT);
    // A grading run as the grading area stores it (the draw needs one).
    f.db
      .prepare(
        `INSERT INTO grading_runs (id, model_id, model_version, as_of, created_by, created_at, status, entity_count)
         VALUES (1, 'samr-risk', '1.0.0', '2026-10-31', 'admin', ?, 'complete', 0)`,
      )
      .run(AT);
    const number = '示范县市监抽〔2026〕3号';
    const taskId = createTask(
      f.db,
      f.actor,
      {
        number,
        name: '2026 年第 3 批公示信息抽查',
        items: ['A07'],
        gradingRunId: 1,
        profileId: 'henan-2021',
        startDate: '2026-11-02',
        endDate: '2026-11-20',
        teamSize: 2,
      },
      AT,
    );
    drawTask(f.db, f.actor, taskId, AT);
    const entry = getTask(f.db, f.actor, taskId, '2026-11-02').plan!.entries[0]!;
    const code = f.db
      .prepare('SELECT coalesce(uscc, reg_no) FROM entities WHERE id = ?')
      .pluck()
      .get(entry.entityId) as string;
    // The same check imported from the county's old system first…
    const imp = commitImport(
      f.db,
      f.actor,
      {
        file: {
          path: writeSheet(join(f.dir, 'i.xlsx'), [
            ['统一社会信用代码', '检查日期', '检查结果', '抽查任务'],
            [code, '2026-11-05', '未发现问题', number],
          ]),
          fileName: 'i.xlsx',
        },
        kind: 'inspections',
      },
      AT,
    );
    expect(imp.counts).toMatchObject({ inserted: 1 });
    // …then the inspector enters the result on the sampling page: the same record, completed.
    enterResult(
      f.db,
      f.actor,
      taskId,
      { entityId: entry.entityId, results: ['8'], checkedOn: '2026-11-05', followUp: null, note: null },
      LATER,
    );
    const before = dumpAll(f.db);
    const e = refusal(f, imp.batchId!);
    // Two rows: the imported record the correction replaced, and the plan's result row the import filled.
    expect(e.message).toMatch(/有 2 行在导入后又被修改或删除/);
    expect(e.message).toContain(`（${code}）的抽查检查结果记录（2026-11-05）`);
    expect(dumpAll(f.db)).toEqual(before);
  });
});
