import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { newDataKey } from '../keyfile.ts';
import { migrate } from '../migrate.ts';
import { type Db, openDatabase } from '../open.ts';
import { MIGRATIONS } from './index.ts';

describe('migration 007_annual_report_coverage', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });
  const at = '2026-01-01T00:00:00Z';

  it('an existing database covers the years and kinds its batches brought annual reports for, and no others', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    db = openDatabase(`${t.dir}/m.db`, newDataKey(), { create: true });
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 7),
    );
    const batch = (kind: string) =>
      Number(
        db
          .prepare(
            "INSERT INTO import_batches (kind, source, created_at, created_by) VALUES (?, 'excel', ?, 'admin')",
          )
          .run(kind, at).lastInsertRowid,
      );
    const entity = (uscc: string, kind: string) =>
      Number(
        db
          .prepare(
            "INSERT INTO entities (uscc, name, kind, status, created_at, updated_at) VALUES (?, ?, ?, 'active', ?, ?)",
          )
          .run(uscc, `主体${uscc}`, kind, at, at).lastInsertRowid,
      );
    const record = (entityId: number, type: string, batchId: number | null, data: object, key: string) =>
      db
        .prepare(
          `INSERT INTO records (entity_id, type, date, natural_key, source, batch_id, data, created_at)
           VALUES (?, ?, '2025-05-01', ?, 'test', ?, ?, ?)`,
        )
        .run(entityId, type, key, batchId, JSON.stringify(data), at);
    const demo = batch('demo');
    const reports = batch('annual_reports');
    const penalties = batch('penalties');
    const ent = entity('E1', 'enterprise');
    const ind = entity('I1', 'individual');
    record(ent, 'annual_report', demo, { year: 2023, onTime: true }, 'annual_report:2023');
    record(ent, 'annual_report', demo, { year: 2024, onTime: true }, 'annual_report:2024');
    record(ind, 'annual_report', reports, { year: 2024, onTime: false }, 'annual_report:2024');
    record(ind, 'annual_report', null, { year: 2022, onTime: true }, 'annual_report:2022'); // no batch: not an import
    record(ent, 'penalty', penalties, { penaltyKinds: ['罚款'] }, 'penalty:x');

    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(7);
    expect(
      db
        .prepare('SELECT batch_id, entity_kind, year FROM annual_report_coverage ORDER BY batch_id, year')
        .all(),
    ).toEqual([
      { batch_id: demo, entity_kind: 'enterprise', year: 2023 },
      { batch_id: demo, entity_kind: 'enterprise', year: 2024 },
      { batch_id: reports, entity_kind: 'individual', year: 2024 },
    ]);
    // A kind outside the four, or a year no report can have, is refused.
    expect(() =>
      db.prepare("INSERT INTO annual_report_coverage VALUES (?, 'person', 2024)").run(reports),
    ).toThrow(/CHECK/);
    expect(() =>
      db.prepare("INSERT INTO annual_report_coverage VALUES (?, 'enterprise', 24)").run(reports),
    ).toThrow(/CHECK/);
  });
});
