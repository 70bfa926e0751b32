/**
 * Foundation benchmark: build a demo county database and search it, each as a ratio to a raw baseline
 * measured in the same run on the same machine.
 *   - demo build vs raw: the same generated rows inserted with bare prepared statements into bare
 *     tables (no upsert lookup, no validation, no FTS or triggers) in an equally encrypted database.
 *   - search vs raw: our search (count + first page) vs a bare `name LIKE '%…%'` count, i.e. a full scan.
 * Size: BENCH_ENTITIES (default 100000).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAndMigrate, openDatabase } from '../electron/db/open.ts';
import { writeDemoCounty } from '../electron/services/demo-writer.ts';
import { searchEntities } from '../electron/services/entity-search.ts';
import { entitySearchInputSchema } from '../shared/api/contract.ts';
import { DEMO_COUNTY, generateDemoCounty } from '../shared/demo/index.ts';

const N = Number(process.env.BENCH_ENTITIES ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'creditdesk-bench-'));
const mib = (b: number) => Math.round(b / 1024 / 1024);

function time<T>(f: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = f();
  return { ms: performance.now() - t, value };
}

try {
  // Raw baseline.
  const raw = openDatabase(join(dir, 'raw.db'), randomBytes(32), { create: true });
  raw.exec(
    'CREATE TABLE e (id INTEGER PRIMARY KEY, uscc TEXT, name TEXT, data TEXT); CREATE TABLE r (e INTEGER, t TEXT, d TEXT, data TEXT)',
  );
  const insE = raw.prepare('INSERT INTO e (uscc, name, data) VALUES (?, ?, ?)');
  const insR = raw.prepare('INSERT INTO r VALUES (?, ?, ?, ?)');
  const rawRun = time(() =>
    raw.transaction(() => {
      for (const { entity, records } of generateDemoCounty({
        entities: N,
        seed: 'bench',
        county: DEMO_COUNTY,
        asOf: '2026-10-31',
      })) {
        const id = insE.run(entity.uscc, entity.name, JSON.stringify(entity)).lastInsertRowid;
        for (const r of records) insR.run(id, r.type, r.date, JSON.stringify(r));
      }
    })(),
  );
  raw.close();

  // The real path.
  const db = openAndMigrate(join(dir, 'real.db'), randomBytes(32), { create: true });
  const real = time(() =>
    writeDemoCounty(db, {
      entities: N,
      seed: 'bench',
      county: DEMO_COUNTY,
      actor: 'bench',
      at: '2026-11-01T00:00:00Z',
    }),
  );
  console.log(
    `demo build ${N} entities, ${real.value.recordsInserted} records: ${(real.ms / 1000).toFixed(2)} s; raw ${(rawRun.ms / 1000).toFixed(2)} s; ratio ${(real.ms / rawRun.ms).toFixed(2)}×`,
  );

  // Searches: fragments taken from real names in the table, plus code prefixes.
  const names = db.prepare('SELECT name FROM entities ORDER BY id LIMIT 200').pluck().all() as string[];
  // Fragments cut from real names: 1, 2, 3 and 4 characters (one character is the worst case: many matches to count).
  const fragments = [
    ...names.slice(60, 80).map((n) => [...n][3] ?? ''),
    ...names.slice(0, 20).map((n) => [...n].slice(3, 5).join('')),
    ...names.slice(20, 40).map((n) => [...n].slice(3, 6).join('')),
    ...names.slice(40, 60).map((n) => [...n].slice(2, 6).join('')),
  ];
  const codes = db.prepare('SELECT uscc FROM entities ORDER BY id LIMIT 20').pluck().all() as string[];
  const queries = [...fragments, ...codes.map((c) => c.slice(0, 10)), ...codes.map((c) => c.slice(0, 14))];
  const ours: number[] = [];
  const rawTimes: number[] = [];
  const countLike = db.prepare('SELECT count(*) FROM entities WHERE name LIKE ?').pluck();
  for (const q of queries) {
    const input = entitySearchInputSchema.parse({ query: q });
    ours.push(time(() => searchEntities(db, input)).ms);
    rawTimes.push(time(() => countLike.get(`%${q}%`)).ms);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
  const byLen = (len: number) =>
    fragments
      .map((f, i) => ({ f, i }))
      .filter((x) => [...x.f].length === len)
      .map((x) => ours[x.i]!);
  console.log(
    `search ${queries.length} queries: median ${median(ours).toFixed(1)} ms, p95 ${p95(ours).toFixed(1)} ms; ` +
      `raw LIKE scan median ${median(rawTimes).toFixed(1)} ms; ratio ${(median(ours) / median(rawTimes)).toFixed(2)}×`,
  );
  console.log(
    `  by fragment length: 1 char median ${median(byLen(1)).toFixed(1)} ms, 2 chars median ${median(byLen(2)).toFixed(1)} ms, 3 chars ${median(byLen(3)).toFixed(1)} ms, 4 chars ${median(byLen(4)).toFixed(1)} ms; ` +
      `code prefix median ${median(ours.slice(fragments.length)).toFixed(1)} ms`,
  );
  const slowest = queries
    .map((q, i) => ({ q, ms: ours[i]! }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, 5)
    .map((x) => `${x.q} ${x.ms.toFixed(0)} ms`);
  console.log(`  slowest: ${slowest.join('; ')}`);
  db.close();
} finally {
  rmSync(dir, { recursive: true, force: true });
}
console.log(`peak RSS ${mib(process.resourceUsage().maxRSS * 1024)} MiB`);
