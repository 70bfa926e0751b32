/**
 * The Excel import on PostgreSQL against the same import on SQLite, in one process (issue 17): a
 * generated BENCH_ROWS-row (default 20,000), 20-column .xlsx of market entities committed into a fresh
 * encrypted SQLite file and into a fresh PostgreSQL database of a throwaway cluster (test/helpers/
 * pg-cluster.ts: loopback, durability off), then undone on both. Reported: wall and CPU of this process
 * (the PostgreSQL bridge's thread included), the PostgreSQL server backend's own CPU (from /proc), the
 * round trips and their time by statement, and a raw floor: the same rows' 20 values written with the
 * import's own set-based shape (INSERT … SELECT FROM json_to_recordset, 2,500 rows a statement) into a
 * bare table — what any set-based import of this sheet pays the server at least.
 * The SQLite path is the desk's (bulk-load.ts, deferred indexes, fts maintenance, the streamed read when
 * a core is spare); PostgreSQL runs the same services through the blocking bridge.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAndMigrate } from '../electron/db/open.ts';
import { openAndMigratePg, type PgDatabase } from '../electron/db/postgres/pg-db.ts';
import type { SqlValue } from '../electron/db/sql.ts';
import type { Actor } from '../electron/services/authz.ts';
import { ENTITY_COLUMNS } from '../electron/services/exchange/export/entity-columns.ts';
import { writeXlsx } from '../electron/services/exchange/export/xlsx-writer.ts';
import { commitImport } from '../electron/services/exchange/import-service.ts';
import { forgetStaged } from '../electron/services/exchange/import/staged-cache.ts';
import { readSpreadsheetFile } from '../electron/services/exchange/read/index.ts';
import { undoBatch } from '../electron/services/exchange/undo.ts';
import { DEMO_COUNTY, generateDemoCounty } from '../shared/demo/index.ts';
import { startPgCluster } from '../test/helpers/pg-cluster.ts';

const N = Number(process.env.BENCH_ROWS ?? 20_000);
const ACTOR: Actor = { username: 'bench', displayName: '基准测试', role: 'admin' };
const AT = '2026-11-01T00:00:00.000Z';
const EXTRA = ['许可证名称', '许可证编号', '许可批准日期', '有效期至'];

function makeFile(path: string): void {
  const columns = [...ENTITY_COLUMNS, ...EXTRA.map((header) => ({ header, value: () => null }))];
  let i = 0;
  function* rows() {
    for (const { entity } of generateDemoCounty({
      entities: N,
      seed: 'bench-exchange',
      county: DEMO_COUNTY,
      asOf: '2026-10-31',
    })) {
      i++;
      yield [
        ...ENTITY_COLUMNS.map((c) => c.value(entity)),
        '食品经营许可证',
        `JY1${String(330100 + (i % 900)).padStart(6, '0')}${String(i).padStart(7, '0')}`,
        '2021-06-29',
        i % 10 === 0 ? '9999-09-09' : '2026-06-28',
      ];
    }
  }
  writeXlsx(path, [{ name: '检查对象名录库', columns, rows: rows() }]);
}

interface Timed<T> {
  value: T;
  ms: number;
  cpuMs: number;
}

function timed<T>(f: () => T): Timed<T> {
  const t0 = performance.now();
  const c0 = process.cpuUsage();
  const value = f();
  const c = process.cpuUsage(c0);
  return { value, ms: Math.round(performance.now() - t0), cpuMs: Math.round((c.user + c.system) / 1000) };
}

/** CPU milliseconds a server process has used so far (/proc/<pid>/stat utime + stime, 100 ticks a second). */
function serverCpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

/** Round trips and their wall time by the statement's first words, counted on the bridge. */
function countTrips(db: PgDatabase) {
  const by = new Map<string, { n: number; ms: number }>();
  const c = db.connection as unknown as Record<string, (...a: unknown[]) => unknown>;
  const label = (text: unknown) =>
    String(text).replace(/\s+/g, ' ').trim().split(' ').slice(0, 3).join(' ').replace(/\(.*$/, '');
  const add = (key: string, ms: number) => {
    const e = by.get(key) ?? { n: 0, ms: 0 };
    e.n++;
    e.ms += ms;
    by.set(key, e);
  };
  for (const name of ['query', 'run', 'exec']) {
    const f = c[name]!.bind(c);
    c[name] = (...a: unknown[]) => {
      const t0 = performance.now();
      try {
        return f(...a);
      } finally {
        add(label(a[0]), performance.now() - t0);
      }
    };
  }
  const iterate = c.iterate!.bind(c);
  c.iterate = function* (...a: unknown[]) {
    const it = iterate(...a) as Iterator<unknown>;
    const key = `iterate: ${label(a[0])}`;
    for (;;) {
      const t0 = performance.now();
      const r = it.next();
      add(key, performance.now() - t0);
      if (r.done) return;
      yield r.value;
    }
  };
  return {
    report() {
      const rows = [...by.entries()].sort((a, b) => b[1].ms - a[1].ms);
      const total = rows.reduce((s, [, e]) => s + e.ms, 0);
      const trips = rows.reduce((s, [, e]) => s + e.n, 0);
      return {
        trips,
        ms: Math.round(total),
        top: rows.slice(0, 8).map(([k, e]) => `${k} ×${e.n} ${Math.round(e.ms)} ms`),
      };
    },
    reset: () => by.clear(),
  };
}

/** The floor: the rows' 20 values into a bare table, 2,500 rows per json_to_recordset statement. */
function pgFloor(db: PgDatabase, rows: readonly (readonly SqlValue[])[]): void {
  const cols = Array.from({ length: 20 }, (_, i) => `c${i}`);
  db.connection.exec(
    `CREATE TABLE bench_bare (id bigint GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, ${cols.map((c) => `${c} text`).join(', ')})`,
  );
  db.connection.transaction(() => {
    for (let i = 0; i < rows.length; i += 2500) {
      const part = rows
        .slice(i, i + 2500)
        .map((r) => Object.fromEntries(cols.map((c, j) => [c, r[j] == null ? null : String(r[j])])));
      db.connection.run(
        `INSERT INTO bench_bare (${cols.join(', ')}) SELECT ${cols.map((c) => `x.${c}`).join(', ')}
         FROM json_to_recordset(CAST($1 AS json)) AS x(${cols.map((c) => `${c} text`).join(', ')})`,
        [JSON.stringify(part)],
      );
    }
  });
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'creditdesk-bench-pg-'));
  const cluster = await startPgCluster();
  try {
    const file = join(dir, 'bench.xlsx');
    makeFile(file);
    const req = { file: { path: file, fileName: 'bench.xlsx' }, kind: 'entities' as const };

    const sqlite = openAndMigrate(join(dir, 'desk.db'), randomBytes(32), { create: true });
    forgetStaged(file);
    const sImport = timed(() => commitImport(sqlite, ACTOR, req, AT));
    const sUndo = timed(() => undoBatch(sqlite, ACTOR, sImport.value.batchId!, AT));
    sqlite.close();

    const pg = openAndMigratePg(cluster.url);
    const backend = Number(pg.connection.query<{ pid: number }>('SELECT pg_backend_pid() AS pid')[0]!.pid);
    const trips = countTrips(pg);
    forgetStaged(file);
    let server = serverCpuMs(backend);
    const pImport = timed(() => commitImport(pg, ACTOR, req, AT));
    const importServerCpu = serverCpuMs(backend) - server;
    const importTrips = trips.report();
    trips.reset();
    server = serverCpuMs(backend);
    const pUndo = timed(() => undoBatch(pg, ACTOR, pImport.value.batchId!, AT));
    const undoServerCpu = serverCpuMs(backend) - server;
    const undoTrips = trips.report();

    // The floor's rows: the sheet's cells as the import reads them (header row left out).
    const read = readSpreadsheetFile(file);
    if (!read.ok) throw new Error('the generated file did not read');
    const cells = read.sheets[0]!.rows.slice(1) as (readonly SqlValue[])[];
    server = serverCpuMs(backend);
    const floor = timed(() => pgFloor(pg, cells));
    const floorServerCpu = serverCpuMs(backend) - server;
    pg.close();

    console.log(
      JSON.stringify(
        {
          rows: N,
          counts: { sqlite: sImport.value.counts, postgres: pImport.value.counts },
          sqlite: {
            importMs: sImport.ms,
            importCpuMs: sImport.cpuMs,
            undoMs: sUndo.ms,
            undoCpuMs: sUndo.cpuMs,
          },
          postgres: {
            importMs: pImport.ms,
            importCpuMs: pImport.cpuMs,
            importServerCpuMs: importServerCpu,
            importRoundTrips: importTrips,
            undoMs: pUndo.ms,
            undoCpuMs: pUndo.cpuMs,
            undoServerCpuMs: undoServerCpu,
            undoRoundTrips: undoTrips,
          },
          floor: { ms: floor.ms, cpuMs: floor.cpuMs, serverCpuMs: floorServerCpu },
          ratios: {
            importWallPgToSqlite: +(pImport.ms / sImport.ms).toFixed(2),
            importCpuPgToSqlite: +(pImport.cpuMs / sImport.cpuMs).toFixed(2),
            undoWallPgToSqlite: +(pUndo.ms / sUndo.ms).toFixed(2),
            importWallPgToFloor: +(pImport.ms / floor.ms).toFixed(2),
          },
        },
        null,
        2,
      ),
    );
  } finally {
    cluster.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
