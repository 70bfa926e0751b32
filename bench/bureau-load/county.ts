/**
 * The bureau load bench's server database, set up before any officer signs in: `server init` (the
 * service the command runs), a demo county of N entities with their records (written on a desk by
 * writeDemoCounty and copied into PostgreSQL table by table: one round trip per row would take
 * minutes), the demo inspector pool, a complete grading run, and a sampling task drawn on that run —
 * its plan entries are what the officers enter results on.
 */
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { openAndMigrate } from '../../electron/db/open.ts';
import { all, type PgDb, run, sql } from '../../electron/db/sql.ts';
import type { Actor } from '../../electron/services/authz.ts';
import { writeDemoCounty } from '../../electron/services/entities/demo-writer.ts';
import { runGrading } from '../../electron/services/grading/run-grading.ts';
import { seedDemoPool } from '../../electron/services/sampling/demo-pool.ts';
import { drawTask } from '../../electron/services/sampling/draw-service.ts';
import { createTask, getTask } from '../../electron/services/sampling/tasks.ts';
import { initServer } from '../../electron/services/users/server/init-server.ts';
import { DEMO_COUNTY } from '../../shared/demo/index.ts';
import { copyDeskTables } from '../../test/helpers/desk-to-pg.ts';
import { FAST_SCRYPT } from '../../test/helpers/tmp.ts';

export const ADMIN = { username: 'admin', displayName: '王管理', password: 'Admin-Pass-2026' };
const ADMIN_ACTOR: Actor = { username: ADMIN.username, displayName: ADMIN.displayName, role: 'admin' };
const AT = '2026-11-01T00:00:00.000Z';
export const AS_OF = '2026-10-31';
export const TASK_START = '2026-11-02';

export interface County {
  taskId: number;
  planId: number;
  /** Entity ids of the drawn plan, in plan order. */
  planEntities: number[];
  /** Names and codes of a spread of the county's entities, to cut search fragments and prefixes from. */
  samples: { id: number; name: string; code: string }[];
  records: number;
}

export async function setUpCounty(pg: PgDb, dir: string, entities: number): Promise<County> {
  await initServer(pg, { county: DEMO_COUNTY, admin: ADMIN }, AT, FAST_SCRYPT);
  const desk = openAndMigrate(join(dir, 'county.db'), randomBytes(32), { create: true });
  writeDemoCounty(desk, { entities, seed: 'bench-load', county: DEMO_COUNTY, actor: 'admin', at: AT });
  copyDeskTables(desk, pg);
  desk.close();
  run(pg, sql`ANALYZE`);
  seedDemoPool(pg, ADMIN_ACTOR, AT);
  const graded = runGrading(pg, ADMIN_ACTOR, { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF }, AT);
  const taskId = createTask(
    pg,
    ADMIN_ACTOR,
    {
      number: '示范县市监抽〔2026〕31号',
      name: '负载测试抽查',
      items: ['A07'],
      profileId: 'henan-2021',
      gradingRunId: graded.id,
      startDate: TASK_START,
      endDate: '2026-12-31',
      teamSize: 2,
    },
    AT,
  );
  const drawn = drawTask(pg, ADMIN_ACTOR, taskId, AT);
  const plan = getTask(pg, ADMIN_ACTOR, taskId, TASK_START).plan;
  if (!plan) throw new Error('the draw left no plan');
  const samples = all<{ id: number; name: string; code: string }>(
    pg,
    sql`SELECT id, name, coalesce(uscc, reg_no) AS code FROM entities WHERE id % 41 = 0 ORDER BY id LIMIT 400`,
  );
  const records = all<{ n: number }>(pg, sql`SELECT count(*) AS n FROM records`)[0]?.n ?? 0;
  return {
    taskId,
    planId: drawn.planId,
    planEntities: plan.entries.map((e) => e.entityId),
    samples,
    records: Number(records),
  };
}
