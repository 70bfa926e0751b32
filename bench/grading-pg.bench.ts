/**
 * A whole-database grading run on PostgreSQL beside the same run on SQLite, in one process (issue 17):
 * BENCH_ENTITIES (default 20,000) demo entities written by writeDemoCounty on a desk, copied table by
 * table into a throwaway cluster, then graded with samr-risk on each engine.
 *   - PostgreSQL runs the serial path (the reader threads open SQLite connections of their own): the
 *     entities through one cursor, each block's records in one statement, results written 2,000 rows per
 *     INSERT … SELECT FROM json_to_recordset, all in one transaction.
 *   - raw floor on PostgreSQL, measured in the same run: the same rows read through one cursor over
 *     entities ⋈ records (5,000 rows a page), records parsed, the same compiled evaluator, one plain
 *     (entity, grade) row per graded entity written 5,000 per statement into a bare table, one transaction.
 *   - SQLite: the serial run, and with 2 reader threads, as regrade.bench.ts times them.
 * CPU: this process (every thread, the PostgreSQL bridge's included) and, for PostgreSQL, the server
 * backend serving the connection (from /proc), since its work happens outside this process.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAndMigrate } from '../electron/db/open.ts';
import { openAndMigratePg } from '../electron/db/postgres/pg-db.ts';
import { iterate, type PgDb, run, sql, unitOfWork, value } from '../electron/db/sql.ts';
import { writeDemoCounty } from '../electron/services/entities/demo-writer.ts';
import { evaluatorFor, findModel } from '../electron/services/grading/model-store.ts';
import { annualReportCoverage } from '../electron/services/grading/repository/coverage.ts';
import { runGrading } from '../electron/services/grading/run-grading.ts';
import { DEMO_COUNTY } from '../shared/demo/index.ts';
import type { CreditFile, GradingRecord } from '../shared/grading/types.ts';
import { copyDeskTables } from '../test/helpers/desk-to-pg.ts';
import { startPgCluster } from '../test/helpers/pg-cluster.ts';

const N = Number(process.env.BENCH_ENTITIES ?? 20_000);
const AT = '2026-11-01T00:00:00.000Z';
const AS_OF = '2026-10-31';
const ADMIN = { username: 'bench', displayName: 'bench', role: 'admin' as const };
const REQ = { modelId: 'samr-risk', modelVersion: null, asOf: AS_OF };
const sec = (ms: number) => (ms / 1000).toFixed(2);

/** CPU milliseconds a process has used (user + system), from /proc; 0 where it cannot be read. */
function procCpuMs(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    // Fields 14 and 15 of stat (utime, stime), counted from the state field (3) here.
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / 100;
  } catch {
    return 0;
  }
}

interface Timing {
  ms: number;
  cpuMs: number;
  serverCpuMs: number;
}

function time(f: () => void, serverPid = 0): Timing {
  const c = process.cpuUsage();
  const s = serverPid ? procCpuMs(serverPid) : 0;
  const t = performance.now();
  f();
  const u = process.cpuUsage(c);
  return {
    ms: performance.now() - t,
    cpuMs: (u.user + u.system) / 1000,
    serverCpuMs: serverPid ? procCpuMs(serverPid) - s : 0,
  };
}

const show = (label: string, t: Timing, floor?: Timing) =>
  console.log(
    `${label}: ${sec(t.ms)} s wall, ${sec(t.cpuMs)} s CPU here` +
      (t.serverCpuMs ? ` + ${sec(t.serverCpuMs)} s server` : '') +
      (floor
        ? `; vs raw ${(t.ms / floor.ms).toFixed(2)}× wall, ` +
          `${((t.cpuMs + t.serverCpuMs) / (floor.cpuMs + floor.serverCpuMs)).toFixed(2)}× CPU`
        : ''),
  );

type JoinRow = {
  id: number;
  kind: CreditFile['entity']['kind'];
  status: CreditFile['entity']['status'];
  establishedOn: string | null;
  rid: number | null;
  type: string;
  date: string;
  data: string;
};

/** The raw floor on PostgreSQL (see the header). */
function rawPg(pg: PgDb): number {
  run(pg, sql`CREATE TABLE IF NOT EXISTS raw_results (entity_id bigint, grade text)`);
  const evaluate = evaluatorFor(findModel(pg, 'samr-risk', null).model);
  const coverage = annualReportCoverage(pg);
  return unitOfWork(pg, () => {
    let rows: { e: number; g: string }[] = [];
    const flush = () => {
      if (rows.length === 0) return;
      run(
        pg,
        sql`INSERT INTO raw_results SELECT x.e, x.g FROM json_to_recordset(CAST(${JSON.stringify(rows)} AS json))
              AS x(e bigint, g text)`,
      );
      rows = [];
    };
    let files = 0;
    const grade = (file: CreditFile | null) => {
      if (!file) return;
      files++;
      const r = evaluate(file, AS_OF);
      if (r.grade !== null) rows.push({ e: Number(file.id), g: r.grade });
      if (rows.length === 5000) flush();
    };
    let file: (CreditFile & { records: GradingRecord[] }) | null = null;
    for (const r of iterate<JoinRow>(
      pg,
      sql`SELECT e.id, e.kind, e.status, e.established_on AS "establishedOn", r.id AS rid, r.type, r.date, r.data
          FROM entities e LEFT JOIN records r ON r.entity_id = e.id ORDER BY e.id, r.date COLLATE "C", r.id`,
    )) {
      if (file === null || Number(file.id) !== r.id) {
        grade(file);
        file = {
          id: String(r.id),
          entity: { kind: r.kind, status: r.status, establishedOn: r.establishedOn },
          records: [],
          coverage: coverage[r.kind] ?? null,
        };
      }
      if (r.rid !== null) {
        const rec = JSON.parse(r.data) as Record<string, unknown>;
        rec.type = r.type;
        rec.date = r.date;
        rec.id = r.rid;
        file.records.push(rec as GradingRecord);
      }
    }
    grade(file);
    flush();
    return files;
  });
}

const dir = mkdtempSync(join(tmpdir(), 'creditdesk-bench-pg-'));
const cluster = await startPgCluster();
try {
  const dbPath = join(dir, 'g.db');
  const key = randomBytes(32);
  const desk = openAndMigrate(dbPath, key, { create: true });
  writeDemoCounty(desk, { entities: N, seed: 'bench', county: DEMO_COUNTY, actor: 'bench', at: AT });
  desk.pragma('wal_checkpoint(TRUNCATE)');
  const pg = openAndMigratePg(cluster.url);
  const copy = time(() => copyDeskTables(desk, pg));
  run(pg, sql`ANALYZE`);
  const records = value<number>(pg, sql`SELECT count(*) FROM records`) ?? 0;
  console.log(`${N} demo entities, ${records} records; copied to PostgreSQL in ${sec(copy.ms)} s`);
  const serverPid = value<number>(pg, sql`SELECT pg_backend_pid()`) ?? 0;

  const floor = time(() => rawPg(pg), serverPid);
  show(
    'PostgreSQL raw floor (cursor read, parse, evaluate, one plain row per entity set-based, commit)',
    floor,
  );
  let graded = 0;
  const onPg = time(() => {
    graded = runGrading(pg, ADMIN, REQ, AT).entityCount;
  }, serverPid);
  show(`PostgreSQL full run, serial (${graded} graded)`, onPg, floor);

  const serial = time(() => runGrading(desk, ADMIN, REQ, AT));
  show('SQLite full run, serial (same process)', serial);
  desk.pragma('wal_checkpoint(TRUNCATE)');
  const parallel = time(() => runGrading(desk, ADMIN, REQ, AT, undefined, { dbPath, key, readers: 2 }));
  show('SQLite full run, 2 reader threads + writer', parallel);
  console.log(
    `PostgreSQL / SQLite serial: ${(onPg.ms / serial.ms).toFixed(2)}× wall, ` +
      `${((onPg.cpuMs + onPg.serverCpuMs) / serial.cpuMs).toFixed(2)}× CPU (server included); ` +
      `load ${loadavg()[0]?.toFixed(1)}`,
  );
  pg.close();
  desk.close();
} finally {
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
