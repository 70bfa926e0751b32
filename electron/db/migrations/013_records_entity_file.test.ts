import { afterEach, describe, expect, it } from 'vitest';
import { databaseBefore } from '../../../test/helpers/database-before.ts';
import { RECORDS_IN_RANGE } from '../../services/grading/repository/credit-files.ts';
import { migrate } from '../migrate.ts';
import type { Db } from '../open.ts';

describe('migration 013_records_entity_file', () => {
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
  const record = (entityId: number, date: string, key: string, data: object) =>
    Number(
      db
        .prepare(
          `INSERT INTO records (entity_id, type, date, natural_key, source, data, created_at)
           VALUES (?, 'inspection', ?, ?, 'test', ?, ?)`,
        )
        .run(entityId, date, key, JSON.stringify(data), at).lastInsertRowid,
    );
  /** The same rows read from the table itself, sorted by SQLite: what the index must answer. */
  const fromTable = (after: number, upTo: number) =>
    db
      .prepare(
        `SELECT entity_id, id, type, date, data FROM records NOT INDEXED
         WHERE entity_id > ? AND entity_id <= ? ORDER BY entity_id, date, id`,
      )
      .raw()
      .all(after, upTo);
  const inRange = (after: number, upTo: number) => db.prepare(RECORDS_IN_RANGE).raw().all(after, upTo);

  it("indexes the records already there and written later; the run's read is one covering range, in order", () => {
    ({ db, cleanup } = databaseBefore(13));
    const a = entity('91410422MA00000001');
    const b = entity('91410422MA00000002');
    // Out of date order, and two on one date (the id decides), before and after the migration.
    record(a, '2025-03-01', 'k1', { result: '合格' });
    record(a, '2024-01-01', 'k2', { result: '不合格' });
    const late = record(b, '2025-01-01', 'k3', { result: '合格' });
    migrate(db);
    record(a, '2025-03-01', 'k4', { result: '基本合格' });
    record(b, '2023-06-30', 'k5', { note: '补录' });

    const steps = (db.prepare(`EXPLAIN QUERY PLAN ${RECORDS_IN_RANGE}`).all(0, 10) as { detail: string }[])
      .map((s) => s.detail)
      .join('\n');
    expect(steps).toMatch(
      /SEARCH records USING COVERING INDEX records_entity_file \(entity_id>\? AND entity_id<\?\)/,
    );
    expect(steps).not.toMatch(/TEMP B-TREE/);
    expect(
      db.prepare(`SELECT count(*) AS n FROM sqlite_master WHERE name = 'records_entity_date'`).get(),
    ).toEqual({ n: 0 });

    expect(inRange(0, 10)).toHaveLength(5);
    expect(inRange(0, 10)).toEqual(fromTable(0, 10));
    expect(inRange(a, b)).toEqual(fromTable(a, b));

    // An edit, a deletion and a moved date reach the index too.
    db.prepare(`UPDATE records SET data = '{"result":"不合格"}', date = '2022-01-01' WHERE id = ?`).run(late);
    db.prepare(`DELETE FROM records WHERE natural_key = 'k1'`).run();
    expect(inRange(0, 10)).toHaveLength(4);
    expect(inRange(0, 10)).toEqual(fromTable(0, 10));
    expect(db.pragma('integrity_check')).toEqual([{ integrity_check: 'ok' }]);
  });
});
