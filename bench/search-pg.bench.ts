/**
 * Entity search on a bureau server's database as it stands (issue 17 item 6): every kind of query of
 * bench/search-queries.ts asked through searchEntities against an existing PostgreSQL county, twice
 * (the second pass warm), each kind's median and p95 against a floor measured in the same run: one page
 * of the list's columns read by primary key at a random place, no search and no count — what any list
 * screen costs. The scale bench (bureau-scale.bench.ts) builds its counties and throws them away after
 * about 35 minutes; this one measures a county that is kept, e.g. one copied in with
 * `creditdesk server import-desk`.
 *
 * Run: BENCH_PG_URL=postgres://… node_modules/.bin/node bench/search-pg.bench.ts
 * (migrates the database to this release first, as `creditdesk serve` would).
 */
import { loadavg } from 'node:os';
import { openAndMigratePg } from '../electron/db/postgres/pg-db.ts';
import { all, sql, value } from '../electron/db/sql.ts';
import { ROW_COLUMNS } from '../electron/services/entities/repository/entities.ts';
import { searchEntities } from '../electron/services/entities/search.ts';
import { COUNTY_WIDE } from '../electron/services/users/entity-scope.ts';
import { entitySearchInputSchema } from '../shared/api/contract.ts';
import { median, p95, searchQueryKindsOf } from './search-queries.ts';

const URL = process.env.BENCH_PG_URL;
if (!URL) {
  console.log('skipped: set BENCH_PG_URL=postgres://… to a county database to measure');
  process.exit(0);
}
const db = openAndMigratePg(URL);
const entities = value<number>(db, sql`SELECT count(*) FROM entities`) ?? 0;
const maxId = value<number>(db, sql`SELECT max(id) FROM entities`) ?? 0;
console.log(`${entities.toLocaleString('en')} entities; load ${loadavg()[0]?.toFixed(1)}`);

const timed = (f: () => unknown): number => {
  const t = performance.now();
  f();
  return performance.now() - t;
};
const floor = () =>
  timed(() => {
    const from = Math.floor(Math.random() * Math.max(1, maxId - 50));
    all(db, sql`SELECT ${sql.raw(ROW_COLUMNS)} FROM entities e WHERE e.id > ${from} ORDER BY e.id LIMIT 50`);
  });
const kinds = searchQueryKindsOf(db);
const ask = (query: string) =>
  timed(() => searchEntities(db, entitySearchInputSchema.parse({ query }), COUNTY_WIDE));

for (const pass of ['first pass', 'second pass (warm)']) {
  const floors = Array.from({ length: 40 }, floor);
  const f = median(floors);
  console.log(
    `\n${pass}: floor (a page by primary key) median ${f.toFixed(1)} ms, p95 ${p95(floors).toFixed(1)} ms`,
  );
  for (const [kind, queries] of kinds) {
    const xs = queries.map(ask);
    const ratio = (x: number) => `${(x / f).toFixed(0)}×`;
    console.log(
      `  ${kind.padEnd(18)} p95 ${p95(xs).toFixed(0).padStart(4)} ms (${ratio(p95(xs))}), median ${median(xs).toFixed(0)} ms, worst ${Math.max(...xs).toFixed(0)} ms; load ${loadavg()[0]?.toFixed(1)}`,
    );
  }
}
db.close();
