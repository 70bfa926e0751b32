import { afterEach, describe, expect, it } from 'vitest';
import { databaseBefore } from '../../../test/helpers/database-before.ts';
import { poolSliceQuery } from '../../services/sampling/repository/pool.ts';
import { migrate } from '../migrate.ts';
import type { Db } from '../open.ts';

describe('migration 012_draw_indexes', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });
  const at = '2026-11-01T00:00:00Z';

  function open011(): void {
    ({ db, cleanup } = databaseBefore(12));
    db.prepare(
      `INSERT INTO grading_runs (id, model_id, model_version, as_of, created_by, created_at, status, entity_count)
       VALUES (1, 'samr-risk', '1.0.0', '2026-10-31', 'admin', ?, 'complete', 0)`,
    ).run(at);
  }
  const entity = (uscc: string | null, regNo: string | null, kind: string, status: string) =>
    Number(
      db
        .prepare(
          `INSERT INTO entities (uscc, reg_no, name, kind, status, created_at, updated_at)
           VALUES (?, ?, '甲', ?, ?, ?, ?)`,
        )
        .run(uscc, regNo, kind, status, at, at).lastInsertRowid,
    );
  const grade = (id: number, g: string) =>
    db
      .prepare(
        `INSERT INTO grading_results (run_id, entity_id, grade, breakdown) VALUES (1, ?, ?, '[2,0,[],[]]')`,
      )
      .run(id, g);

  const undirected = { directed: false, filter: {} as never, gradingRunId: 1 };

  it('indexes the pool already there and written later, and the draw reads both tables from them only', () => {
    open011();
    const a = entity('91410422MA00000001', null, 'enterprise', 'active');
    const b = entity(null, '410422600000001', 'individual', 'cancelled');
    grade(a, 'B');
    migrate(db);
    const c = entity('92410422MA00000002', null, 'individual', 'active');
    grade(c, 'D');

    const q = poolSliceQuery(undirected);
    const steps = (db.prepare(`EXPLAIN QUERY PLAN ${q.sql}`).all(...q.params, 0, 10) as { detail: string }[])
      .map((s) => s.detail)
      .join('\n');
    expect(steps).toMatch(/SEARCH entities USING COVERING INDEX entities_pool \(id>\?\)/);
    expect(steps).toMatch(
      /SEARCH g USING COVERING INDEX grading_results_grade \(run_id=\? AND entity_id=\?\)/,
    );
    expect(steps).not.toMatch(/TEMP B-TREE/);

    // The indexes answer as the tables do: code, kind × 8 + status, grade (none for b), in id order.
    expect(
      db
        .prepare(q.sql)
        .raw(true)
        .all(...q.params, 0, 10),
    ).toEqual([
      [a, '91410422MA00000001', 0, 'B'],
      [b, '410422600000001', 2 * 8 + 2, null],
      [c, '92410422MA00000002', 2 * 8, 'D'],
    ]);
    expect(
      db
        .prepare(q.sql)
        .raw(true)
        .all(...q.params, a, 1),
    ).toEqual([[b, '410422600000001', 18, null]]);

    // A status change and a deletion reach the index too.
    db.prepare(`UPDATE entities SET status = 'revoked' WHERE id = ?`).run(a);
    db.prepare('DELETE FROM entities WHERE id = ?').run(b);
    expect(
      db
        .prepare(q.sql)
        .raw(true)
        .all(...q.params, 0, 10),
    ).toEqual([
      [a, '91410422MA00000001', 1, 'B'],
      [c, '92410422MA00000002', 16, 'D'],
    ]);
  });
});
