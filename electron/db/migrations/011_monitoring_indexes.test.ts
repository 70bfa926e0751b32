import { afterEach, describe, expect, it } from 'vitest';
import { databaseBefore } from '../../../test/helpers/database-before.ts';
import { migrate } from '../migrate.ts';
import type { Db } from '../open.ts';

describe('migration 011_monitoring_indexes', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });
  const at = '2026-11-01T00:00:00Z';

  function open010(): number {
    ({ db, cleanup } = databaseBefore(11));
    return Number(
      db
        .prepare(
          `INSERT INTO entities (uscc, name, kind, status, created_at, updated_at)
           VALUES ('91410422MA00000001', '甲', 'enterprise', 'active', ?, ?)`,
        )
        .run(at, at).lastInsertRowid,
    );
  }
  const record = (entity: number, type: string, date: string, data: object) =>
    db
      .prepare(
        `INSERT INTO records (entity_id, type, date, natural_key, data, created_at) VALUES (?, ?, ?, ?, ?, ?)`,
      )
      .run(entity, type, date, `${type}-${date}`, JSON.stringify(data), at);
  const plan = (q: string, ...args: unknown[]) =>
    (db.prepare(`EXPLAIN QUERY PLAN ${q}`).all(...args) as { detail: string }[])
      .map((r) => r.detail)
      .join(' | ');

  // The probes as collectMonitoringFacts (repository/facts.ts) and grading spell them.
  const reportProbe = `SELECT e.id FROM entities e WHERE NOT EXISTS (SELECT 1 FROM records r
      WHERE r.entity_id = e.id AND r.type = 'annual_report' AND r.date <= ? AND json_extract(r.data, '$.year') = ?)`;
  const listedProbe = `SELECT e.id FROM entities e WHERE EXISTS (SELECT 1 FROM records r WHERE r.entity_id = e.id
      AND r.type IN ('abnormal_list', 'serious_violation_list') AND r.date <= ?
      AND (json_extract(r.data, '$.removedOn') IS NULL OR json_extract(r.data, '$.removedOn') > ?)
      AND (r.type <> 'serious_violation_list' OR r.date > ?))`;

  it('indexes the records already there and those written later, and the monitoring probes seek them', () => {
    const id = open010();
    record(id, 'annual_report', '2025-05-01', { year: 2024 });
    record(id, 'abnormal_list', '2025-03-01', { removedOn: '2026-06-30' });
    migrate(db);
    record(id, 'annual_report', '2026-05-01', { year: 2025 });
    record(id, 'penalty', '2026-02-01', { year: 2023 });

    const reportYears = db
      .prepare(
        `SELECT json_extract(data, '$.year') AS y FROM records INDEXED BY records_annual_report_year
         WHERE type = 'annual_report' AND entity_id = ? ORDER BY y`,
      )
      .all(id);
    expect(reportYears).toEqual([{ y: 2024 }, { y: 2025 }]);
    const listings = db
      .prepare(
        `SELECT json_extract(data, '$.removedOn') AS removed FROM records INDEXED BY records_listing
         WHERE type IN ('abnormal_list', 'serious_violation_list') AND entity_id = ?`,
      )
      .all(id);
    expect(listings).toEqual([{ removed: '2026-06-30' }]);

    expect(plan(reportProbe, '2026-10-31', 2024)).toMatch(
      /SEARCH r (EXISTS )?USING (COVERING )?INDEX records_annual_report_year/,
    );
    expect(plan(listedProbe, '2026-10-31', '2026-10-31', '2023-10-31')).toMatch(
      /SEARCH r (EXISTS )?USING (COVERING )?INDEX records_listing/,
    );
    // The indexes answer as the table does: no 2023 report; listed until its removal.
    expect(db.prepare(reportProbe).all('2026-10-31', 2023)).toEqual([{ id }]);
    expect(db.prepare(reportProbe).all('2026-10-31', 2024)).toEqual([]);
    expect(db.prepare(listedProbe).all('2026-06-29', '2026-06-29', '2023-06-29')).toEqual([{ id }]);
    expect(db.prepare(listedProbe).all('2026-10-31', '2026-10-31', '2023-10-31')).toEqual([]);
  });
});
