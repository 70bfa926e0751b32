import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { newDataKey } from '../keyfile.ts';
import { migrate } from '../migrate.ts';
import { type Db, openDatabase } from '../open.ts';
import { MIGRATIONS } from './index.ts';

describe('migration 010_analysis', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });
  const at = '2026-11-01T00:00:00Z';

  it('back-fills the class summary of complete runs with the grade in force, and leaves unfinished runs out', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    db = openDatabase(`${t.dir}/m.db`, newDataKey(), { create: true });
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 10),
    );
    const entity = db.prepare(
      `INSERT INTO entities (uscc, name, kind, status, township, jurisdiction, industry_code, created_at, updated_at)
       VALUES (?, ?, ?, 'active', ?, ?, ?, ?, ?)`,
    );
    const e1 = Number(
      entity.run('91410422MA00000001', '甲', 'enterprise', '城关镇', '城关所', '5212', at, at)
        .lastInsertRowid,
    );
    const e2 = Number(
      entity.run('91410422MA00000002', '乙', 'enterprise', '城关镇', '城关所', 'F5211', at, at)
        .lastInsertRowid,
    );
    const e3 = Number(
      entity.run('92410422MA00000003', '丙', 'individual', null, null, null, at, at).lastInsertRowid,
    );
    const runRow = db.prepare(
      `INSERT INTO grading_runs (id, model_id, model_version, as_of, created_by, created_at, status)
       VALUES (?, 'samr-risk', '1.0.0', '2026-10-31', 'admin', ?, ?)`,
    );
    runRow.run(1, at, 'complete');
    runRow.run(2, at, 'running');
    const result = db.prepare(
      `INSERT INTO grading_results (run_id, entity_id, grade, breakdown) VALUES (?, ?, ?, '{}')`,
    );
    for (const [run, id, grade] of [
      [1, e1, 'A'],
      [1, e2, 'A'],
      [1, e3, 'C'],
      [2, e1, 'D'],
    ] as const)
      result.run(run, id, grade);
    const adjust = db.prepare(
      `INSERT INTO grading_adjustments (run_id, entity_id, from_grade, to_grade, reason, adjusted_by, adjusted_at)
       VALUES (1, ?, ?, ?, '核查', 'boss', ?)`,
    );
    // Two adjustments of one result: the later one is in force.
    adjust.run(e2, 'A', 'D', at);
    adjust.run(e2, 'A', 'B', at);

    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(10);
    expect(
      db
        .prepare(
          'SELECT run_id, township, jurisdiction, section, kind, grade, entities FROM grading_run_summary ORDER BY grade',
        )
        .raw()
        .all(),
    ).toEqual([
      [1, '城关镇', '城关所', 'F', 'enterprise', 'A', 1],
      [1, '城关镇', '城关所', 'F', 'enterprise', 'B', 1],
      [1, '', '', '', 'individual', 'C', 1],
    ]);
    // A run that goes away takes its summary with it.
    db.prepare('DELETE FROM grading_runs WHERE id = 1').run();
    expect(db.prepare('SELECT count(*) FROM grading_run_summary').pluck().get()).toBe(0);
  });
});
