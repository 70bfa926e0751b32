import { afterEach, describe, expect, it } from 'vitest';
import { databaseBefore } from '../../../test/helpers/database-before.ts';
import { explainResult, runBreakdownTexts } from '../../services/grading/reads.ts';
import { migrate } from '../migrate.ts';
import type { Db } from '../open.ts';

describe('migration 014_breakdown_texts', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });
  const at = '2026-11-01T00:00:00Z';

  it('keeps the runs stored before readable, and holds only JSON texts', () => {
    ({ db, cleanup } = databaseBefore(14));
    const entityId = Number(
      db
        .prepare(
          `INSERT INTO entities (uscc, name, kind, status, created_at, updated_at)
           VALUES ('91410422MA00000001', '甲商行', 'enterprise', 'active', ?, ?)`,
        )
        .run(at, at).lastInsertRowid,
    );
    const runId = Number(
      db
        .prepare(
          `INSERT INTO grading_runs (model_id, model_version, as_of, created_by, created_at, status)
           VALUES ('samr-risk', '1.0.0', '2026-10-31', 'admin', ?, 'complete')`,
        )
        .run(at).lastInsertRowid,
    );
    // A version-2 breakdown, as runs stored it before this migration: its texts are in the row.
    db.prepare(
      `INSERT INTO grading_results (run_id, entity_id, score, score_grade, grade, breakdown)
       VALUES (?, ?, 940, 'A', 'A', ?)`,
    ).run(
      runId,
      entityId,
      JSON.stringify([
        2,
        0,
        [
          ['base', '基础分', 1000, null, []],
          ['penalty', '行政处罚（公示期内）', -60, 1, [[9, '2026-05-10', '2026-05-10 罚款 2,000 元']]],
        ],
        [],
      ]),
    );
    migrate(db);

    expect(runBreakdownTexts(db, runId)).toBeNull();
    const explained = explainResult(db, runId, entityId);
    expect(explained.entityName).toBe('甲商行');
    expect(JSON.stringify(explained)).toContain('2026-05-10 罚款 2,000 元');

    const update = (texts: string) =>
      db.prepare('UPDATE grading_runs SET breakdown_texts = ? WHERE id = ?').run(texts, runId);
    expect(() => update('{"lines": [')).toThrow(/CHECK/);
    update('{"lines":[],"overrides":[]}');
    expect(runBreakdownTexts(db, runId)).toEqual({ lines: [], overrides: [] });
  });
});
