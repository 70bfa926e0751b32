/**
 * Foundation benchmark: build a demo county database and search it, each as a ratio to a raw baseline
 * measured in the same run on the same machine.
 *   - demo build vs raw: the same generated rows inserted with bare prepared statements into bare
 *     tables (no upsert lookup, no validation, no FTS or triggers) in an equally encrypted database.
 *   - search, every kind of query (name fragments of 1–4 characters, code prefixes of 4–10 and 14
 *     characters, punctuation only): our search (count + first page), median per kind, as a ratio to a
 *     floor — one page of rows with the same columns read by primary key, no search and no count, the
 *     least any search that shows a page must do. A bare `name LIKE '%…%'` count (a full scan, what the
 *     search avoids) is printed for reference.
 * Size: BENCH_ENTITIES (default 100000).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAndMigrate, openDatabase } from '../electron/db/open.ts';
import { writeDemoCounty } from '../electron/services/entities/demo-writer.ts';
import { ROW_COLUMNS } from '../electron/services/entities/repository/entities.ts';
import { searchEntities } from '../electron/services/entities/search.ts';
import { COUNTY_WIDE } from '../electron/services/users/entity-scope.ts';
import { entitySearchInputSchema } from '../shared/api/contract.ts';
import { DEMO_COUNTY, generateDemoCounty } from '../shared/demo/index.ts';

const N = Number(process.env.BENCH_ENTITIES ?? 100_000);
const dir = mkdtempSync(join(tmpdir(), 'creditdesk-bench-'));
const mib = (b: number) => Math.round(b / 1024 / 1024);

/** Wall and CPU time of f (CPU of this process: the machine is shared, so wall alone misleads). */
function time<T>(f: () => T): { ms: number; cpuMs: number; value: T } {
  const c = process.cpuUsage();
  const t = performance.now();
  const value = f();
  const u = process.cpuUsage(c);
  return { ms: performance.now() - t, cpuMs: (u.user + u.system) / 1000, value };
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
    `demo build ${N} entities, ${real.value.recordsInserted} records: ${(real.ms / 1000).toFixed(2)} s wall, ${(real.cpuMs / 1000).toFixed(2)} s CPU; ` +
      `raw inserts ${(rawRun.ms / 1000).toFixed(2)} s wall, ${(rawRun.cpuMs / 1000).toFixed(2)} s CPU; ` +
      `ratio ${(real.ms / rawRun.ms).toFixed(2)}× wall, ${(real.cpuMs / rawRun.cpuMs).toFixed(2)}× CPU (issue 18: 1 M in ≤ 5 min)`,
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
  // Code prefixes of ≤ 10 characters match a large part of the county (the slow case before).
  const prefixes = codes.map((c, i) => c.slice(0, 4 + (i % 4) * 2));
  const punctuation = ['（', '）', '-', '·', '（）', ' - ', '、', '“”', '.', '/'];
  const queries = [...fragments, ...prefixes, ...codes.map((c) => c.slice(0, 14)), ...punctuation];
  const kindOf = (i: number) =>
    i < fragments.length
      ? `name ${[...fragments[i]!].length} char`
      : i < fragments.length + prefixes.length
        ? 'code prefix ≤ 10'
        : i < fragments.length + prefixes.length + codes.length
          ? 'code prefix 14'
          : 'punctuation only';
  const ours: number[] = [];
  const rawTimes: number[] = [];
  const floorTimes: number[] = [];
  const countLike = db.prepare('SELECT count(*) FROM entities WHERE name LIKE ?').pluck();
  const page = db.prepare(`SELECT ${ROW_COLUMNS} FROM entities e WHERE e.id > ? ORDER BY e.id LIMIT ?`);
  for (const [i, q] of queries.entries()) {
    const input = entitySearchInputSchema.parse({ query: q });
    ours.push(time(() => searchEntities(db, input, COUNTY_WIDE)).ms);
    floorTimes.push(time(() => page.all((i * 997) % N, input.limit)).ms);
    rawTimes.push(time(() => countLike.get(`%${q}%`)).ms);
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
  const p95 = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length * 0.95)]!;
  const floor = median(floorTimes);
  console.log(
    `search ${queries.length} queries: median ${median(ours).toFixed(1)} ms, p95 ${p95(ours).toFixed(1)} ms, max ${Math.max(...ours).toFixed(1)} ms; ` +
      `floor (one page by primary key) median ${floor.toFixed(1)} ms; ratio ${(median(ours) / floor).toFixed(2)}×; ` +
      `[LIKE scan median ${median(rawTimes).toFixed(1)} ms]`,
  );
  const kinds = [...new Set(queries.map((_, i) => kindOf(i)))];
  console.log(
    `  by kind (median / max ms, ratio of the median to the floor): ${kinds
      .map((k) => {
        const xs = ours.filter((_, i) => kindOf(i) === k);
        return `${k} ${median(xs).toFixed(1)} / ${Math.max(...xs).toFixed(1)} (${(median(xs) / floor).toFixed(1)}×)`;
      })
      .join('; ')}`,
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
