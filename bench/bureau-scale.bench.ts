/**
 * Issue 17 item 6: a prefecture city's county on the bureau server — the same work on PostgreSQL beside
 * SQLite, in one run, at BENCH_SCALE_SIZES entities (default 200,000 and 2,000,000), and the growth from
 * the first size to the last on each engine. Slow (about an hour at 2 M on 2 cores), so `npm run bench`
 * skips it unless BENCH_SCALE=1.
 *
 * For each size: writeDemoCounty builds the county on a desk (an encrypted SQLite file), whose tables are
 * copied as they are into a throwaway PostgreSQL cluster (test/helpers/pg-cluster.ts, given 512 MB of
 * shared buffers as a bureau's server would have; durability off, as in the tests) and ANALYZEd. Then,
 * on each engine, in this process:
 *   - a grading run of every entity (samr-risk): SQLite with two reader threads and the writer, as the
 *     desk runs it; PostgreSQL serially, as the server runs it (its reader threads are SQLite's);
 *   - search: name fragments of 1–4 characters, code prefixes, punctuation (bench/search-queries.ts),
 *     median and p95 per kind against the target of ≤ 100 ms p95;
 *   - an import of 100,000 new rows (bench/entity-sheet.ts, another seed) through commitImport;
 *   - the quarterly report of the quarter the run falls in (buildQuarterlyReport).
 * The baseline of each PostgreSQL figure is the same step on SQLite in the same run (the ratio), and the
 * growth is each step's time at the largest size over its time at the smallest. Wall times; the load
 * average at each step's start is printed, since other work shares the two cores.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import pg from 'pg';
import { openAndMigrate } from '../electron/db/open.ts';
import { openAndMigratePg } from '../electron/db/postgres/pg-db.ts';
import { type DataDoor, isPg, script, sql, value } from '../electron/db/sql.ts';
import { buildQuarterlyReport } from '../electron/services/analysis/quarterly/report.ts';
import { writeDemoCounty } from '../electron/services/entities/demo-writer.ts';
import { searchEntities } from '../electron/services/entities/search.ts';
import { COUNTY_WIDE } from '../electron/services/users/entity-scope.ts';
import { commitImport } from '../electron/services/exchange/import-service.ts';
import { runGrading } from '../electron/services/grading/run-grading.ts';
import { entitySearchInputSchema } from '../shared/api/contract.ts';
import { DEMO_COUNTY } from '../shared/demo/index.ts';
import { copyDeskTables } from '../test/helpers/desk-to-pg.ts';
import { startPgCluster } from '../test/helpers/pg-cluster.ts';
import { writeEntitySheet } from './entity-sheet.ts';
import { median, p95, searchQueryKindsOf } from './search-queries.ts';

if (process.env.BENCH_SCALE !== '1') {
  console.log(
    'bureau scale bench: skipped (200,000 and 2,000,000 entities on both engines take about an hour; run with BENCH_SCALE=1 [BENCH_SCALE_SIZES=200000,2000000])',
  );
  process.exit(0);
}

const SIZES = (process.env.BENCH_SCALE_SIZES ?? '200000,2000000').split(',').map(Number);
const IMPORT_ROWS = Number(process.env.BENCH_SCALE_IMPORT ?? 100_000);
const AT = '2026-11-01T00:00:00.000Z';
const ADMIN = { username: 'bench', displayName: 'bench', role: 'admin' as const };
const GRADE = { modelId: 'samr-risk', modelVersion: null, asOf: '2026-10-31' };
const ENGINES = ['SQLite', 'PostgreSQL'] as const;
type Engine = (typeof ENGINES)[number];

const s1 = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
const ms0 = (ms: number) => `${ms.toFixed(0)} ms`;
const load = () => (loadavg()[0] ?? 0).toFixed(1);
function time<T>(f: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = f();
  return { ms: performance.now() - t, value };
}

/** Step → engine → size → milliseconds (searches: the p95 of the kind). */
const figures = new Map<string, Map<Engine, Map<number, number>>>();
function note(step: string, engine: Engine, size: number, ms: number, detail = ''): void {
  const byEngine = figures.get(step) ?? new Map<Engine, Map<number, number>>();
  const bySize = byEngine.get(engine) ?? new Map<number, number>();
  bySize.set(size, ms);
  byEngine.set(engine, bySize);
  figures.set(step, byEngine);
  console.log(`  ${engine} ${step}: ${ms < 1000 ? ms0(ms) : s1(ms)}${detail} (load ${load()})`);
}

function searches(db: DataDoor, engine: Engine, size: number): void {
  const kinds = searchQueryKindsOf(db);
  const ask = (q: string) =>
    time(() => searchEntities(db, entitySearchInputSchema.parse({ query: q }), COUNTY_WIDE)).ms;
  for (const [, qs] of kinds) qs.slice(0, 3).forEach(ask); // the same warm caches on both engines
  for (const [kind, qs] of kinds) {
    const xs = qs.map(ask);
    note(
      `search ${kind} (p95)`,
      engine,
      size,
      p95(xs),
      `; median ${median(xs).toFixed(1)} ms, worst ${Math.max(...xs).toFixed(0)} ms`,
    );
  }
}

async function createDatabase(adminUrl: string, name: string): Promise<string> {
  const client = new pg.Client(adminUrl);
  await client.connect();
  try {
    await client.query(`CREATE DATABASE ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

const dir = mkdtempSync(join(tmpdir(), 'creditdesk-bench-scale-'));
const cluster = await startPgCluster(['shared_buffers=512MB', 'work_mem=32MB', 'maintenance_work_mem=256MB']);
try {
  const sheet = join(dir, 'new-entities.xlsx');
  writeEntitySheet(sheet, IMPORT_ROWS, 'scale-import');
  for (const size of SIZES) {
    console.log(`\n${size.toLocaleString('en')} entities`);
    const dbPath = join(dir, `county-${size}.db`);
    const key = randomBytes(32);
    const desk = openAndMigrate(dbPath, key, { create: true });
    const built = time(() =>
      writeDemoCounty(desk, { entities: size, seed: 'scale', county: DEMO_COUNTY, actor: 'bench', at: AT }),
    );
    desk.pragma('wal_checkpoint(TRUNCATE)');
    const records = value<number>(desk, sql`SELECT count(*) FROM records`) ?? 0;
    const pgDb = openAndMigratePg(await createDatabase(cluster.url, `county_${size}`));
    const copied = time(() => copyDeskTables(desk, pgDb, undefined, { buildIndexesAfter: true }));
    script(pgDb, 'ANALYZE');
    console.log(
      `  built: ${records.toLocaleString('en')} records; the desk in ${s1(built.ms)}, copied to PostgreSQL in ${s1(copied.ms)}`,
    );
    const engines: [Engine, DataDoor][] = [
      ['SQLite', desk],
      ['PostgreSQL', pgDb],
    ];
    for (const [engine, db] of engines) {
      const graded = time(() =>
        isPg(db)
          ? runGrading(db, ADMIN, GRADE, AT)
          : runGrading(db, ADMIN, GRADE, AT, undefined, { dbPath, key, readers: 2 }),
      );
      note(
        'grading run',
        engine,
        size,
        graded.ms,
        `, ${graded.value.entityCount.toLocaleString('en')} graded`,
      );
      if (!isPg(db)) db.pragma('wal_checkpoint(TRUNCATE)');
      searches(db, engine, size);
      const imported = time(() =>
        commitImport(
          db,
          ADMIN,
          { file: { path: sheet, fileName: 'new-entities.xlsx' }, kind: 'entities' },
          AT,
        ),
      );
      note(
        `import ${IMPORT_ROWS.toLocaleString('en')} rows`,
        engine,
        size,
        imported.ms,
        ` ${JSON.stringify(imported.value.counts)}`,
      );
      const report = time(() => buildQuarterlyReport(db, { year: 2026, quarter: 4 }));
      note('quarterly report', engine, size, report.ms);
    }
    desk.close();
    pgDb.close();
    rmSync(dbPath, { force: true });
  }

  const [small, large] = [SIZES[0]!, SIZES.at(-1)!];
  console.log(
    `\n| step | ${SIZES.map((n) => ENGINES.map((e) => `${e} ${n.toLocaleString('en')}`).join(' | ')).join(' | ')} | PostgreSQL ÷ SQLite at ${large.toLocaleString('en')} | growth ${small.toLocaleString('en')} → ${large.toLocaleString('en')} (SQLite / PostgreSQL) |`,
  );
  console.log(`|---|${SIZES.map(() => '---|---|').join('')}---|---|`);
  for (const [step, byEngine] of figures) {
    const at = (e: Engine, n: number) => byEngine.get(e)?.get(n);
    const shown = (ms: number | undefined) => (ms === undefined ? '—' : ms < 1000 ? ms0(ms) : s1(ms));
    const ratio = (a?: number, b?: number) => (a !== undefined && b ? `${(a / b).toFixed(2)}×` : '—');
    console.log(
      `| ${step} | ${SIZES.map((n) => ENGINES.map((e) => shown(at(e, n))).join(' | ')).join(' | ')} | ` +
        `${ratio(at('PostgreSQL', large), at('SQLite', large))} | ` +
        `${ratio(at('SQLite', large), at('SQLite', small))} / ${ratio(at('PostgreSQL', large), at('PostgreSQL', small))} |`,
    );
  }
} finally {
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
