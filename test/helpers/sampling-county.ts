/**
 * A demo county ready for double-random inspections on either engine: the county profile, `entities`
 * demo entities with their records (stored by the entity upsert imports use, so ids come from
 * runInsert on PostgreSQL), the demo inspector pool with its two conflicts, and optionally a grading
 * run as the grading area stores it — every second entity graded, A–D in turn.
 */
import { DEMO_COUNTY, generateDemoCounty } from '../../shared/demo/index.ts';
import { column, type DataDoor, run, sql, unitOfWork } from '../../electron/db/sql.ts';
import type { Actor } from '../../electron/services/authz.ts';
import { entityUpserter } from '../../electron/services/entities/repository/entities.ts';
import { recordInserter } from '../../electron/services/entities/repository/records.ts';
import { seedDemoPool } from '../../electron/services/sampling/demo-pool.ts';
import { setCounty } from '../../electron/services/settings/county.ts';

export const SAMPLING_ADMIN: Actor = { username: 'admin', displayName: '管理员', role: 'admin' };

export interface SamplingCountyOptions {
  entities: number;
  seed: string;
  at: string;
  /** Adds grading run 1 (complete) with every second entity graded A, B, C, D in turn. */
  graded?: boolean;
}

export function storeSamplingCounty(db: DataDoor, o: SamplingCountyOptions): void {
  setCounty(db, DEMO_COUNTY);
  const county = generateDemoCounty({
    entities: o.entities,
    seed: o.seed,
    county: DEMO_COUNTY,
    asOf: '2026-10-31',
  });
  unitOfWork(db, () => {
    const upserter = entityUpserter(db);
    const records = recordInserter(db);
    for (const { entity, records: rs } of county) {
      const { id } = upserter.upsert(entity, null, o.at);
      for (const r of rs) records.insert(id, r, { source: 'demo', batchId: null, at: o.at });
    }
  });
  seedDemoPool(db, SAMPLING_ADMIN, o.at);
  if (!o.graded) return;
  unitOfWork(db, () => {
    run(
      db,
      sql`INSERT INTO grading_runs (id, model_id, model_version, as_of, created_by, created_at, status, entity_count)
          VALUES (1, 'samr-risk', '1.0.0', '2026-10-31', 'admin', ${o.at}, 'complete', 0)`,
    );
    const ids = column<number>(db, sql`SELECT id FROM entities ORDER BY id`);
    ids.forEach((id, i) => {
      if (i % 2 === 0)
        run(
          db,
          sql`INSERT INTO grading_results (run_id, entity_id, grade, breakdown) VALUES (1, ${id}, ${'ABCD'[(i / 2) % 4]!}, '{}')`,
        );
    });
  });
}
