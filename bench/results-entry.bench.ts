/**
 * Results entry benchmark (issue 10 item 2): one inspection result saved through the service the
 * results screen calls — the result row, its credit-file record, the re-grade of that entity and the
 * audit entry, in one transaction — at a graded demo county, beside a raw baseline in the same run:
 * the same two rows (record + result) written in a transaction with no checks, re-grade or audit.
 * Also prints how long reading the task with its plan takes (the screen's re-read after saving).
 * Size: BENCH_ENTITIES (default 100000). Exits 1 when the median misses the 50 ms target.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAndMigrate } from '../electron/db/open.ts';
import { writeDemoCounty } from '../electron/services/entities/demo-writer.ts';
import { runGrading } from '../electron/services/grading/run-grading.ts';
import { seedDemoPool } from '../electron/services/sampling/demo-pool.ts';
import { drawTask } from '../electron/services/sampling/draw-service.ts';
import { enterResult } from '../electron/services/sampling/lifecycle.ts';
import { upsertProfiles } from '../electron/services/sampling/reference-store.ts';
import { createTask, getTask } from '../electron/services/sampling/tasks.ts';
import { setCounty } from '../electron/services/settings/county.ts';
import { DEMO_COUNTY } from '../shared/demo/index.ts';

const N = Number(process.env.BENCH_ENTITIES ?? 100_000);
const TARGET_MS = 50;
const dir = mkdtempSync(join(tmpdir(), 'creditdesk-bench-'));
const AT = '2026-11-02T01:00:00.000Z';
const ADMIN = { username: 'bench', displayName: 'bench', role: 'admin' as const };
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0;

try {
  const db = openAndMigrate(join(dir, 'r.db'), randomBytes(32), { create: true });
  setCounty(db, DEMO_COUNTY);
  writeDemoCounty(db, { entities: N, seed: 'bench', county: DEMO_COUNTY, actor: 'bench', at: AT });
  seedDemoPool(db, ADMIN, AT);
  const run = runGrading(db, ADMIN, { modelId: 'samr-risk', modelVersion: null, asOf: '2026-10-31' }, AT);
  db.pragma('wal_checkpoint(TRUNCATE)');
  // A plan of about 1,000 entities: 1 % of enterprises, cooperatives and individuals in every class.
  const flat = { A: 100, B: 100, C: 100, D: 100, unclassified: 100 };
  upsertProfiles(
    db,
    ADMIN,
    [
      {
        id: 'bench-flat',
        name: '基准测试',
        classOrder: ['A', 'B', 'C', 'D'],
        ratios: { enterprise: flat, cooperative: flat, individual: flat, other: flat },
      },
    ],
    AT,
  );
  const taskId = createTask(
    db,
    ADMIN,
    {
      number: '基准〔2026〕1号',
      name: '录入基准',
      items: ['A07'],
      gradingRunId: run.id,
      profileId: 'bench-flat',
      startDate: '2026-11-02',
      endDate: '2026-11-30',
      teamSize: 2,
    },
    AT,
  );
  const drawn = drawTask(db, ADMIN, taskId, AT);
  const ids = db
    .prepare('SELECT entity_id FROM inspection_plan_entries WHERE plan_id = ? ORDER BY position')
    .pluck()
    .all(drawn.planId) as number[];
  const half = Math.floor(ids.length / 2);

  // Raw baseline: the record and the result row alone (a scratch table, so the plan stays unfilled).
  db.exec('CREATE TABLE raw_results (plan_id INTEGER, entity_id INTEGER, results TEXT, record_id INTEGER)');
  const rawRecord = db.prepare(
    `INSERT INTO records (entity_id, type, date, natural_key, source, data, created_at)
     VALUES (?, 'inspection', '2026-11-05', ?, 'bench', '{"results":["1"]}', ?) RETURNING id`,
  );
  const rawResult = db.prepare('INSERT INTO raw_results VALUES (?, ?, ?, ?)');
  const raw: number[] = [];
  const real: number[] = [];
  ids.slice(0, half).forEach((id, i) => {
    const t0 = performance.now();
    db.transaction(() => {
      const rec = rawRecord.get(id, `bench:raw:${i}`, AT) as { id: number };
      rawResult.run(drawn.planId, id, '["1"]', rec.id);
    })();
    raw.push(performance.now() - t0);
    const entityId = ids[half + i]!;
    const t1 = performance.now();
    enterResult(
      db,
      ADMIN,
      taskId,
      { entityId, results: ['1'], checkedOn: '2026-11-05', followUp: null, note: null },
      AT,
    );
    real.push(performance.now() - t1);
  });
  const median = pct(real, 0.5);
  const rawMedian = pct(raw, 0.5);
  console.log(
    `save one inspection result at ${N} entities (plan of ${ids.length}; result + record + re-grade + audit, one transaction): ` +
      `median ${median.toFixed(2)} ms, p99 ${pct(real, 0.99).toFixed(2)} ms over ${real.length} saves; ` +
      `raw write (record + result row only) median ${rawMedian.toFixed(2)} ms, p99 ${pct(raw, 0.99).toFixed(2)} ms; ` +
      `ratio ${(median / rawMedian).toFixed(2)}× (target ≤ ${TARGET_MS} ms median)`,
  );
  // What the results screen reads again once its saves have settled: the task with its plan.
  const reads: number[] = [];
  for (let i = 0; i < 20; i++) {
    const t = performance.now();
    getTask(db, ADMIN, taskId, '2026-11-05');
    reads.push(performance.now() - t);
  }
  console.log(
    `read the task with its plan of ${ids.length} entities (the screen's re-read after saving): median ${pct(reads, 0.5).toFixed(1)} ms`,
  );
  db.close();
  if (median > TARGET_MS) process.exitCode = 1;
} finally {
  rmSync(dir, { recursive: true, force: true });
}
