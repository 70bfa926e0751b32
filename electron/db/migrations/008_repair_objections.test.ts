import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { newDataKey } from '../keyfile.ts';
import { migrate } from '../migrate.ts';
import { type Db, openDatabase } from '../open.ts';
import { MIGRATIONS } from './index.ts';

describe('migration 008_repair_objections', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });
  const at = '2026-11-01T00:00:00Z';

  it('adds the case tables to a 007 database, keeps its data, and rejects states that do not exist', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    db = openDatabase(`${t.dir}/m.db`, newDataKey(), { create: true });
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 8),
    );
    const entityId = Number(
      db
        .prepare(
          "INSERT INTO entities (uscc, name, kind, status, created_at, updated_at) VALUES ('91410422MA00000001', '甲', 'enterprise', 'active', ?, ?)",
        )
        .run(at, at).lastInsertRowid,
    );
    const recordId = Number(
      db
        .prepare(
          `INSERT INTO records (entity_id, type, date, natural_key, data, created_at)
           VALUES (?, 'penalty', '2025-08-31', 'penalty:x', '{"penaltyKinds":["罚款"],"fine":200000}', ?)`,
        )
        .run(entityId, at).lastInsertRowid,
    );
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(8);
    expect(db.prepare('SELECT count(*) FROM records').pluck().get()).toBe(1);
    const insert = (state: string) =>
      db
        .prepare(
          `INSERT INTO repair_applications (entity_id, record_id, record_type, record_snapshot, action, state,
             applicant, reason, channel, applied_on, created_at, created_by, updated_at)
           VALUES (?, ?, 'penalty', '{}', 'stop_publicity', ?, '张三', '已缴清罚款', 'window', '2026-03-01', ?, 'admin', ?)`,
        )
        .run(entityId, recordId, state, at, at);
    insert('applied');
    expect(() => insert('approved')).toThrow(/CHECK/);
    // A record that goes away leaves the case and its snapshot; an entity that goes away takes its cases.
    db.prepare('DELETE FROM records WHERE id = ?').run(recordId);
    expect(db.prepare('SELECT record_id FROM repair_applications').pluck().get()).toBeNull();
    db.prepare('DELETE FROM entities WHERE id = ?').run(entityId);
    expect(db.prepare('SELECT count(*) FROM repair_applications').pluck().get()).toBe(0);
  });
});
