import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { effectiveGrades, listRuns } from '../../services/grading/reads.ts';
import { newDataKey } from '../keyfile.ts';
import { migrate } from '../migrate.ts';
import { type Db, openDatabase } from '../open.ts';
import { m001Initial } from './001_initial.ts';
import { m002NameCharIndex } from './002_name_char_index.ts';
import { m003Grading } from './003_grading.ts';

describe('migration 003_grading', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });

  const at = '2026-01-01T00:00:00Z';
  function open() {
    const t = tempDir();
    cleanup = t.cleanup;
    db = openDatabase(`${t.dir}/m.db`, newDataKey(), { create: true });
    migrate(db, [m001Initial, m002NameCharIndex, m003Grading]);
  }
  const entity = (uscc: string) =>
    Number(
      db
        .prepare(
          "INSERT INTO entities (uscc, name, kind, status, created_at, updated_at) VALUES (?, '某店', 'individual', 'active', ?, ?)",
        )
        .run(uscc, at, at).lastInsertRowid,
    );
  const run = () =>
    Number(
      db
        .prepare(
          `INSERT INTO grading_runs (model_id, model_version, as_of, created_by, created_at, status, entity_count)
           VALUES ('samr-risk', '1.0.0', '2026-10-31', 'admin', ?, 'complete', 2)`,
        )
        .run(at).lastInsertRowid,
    );
  const result = (runId: number, entityId: number, grade: string) =>
    db
      .prepare(
        `INSERT INTO grading_results (run_id, entity_id, score, score_grade, grade, breakdown)
         VALUES (?, ?, 900, ?, ?, '{}')`,
      )
      .run(runId, entityId, grade, grade);
  const adjust = (runId: number, entityId: number, from: string, to: string) =>
    db
      .prepare(
        `INSERT INTO grading_adjustments (run_id, entity_id, from_grade, to_grade, reason, adjusted_by, adjusted_at)
         VALUES (?, ?, ?, ?, '核实后调整', 'boss', ?)`,
      )
      .run(runId, entityId, from, to, at);

  it('stores runs and results; effective grades follow the latest adjustment', () => {
    open();
    expect(db.pragma('user_version', { simple: true })).toBe(3);
    const [a, b] = [entity('A1'), entity('A2')];
    const r1 = run();
    result(r1, a, 'B');
    result(r1, b, 'C');
    adjust(r1, b, 'C', 'D');
    adjust(r1, b, 'C', 'B');
    expect([...effectiveGrades(db, r1)]).toEqual([
      { entityId: a, grade: 'B' },
      { entityId: b, grade: 'B' },
    ]);
    // Paged reads give the same answer whatever the chunk size.
    expect([...effectiveGrades(db, r1, 1)]).toEqual([...effectiveGrades(db, r1)]);
    expect(listRuns(db)).toEqual([
      {
        id: r1,
        modelId: 'samr-risk',
        modelVersion: '1.0.0',
        asOf: '2026-10-31',
        createdAt: at,
        createdBy: 'admin',
        status: 'complete',
        entityCount: 2,
      },
    ]);
  });

  it('refuses an adjustment without a reason or without a result, and deletes a run with its rows', () => {
    open();
    const a = entity('A1');
    const r1 = run();
    result(r1, a, 'B');
    expect(() =>
      db
        .prepare(
          `INSERT INTO grading_adjustments (run_id, entity_id, from_grade, to_grade, reason, adjusted_by, adjusted_at)
           VALUES (?, ?, 'B', 'A', '  ', 'boss', ?)`,
        )
        .run(r1, a, at),
    ).toThrow(/CHECK/);
    expect(() => adjust(r1, a + 1, 'B', 'A')).toThrow(/FOREIGN KEY/);
    adjust(r1, a, 'B', 'A');
    db.prepare('DELETE FROM grading_runs WHERE id = ?').run(r1);
    expect(db.prepare('SELECT count(*) AS n FROM grading_results').get()).toEqual({ n: 0 });
    expect(db.prepare('SELECT count(*) AS n FROM grading_adjustments').get()).toEqual({ n: 0 });
  });
});
