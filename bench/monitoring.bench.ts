/**
 * Monitoring run over the database (issue 13 item 7: ≤ 30 s at 1,000,000 entities, ≤ 2× a raw
 * baseline): a demo county of BENCH_ENTITIES entities (default 100000; 1000000 for the figure)
 * with two grading runs of one model over 90 % of it (one entity in 50 moving two classes between them),
 * so grade_drop has history to compare.
 *   - run: runMonitoring as the app runs it (facts by SQL, the engine, warnings stored and audited),
 *     rolled back afterwards so every round stores the same warnings anew;
 *   - baseline, same process and rounds: the same grouping queries (address and person clusters with
 *     their members, change and complaint HAVING counts, report years without a report, the grade
 *     history window) executed bare, raw rows, no objects, no engine, no writes — the least any
 *     database monitoring run must read.
 * Times are CPU times of this process (the machine is shared); wall time is printed for the run.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAndMigrate } from '../electron/db/open.ts';
import type { Actor } from '../electron/services/authz.ts';
import { writeDemoCounty } from '../electron/services/entities/demo-writer.ts';
import { runMonitoring } from '../electron/services/monitoring/run.ts';
import { setCounty } from '../electron/services/settings/county.ts';
import { addDays, addMonths } from '../shared/dates/iso-date.ts';
import { DEMO_COUNTY } from '../shared/demo/index.ts';

const N = Number(process.env.BENCH_ENTITIES ?? 100_000);
const AT = '2026-11-02T01:00:00.000Z';
const AS_OF = '2026-10-31';
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

/** The built-in thresholds' queries, bare (county-default.json: 10 / 5 / 3 in 12 months / 3 in 30 days). */
function baseline(db: ReturnType<typeof openAndMigrate>): number {
  const active = `(e.status = 'active' AND (e.established_on IS NULL OR e.established_on <= '${AS_OF}'))`;
  const rows = (q: string) => db.prepare(q).raw(true).all().length;
  let n = 0;
  for (const [key, min] of [
    ['address_key', 3],
    ['person_key', 3],
  ] as const) {
    n +=
      rows(`SELECT e.${key}, e.id, e.kind, ${active}, EXISTS (SELECT 1 FROM records r WHERE r.entity_id = e.id
        AND r.type IN ('abnormal_list','serious_violation_list') AND r.date <= '${AS_OF}'
        AND (json_extract(r.data, '$.removedOn') IS NULL OR json_extract(r.data, '$.removedOn') > '${AS_OF}'))
      FROM (SELECT e.${key} AS k FROM entities e WHERE e.${key} IS NOT NULL GROUP BY e.${key}
            HAVING sum(${active}) >= ${min}) big JOIN entities e ON e.${key} = big.k ORDER BY e.${key}, e.id`);
  }
  const changeFrom = addMonths(AS_OF, -12);
  n +=
    rows(`SELECT entity_id, date FROM records WHERE type = 'change' AND date > '${changeFrom}' AND date <= '${AS_OF}'
      AND json_extract(data, '$.field') IN ('法定代表人','住所','名称') AND entity_id IN (SELECT entity_id FROM records
      WHERE type = 'change' AND date > '${changeFrom}' AND date <= '${AS_OF}'
        AND json_extract(data, '$.field') IN ('法定代表人','住所','名称') GROUP BY entity_id HAVING count(*) >= 3)`);
  const recent = addDays(AS_OF, -30);
  n +=
    rows(`SELECT entity_id, date FROM records WHERE type = 'complaint' AND date > '${addMonths(recent, -12)}'
      AND date <= '${AS_OF}' AND entity_id IN (SELECT entity_id FROM records WHERE type = 'complaint'
      AND date > '${recent}' AND date <= '${AS_OF}' GROUP BY entity_id HAVING count(*) >= 3)`);
  for (const year of [2023, 2024, 2025]) {
    n +=
      rows(`SELECT e.id FROM entities e WHERE e.kind IN ('enterprise','cooperative','individual') AND ${active}
        AND (e.established_on IS NULL OR e.established_on <= '${year}-12-31')
        AND NOT EXISTS (SELECT 1 FROM records r WHERE r.entity_id = e.id AND r.type = 'annual_report'
          AND r.date <= '${AS_OF}' AND json_extract(r.data, '$.year') = ${year})`);
  }
  n += rows(`SELECT entity_id FROM (SELECT g.entity_id, g.grade, lead(g.grade) OVER w AS previous,
        row_number() OVER w AS n FROM grading_results g JOIN grading_runs r ON r.id = g.run_id
        WHERE r.status = 'complete'
        WINDOW w AS (PARTITION BY g.entity_id, r.model_id ORDER BY r.created_at DESC, r.id DESC))
      WHERE n = 1 AND previous IS NOT NULL AND previous <> grade`);
  return n;
}

try {
  const db = openAndMigrate(join(dir, 'monitor.db'), randomBytes(32), { create: true });
  setCounty(db, DEMO_COUNTY);
  const built = time(() =>
    writeDemoCounty(db, { entities: N, seed: 'bench-monitor', county: DEMO_COUNTY, actor: 'admin', at: AT }),
  );
  for (const [id, asOf, grade] of [
    [1, '2026-04-30', "substr('ABCD', (id % 4) + 1, 1)"],
    // Between two runs most grades stay; one entity in 50 moves two classes (a drop or a rise). Not
    // id % 50 = 0: those are all id % 10 = 0, which neither run grades, so grade_drop found nothing.
    [2, '2026-10-31', "substr('ABCD', (CASE WHEN id % 50 = 5 THEN id + 2 ELSE id END) % 4 + 1, 1)"],
  ] as const) {
    db.prepare(
      `INSERT INTO grading_runs (id, model_id, model_version, as_of, created_by, created_at, status, entity_count)
       VALUES (?, 'samr-risk', '1.0.0', ?, 'admin', ?, 'complete', 0)`,
    ).run(id, asOf, `${asOf}T08:00:00.000Z`);
    db.prepare(
      `INSERT INTO grading_results (run_id, entity_id, grade, breakdown)
       SELECT ${id}, id, ${grade}, '{}' FROM entities WHERE id % 10 <> 0`,
    ).run();
  }
  console.log(`demo county ${N} entities built in ${(built.wall / 1000).toFixed(1)} s`);

  const raw: number[] = [];
  const runs: number[] = [];
  const walls: number[] = [];
  let found = 0;
  for (let round = 0; round < 3; round++) {
    raw.push(time(() => baseline(db)).ms);
    db.exec('SAVEPOINT bench');
    const r = time(() => runMonitoring(db, admin, AS_OF, AT));
    db.exec('ROLLBACK TO bench; RELEASE bench');
    runs.push(r.ms);
    walls.push(r.wall);
    found = r.value.run.found;
  }
  const b = median(raw);
  console.log(
    `${found} warnings; baseline (the same grouping queries, raw rows): ${(b / 1000).toFixed(2)} s CPU`,
  );
  console.log(
    `  monitoring run ${(median(runs) / 1000).toFixed(2)} s CPU, ${(median(runs) / b).toFixed(2)}× the baseline` +
      ` (target ≤ 2×); wall ${walls.map((t) => (t / 1000).toFixed(2)).join(', ')} s`,
  );
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`peak RSS ${mib(process.resourceUsage().maxRSS * 1024)} MiB`);
