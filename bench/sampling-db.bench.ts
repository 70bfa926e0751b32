/**
 * Double-random draw from the database (SPEC §10 / issue 18: ≤ 5 s end to end at 1,000,000 entities): a
 * demo county with a grading run over 90 % of it, the demonstration inspector pool, a task over the
 * whole county with a few explicit exclusions.
 *   - build inputs: buildDrawInputs (pool, grades, exclusions, conflicts, inspectors);
 *   - preview: inputs + strata + commitment digest;
 *   - draw end to end: drawTask as the app runs it (inputs, draw, plan file with the embedded
 *     candidates, entries, audit), rolled back afterwards so every run draws the same task.
 *   - floor, same run: the same columns read by one bare query through the same covering indexes
 *     (raw rows, no per-row work), the codes put in byte order by a typed-array radix sort and
 *     SHA-256'd with node:crypto — the least any verifiable draw from the database must do (read the
 *     pool, order it, commit to it).
 * The grading run's results carry a breakdown of the size a real run stores (≈ 200 bytes), since
 * what the pool read pays for is pages, and a result row is mostly its breakdown.
 * Times are CPU times of this process (the machine is shared; wall time is printed for the draw).
 * Size: BENCH_ENTITIES (default 100000).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAndMigrate } from '../electron/db/open.ts';
import type { Actor } from '../electron/services/authz.ts';
import { writeDemoCounty } from '../electron/services/entities/demo-writer.ts';
import { buildDrawInputs } from '../electron/services/sampling/candidates.ts';
import { seedDemoPool } from '../electron/services/sampling/demo-pool.ts';
import { drawTask, previewTask } from '../electron/services/sampling/draw-service.ts';
import { loadTask } from '../electron/services/sampling/task-store.ts';
import { createTask } from '../electron/services/sampling/tasks.ts';
import { setCounty } from '../electron/services/settings/county.ts';
import { DEMO_COUNTY } from '../shared/demo/index.ts';
import { byteOrderPermutation } from '../shared/sampling/id-order.ts';

const N = Number(process.env.BENCH_ENTITIES ?? 100_000);
const AT = '2026-11-02T01:00:00.000Z';
const admin: Actor = { username: 'admin', displayName: '管理员', role: 'admin' };
const dir = mkdtempSync(join(tmpdir(), 'creditdesk-bench-'));
const mib = (b: number) => Math.round(b / 1024 / 1024);

function time<T>(f: () => T): { ms: number; wall: number; value: T } {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = f();
  const used = process.cpuUsage(c);
  return { ms: (used.user + used.system) / 1000, wall: performance.now() - t, value };
}
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

/**
 * The floor reads through the draw's covering indexes where the schema has them (migration 012; the
 * check keeps this bench runnable on a schema before it, for a before/after comparison).
 */
function floorIndexes(db: ReturnType<typeof openAndMigrate>) {
  const has = (name: string) =>
    db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = ?`).get(name) !== undefined;
  return {
    entities: has('entities_pool') ? ' INDEXED BY entities_pool' : '',
    grades: has('grading_results_grade') ? ' INDEXED BY grading_results_grade' : '',
  };
}

try {
  const db = openAndMigrate(join(dir, 'draw.db'), randomBytes(32), { create: true });
  setCounty(db, DEMO_COUNTY);
  const floorFrom = floorIndexes(db);
  const built = time(() =>
    writeDemoCounty(db, { entities: N, seed: 'bench-draw', county: DEMO_COUNTY, actor: 'admin', at: AT }),
  );
  seedDemoPool(db, admin, AT);
  db.prepare(
    `INSERT INTO grading_runs (id, model_id, model_version, as_of, created_by, created_at, status, entity_count)
     VALUES (1, 'samr-risk', '1.0.0', '2026-10-31', 'admin', ?, 'complete', 0)`,
  ).run(AT);
  db.prepare(
    `INSERT INTO grading_results (run_id, entity_id, grade, breakdown)
     SELECT 1, id, substr('ABCD', (id % 4) + 1, 1),
            '[2,0,[["B01","' || hex(randomblob(80)) || '",5,1,[]]],[]]' FROM entities WHERE id % 10 <> 0`,
  ).run();
  const exclusions = (
    db.prepare('SELECT uscc FROM entities WHERE uscc IS NOT NULL AND id % 997 = 0').pluck().all() as string[]
  ).map((entity) => ({ entity, reason: '在办案件' }));
  const taskId = createTask(
    db,
    admin,
    {
      number: '示范县市监抽〔2026〕9号',
      name: '全县公示信息抽查',
      items: ['A07'],
      gradingRunId: 1,
      profileId: 'henan-2021',
      startDate: '2026-11-02',
      endDate: '2026-11-20',
      teamSize: 2,
      exclusions,
    },
    AT,
  );
  console.log(
    `demo county ${N} entities built in ${(built.wall / 1000).toFixed(1)} s; ${exclusions.length} exclusions`,
  );

  const floor: number[] = [];
  const inputs: number[] = [];
  const preview: number[] = [];
  const draw: number[] = [];
  const drawWall: number[] = [];
  let candidates = 0;
  for (let run = 0; run < 3; run++) {
    floor.push(
      time(() => {
        const rows = db
          .prepare(
            `SELECT entities.id, coalesce(uscc, reg_no, ''), kind, status, g.grade FROM entities${floorFrom.entities}
             LEFT JOIN grading_results g${floorFrom.grades} ON g.run_id = 1 AND g.entity_id = entities.id
             ORDER BY entities.id`,
          )
          .raw(true)
          .all() as [number, string][];
        const codes = rows.map((r) => r[1]);
        const sorted = Array.from(byteOrderPermutation(codes, true), (i) => codes[i]!);
        return createHash('sha256').update(sorted.join(',')).digest();
      }).ms,
    );
    const built = time(() => buildDrawInputs(db, loadTask(db, taskId)));
    inputs.push(built.ms);
    candidates = built.value.candidates.ids.length;
    preview.push(time(() => previewTask(db, admin, taskId)).ms);
    db.exec('SAVEPOINT bench');
    const drawn = time(() => drawTask(db, admin, taskId, AT));
    db.exec('ROLLBACK TO bench; RELEASE bench');
    draw.push(drawn.ms);
    drawWall.push(drawn.wall);
  }
  const f = median(floor);
  const ratio = (xs: number[]) =>
    `${(median(xs) / 1000).toFixed(2)} s, ${(median(xs) / f).toFixed(2)}× the floor`;
  console.log(
    `${candidates} candidates; floor (bare read + radix sort + node:crypto SHA-256): ${(f / 1000).toFixed(2)} s CPU`,
  );
  console.log(`  build inputs ${ratio(inputs)}; preview ${ratio(preview)}; draw end to end ${ratio(draw)}`);
  console.log(`  draw end to end wall: runs ${drawWall.map((t) => (t / 1000).toFixed(2)).join(', ')} s`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`peak RSS ${mib(process.resourceUsage().maxRSS * 1024)} MiB`);
