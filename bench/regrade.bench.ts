/**
 * Grading benchmark (SPEC §10): a whole-database run, and the re-grade of one entity after its records
 * change, each beside a raw baseline measured in the same run on the same machine.
 *   - run vs raw: runGrading (read every credit file in id order, evaluate with samr-risk, store result
 *     and breakdown, refresh current grades) vs a raw pass that does the least a run must: read the
 *     same rows (entities ⋈ records, 2,000 entities per page, rows as arrays), parse each record's JSON
 *     into a record object, evaluate each file with the same compiled samr-risk evaluator, and insert
 *     one plain (run, entity, grade) row per graded entity into a bare table with no index, CHECK or
 *     breakdown, committed in one transaction. What the run does beyond it: encode and store each
 *     breakdown (packed arrays, result-codec.ts; grading_results has a json_valid CHECK and two more
 *     indexes; its two foreign keys are not looked up during a run, which references only its own
 *     rows: unitOfWorkOwnReferences), count the class summary, carry adjustments, progress and cancel
 *     checks.
 *     The run is timed serially and with 1 and 2 reader threads (parallel/: reading, building credit
 *     files, evaluating and encoding move to the readers; this thread only inserts). The raw pass stays
 *     one thread: against it, wall says what parallel reading saves the user, CPU (every thread of the
 *     process) what it costs the machine.
 *   - re-grade vs raw: inserting one record and calling onRecordsChanged in a transaction vs inserting
 *     the record alone; the difference is the re-grade of one entity (target ≤ 10 ms).
 * Size: BENCH_ENTITIES (default 100000; `BENCH_ENTITIES=1000000` for the SPEC §10 size, which takes
 * several minutes to build).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAndMigrate } from '../electron/db/open.ts';
import { writeDemoCounty } from '../electron/services/entities/demo-writer.ts';
import { onRecordsChanged } from '../electron/services/grading/records-changed.ts';
import { annualReportCoverage } from '../electron/services/grading/repository/coverage.ts';
import { evaluatorFor, findModel } from '../electron/services/grading/model-store.ts';
import type { ParallelReaders } from '../electron/services/grading/parallel/parallel-source.ts';
import { runGrading } from '../electron/services/grading/run-grading.ts';
import { DEMO_COUNTY } from '../shared/demo/index.ts';
import type { CreditFile, GradingRecord } from '../shared/grading/types.ts';

const N = Number(process.env.BENCH_ENTITIES ?? 100_000);
const REGRADES = 2000;
const dir = mkdtempSync(join(tmpdir(), 'creditdesk-bench-'));
const mib = (b: number) => Math.round(b / 1024 / 1024);
const AT = '2026-11-01T00:00:00.000Z';
const ADMIN = { username: 'bench', displayName: 'bench', role: 'admin' as const };

/** Wall and CPU time of f (CPU of this process: the machine is shared, so wall alone misleads). */
function time<T>(f: () => T): { ms: number; cpuMs: number; value: T } {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = f();
  const u = process.cpuUsage(c);
  return { ms: performance.now() - t, cpuMs: (u.user + u.system) / 1000, value };
}
const sec = (ms: number) => (ms / 1000).toFixed(2);
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) * p)] ?? 0;

try {
  const dbPath = join(dir, 'g.db');
  const key = randomBytes(32);
  const db = openAndMigrate(dbPath, key, { create: true });
  writeDemoCounty(db, { entities: N, seed: 'bench', county: DEMO_COUNTY, actor: 'bench', at: AT });
  // As after a restart: the demo's pages moved from the WAL into the database file.
  db.pragma('wal_checkpoint(TRUNCATE)');

  // Raw baseline (see the header): read, evaluate, write one plain row per graded entity, commit.
  db.exec('CREATE TABLE raw_results (run_id INTEGER, entity_id INTEGER, grade TEXT)');
  const evaluate = evaluatorFor(findModel(db, 'samr-risk', null).model);
  const coverage = annualReportCoverage(db);
  type JoinRow = [
    number,
    CreditFile['entity']['kind'],
    CreditFile['entity']['status'],
    string | null,
    number | null,
    string,
    string,
    string,
  ];
  const RAW_PAGE = `SELECT e.id, e.kind, e.status, e.established_on, r.id, r.type, r.date, r.data
           FROM (SELECT id, kind, status, established_on FROM entities WHERE id > ? ORDER BY id LIMIT 2000) e
           LEFT JOIN records r ON r.entity_id = e.id ORDER BY e.id`;
  const rawRun = time(() =>
    db.transaction(() => {
      const ins = db.prepare('INSERT INTO raw_results VALUES (1, ?, ?)');
      const page = db.prepare(RAW_PAGE).raw();
      const grade = (file: CreditFile | null) => {
        if (!file) return 0;
        const r = evaluate(file, '2026-10-31');
        if (r.grade !== null) ins.run(Number(file.id), r.grade);
        return 1;
      };
      let after = 0;
      let files = 0;
      for (;;) {
        const rows = page.all(after) as JoinRow[];
        if (rows.length === 0) break;
        let file: (CreditFile & { records: GradingRecord[] }) | null = null;
        for (const r of rows) {
          if (file === null || Number(file.id) !== r[0]) {
            files += grade(file);
            file = {
              id: String(r[0]),
              entity: { kind: r[1], status: r[2], establishedOn: r[3] },
              records: [],
              coverage: coverage[r[1]] ?? null,
            };
          }
          if (r[4] !== null) {
            const rec = JSON.parse(r[7]) as Record<string, unknown>;
            rec.type = r[5];
            rec.date = r[6];
            rec.id = r[4];
            file.records.push(rec as GradingRecord);
          }
        }
        files += grade(file);
        after = rows[rows.length - 1]?.[0] ?? after;
      }
      return files;
    })(),
  );
  const runReq = { modelId: 'samr-risk', modelVersion: null, asOf: '2026-10-31' };
  const ratios = (r: { ms: number; cpuMs: number }) =>
    `vs raw ${(r.ms / rawRun.ms).toFixed(2)}× wall, ${(r.cpuMs / rawRun.cpuMs).toFixed(2)}× CPU`;
  console.log(
    `raw pass (one thread: same rows read, records parsed, same evaluator, one plain row written per entity, commit): ` +
      `${sec(rawRun.ms)} s wall, ${sec(rawRun.cpuMs)} s CPU`,
  );
  // Whether the floor reads the records through the same index as the run (records_entity_date).
  const rawPlan = (db.prepare(`EXPLAIN QUERY PLAN ${RAW_PAGE}`).all(0) as { detail: string }[])
    .map((p) => p.detail)
    .join(' | ');
  console.log(`  raw pass reads: ${rawPlan}`);
  // Serial, then with reader threads (parallel/): CPU is the whole process's, every thread counted.
  const runs: [string, ParallelReaders | undefined][] = [
    ['serial (one thread)', undefined],
    ...[1, 2].map((readers): [string, ParallelReaders] => [
      `${readers} reader thread${readers > 1 ? 's' : ''} + writer`,
      { dbPath, key, readers },
    ]),
  ];
  for (const [label, readers] of runs) {
    db.pragma('wal_checkpoint(TRUNCATE)');
    const thread = process.threadCpuUsage();
    const real = time(() => runGrading(db, ADMIN, runReq, AT, undefined, readers));
    const own = process.threadCpuUsage(thread);
    const ownMs = (own.user + own.system) / 1000;
    console.log(
      `grade all ${N} entities, full stored run, ${label} (read + evaluate + encode + insert + commit, one ` +
        `transaction): ${sec(real.ms)} s wall, ${sec(real.cpuMs)} s CPU (this thread ${sec(ownMs)} s, ` +
        `reader threads ${sec(real.cpuMs - ownMs)} s), ${real.value.entityCount} graded; ` +
        `${ratios(real)} (SPEC §10: 1,000,000 entities ≤ 20 s; load ${loadavg()[0]?.toFixed(1)})`,
    );
  }

  // Re-grade: a record inserted into a random graded entity, with and without onRecordsChanged.
  const ids = db
    .prepare('SELECT entity_id FROM grading_results ORDER BY random() LIMIT ?')
    .pluck()
    .all(REGRADES) as number[];
  const insert = db.prepare(
    `INSERT INTO records (entity_id, type, date, natural_key, source, data, created_at)
     VALUES (?, 'complaint', '2026-10-01', ?, 'bench', '{"substantiated":true}', ?)`,
  );
  const withRegrade: number[] = [];
  const bare: number[] = [];
  ids.forEach((id, i) => {
    const t0 = performance.now();
    db.transaction(() => insert.run(id, `bench:raw:${i}`, AT))();
    bare.push(performance.now() - t0);
    const t1 = performance.now();
    db.transaction(() => {
      insert.run(id, `bench:real:${i}`, AT);
      onRecordsChanged(db, [id], AT);
    })();
    withRegrade.push(performance.now() - t1);
  });
  const median = pct(withRegrade, 0.5);
  const rawMedian = pct(bare, 0.5);
  console.log(
    `re-grade one entity (record insert + onRecordsChanged, one transaction): median ${median.toFixed(2)} ms, p99 ${pct(withRegrade, 0.99).toFixed(2)} ms; raw insert median ${rawMedian.toFixed(2)} ms, p99 ${pct(bare, 0.99).toFixed(2)} ms; ratio ${(median / rawMedian).toFixed(2)}×; re-grade alone ≈ ${(median - rawMedian).toFixed(2)} ms (target ≤ 10 ms)`,
  );
  // After an import: many entities re-graded in one call.
  const many = db
    .prepare('SELECT entity_id FROM grading_results ORDER BY entity_id LIMIT 10000')
    .pluck()
    .all() as number[];
  const batch = time(() => db.transaction(() => onRecordsChanged(db, many, AT))());
  console.log(
    `re-grade ${many.length} entities in one call (as after an import): ${batch.ms.toFixed(0)} ms, ${((batch.ms / many.length) * 1000).toFixed(0)} µs per entity`,
  );
  console.log(`peak RSS ${mib(process.resourceUsage().maxRSS * 1024)} MiB`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
