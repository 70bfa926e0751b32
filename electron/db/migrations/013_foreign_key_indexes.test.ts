import { afterEach, describe, expect, it } from 'vitest';
import { databaseBefore } from '../../../test/helpers/database-before.ts';
import { migrate } from '../migrate.ts';
import type { Db } from '../open.ts';

describe('migration 013_foreign_key_indexes', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });
  const at = '2026-11-01T00:00:00Z';

  const entity = (uscc: string) =>
    Number(
      db
        .prepare(
          `INSERT INTO entities (uscc, name, kind, status, created_at, updated_at)
           VALUES (?, '甲', 'enterprise', 'active', ?, ?)`,
        )
        .run(uscc, at, at).lastInsertRowid,
    );
  const record = (entityId: number) =>
    Number(
      db
        .prepare(
          `INSERT INTO records (entity_id, type, date, natural_key, data, created_at)
           VALUES (?, 'abnormal_list', '2025-03-01', ?, '{}', ?)`,
        )
        .run(entityId, `k${entityId}`, at).lastInsertRowid,
    );
  // The rows only need the keys under test; their plan and the rest of a real case do not matter here,
  // so they are written with foreign keys off and the checks are switched back on before the deletes.
  const inspectionResult = (entityId: number) =>
    db
      .prepare(
        `INSERT INTO inspection_results (plan_id, entity_id, checked_on, results, entered_at, entered_by)
         VALUES (1, ?, '2026-10-01', '[]', ?, 'admin')`,
      )
      .run(entityId, at);
  const repair = (entityId: number, recordId: number) =>
    Number(
      db
        .prepare(
          `INSERT INTO repair_applications (entity_id, record_id, record_type, record_snapshot, action, state,
             applicant, reason, channel, applied_on, created_at, created_by, updated_at)
           VALUES (?, ?, 'abnormal_list', '{}', 'remove_abnormal', 'applied', '甲', '已整改', '窗口', '2026-10-01', ?, 'admin', ?)`,
        )
        .run(entityId, recordId, at, at).lastInsertRowid,
    );
  const plan = (q: string) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${q}`).all(1) as { detail: string }[]).map((r) => r.detail).join(' | ');

  it('indexes the children a delete of an entity or a record looks up, and the keys behave as before', () => {
    ({ db, cleanup } = databaseBefore(13));
    db.pragma('foreign_keys = OFF');
    const inspected = entity('91410422MA00000001');
    const plain = entity('91410422MA00000002');
    inspectionResult(inspected);
    const repaired = record(plain);
    const application = repair(plain, repaired);
    db.pragma('foreign_keys = ON');
    migrate(db);
    const later = entity('91410422MA00000003');
    db.pragma('foreign_keys = OFF');
    inspectionResult(later);
    db.pragma('foreign_keys = ON');

    // The lookups SQLite makes for those foreign keys now seek an index instead of scanning the table.
    expect(plan('SELECT 1 FROM inspection_results WHERE entity_id = ?')).toMatch(
      /SEARCH inspection_results USING COVERING INDEX inspection_results_entity \(entity_id=\?\)/,
    );
    expect(plan('SELECT 1 FROM repair_applications WHERE record_id = ?')).toMatch(
      /SEARCH repair_applications USING COVERING INDEX repair_applications_record \(record_id=\?\)/,
    );
    const indexed = (name: string) =>
      db.prepare(`SELECT entity_id FROM inspection_results INDEXED BY ${name} ORDER BY entity_id`).all();
    expect(indexed('inspection_results_entity')).toEqual([{ entity_id: inspected }, { entity_id: later }]);

    // An entity with inspection results, written before the index or after, still cannot be deleted;
    // one without can.
    expect(() => db.prepare('DELETE FROM entities WHERE id = ?').run(inspected)).toThrow(/FOREIGN KEY/);
    expect(() => db.prepare('DELETE FROM entities WHERE id = ?').run(later)).toThrow(/FOREIGN KEY/);
    const free = entity('91410422MA00000004');
    expect(db.prepare('DELETE FROM entities WHERE id = ?').run(free).changes).toBe(1);
    // Deleting the record keeps the application and clears its link (ON DELETE SET NULL).
    db.prepare('DELETE FROM records WHERE id = ?').run(repaired);
    expect(db.prepare('SELECT record_id FROM repair_applications WHERE id = ?').get(application)).toEqual({
      record_id: null,
    });
    expect(
      db.prepare('SELECT count(*) AS n FROM repair_applications INDEXED BY repair_applications_record').get(),
    ).toEqual({ n: 1 });
  });
});
