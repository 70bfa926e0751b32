/**
 * Entity search on both engines (issue 17 item 6): the same demo entities in an encrypted SQLite file
 * and in a throwaway PostgreSQL cluster, the same queries asked of both in this process, each engine's
 * median and p95 per kind of query as a ratio to its own floor — one page of rows with the same columns
 * read by primary key, no search and no count.
 *
 * Loading: the demo county's entities (generateDemoCounty, no records: the search reads none but their
 * count per row shown) go into SQLite through the store imports use and into PostgreSQL by multi-row
 * INSERT … SELECT FROM json_to_recordset (writeDemoCounty is SQLite-only, and one round trip per row
 * would take minutes), then ANALYZE, as autovacuum would do on a server.
 *
 * Then, on PostgreSQL only, the code prefixes again with btree indexes in text_pattern_ops on uscc and
 * reg_no (what a migration would add, see docs/bureau-server.md): LIKE 'prefix%' as a range scan.
 * Size: BENCH_ENTITIES (default 200000).
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAndMigrate } from '../electron/db/open.ts';
import { openAndMigratePg } from '../electron/db/postgres/pg-db.ts';
import { all, type DataDoor, script, sql } from '../electron/db/sql.ts';
import { ROW_COLUMNS } from '../electron/services/entities/repository/entities.ts';
import { searchEntities } from '../electron/services/entities/search.ts';
import { COUNTY_WIDE } from '../electron/services/users/entity-scope.ts';
import { entitySearchInputSchema } from '../shared/api/contract.ts';
import { DEMO_COUNTY, generateDemoCounty } from '../shared/demo/index.ts';
import { storeEntities } from '../test/helpers/entities-testkit.ts';
import { startPgCluster } from '../test/helpers/pg-cluster.ts';
import { median, p95, searchQueryKinds } from './search-queries.ts';

const N = Number(process.env.BENCH_ENTITIES ?? 200_000);
const dir = mkdtempSync(join(tmpdir(), 'creditdesk-bench-'));
const cluster = await startPgCluster();

const seconds = (ms: number) => `${(ms / 1000).toFixed(1)} s`;
function time<T>(f: () => T): { ms: number; value: T } {
  const t = performance.now();
  const value = f();
  return { ms: performance.now() - t, value };
}

try {
  const entities = [
    ...generateDemoCounty({ entities: N, seed: 'bench', county: DEMO_COUNTY, asOf: '2026-10-31' }),
  ].map((d) => d.entity);
  const lite = openAndMigrate(join(dir, 'search.db'), randomBytes(32), { create: true });
  const pg = openAndMigratePg(cluster.url);
  console.log(
    `load ${N} entities: SQLite ${seconds(time(() => storeEntities(lite, entities)).ms)}, ` +
      `PostgreSQL ${seconds(time(() => storeEntities(pg, entities)).ms)} (+ ANALYZE ${seconds(time(() => script(pg, 'ANALYZE')).ms)})`,
  );

  const kinds = searchQueryKinds(entities);

  const floorOf = (db: DataDoor) => {
    const xs: number[] = [];
    for (let i = 0; i < 40; i++) {
      const from = (i * 4999) % N;
      xs.push(
        time(() =>
          all(
            db,
            sql`SELECT ${sql.raw(ROW_COLUMNS)} FROM entities e WHERE e.id > ${from} ORDER BY e.id LIMIT 100`,
          ),
        ).ms,
      );
    }
    return median(xs);
  };
  const measure = (db: DataDoor, queries: string[]) =>
    queries.map(
      (query) => time(() => searchEntities(db, entitySearchInputSchema.parse({ query }), COUNTY_WIDE)).ms,
    );

  const engines: [string, DataDoor][] = [
    ['SQLite', lite],
    ['PostgreSQL', pg],
  ];
  for (const [engine, db] of engines) {
    measure(
      db,
      kinds.flatMap(([, qs]) => qs.slice(0, 3)),
    ); // warm the caches alike
    const floor = floorOf(db);
    const all: number[] = [];
    const parts = kinds.map(([kind, qs]) => {
      const xs = measure(db, qs);
      all.push(...xs);
      return `${kind} ${median(xs).toFixed(1)} / ${p95(xs).toFixed(1)} (${(median(xs) / floor).toFixed(1)}×)`;
    });
    console.log(
      `${engine}: all ${all.length} queries median ${median(all).toFixed(1)} ms, p95 ${p95(all).toFixed(1)} ms; ` +
        `floor (one page by primary key) ${floor.toFixed(2)} ms`,
    );
    console.log(`  by kind (median / p95 ms, median ÷ floor): ${parts.join('; ')}`);
  }

  // Code prefixes with the btree indexes a migration would add.
  script(
    pg,
    `CREATE INDEX bench_uscc_prefix ON entities (uscc text_pattern_ops);
     CREATE INDEX bench_reg_no_prefix ON entities (reg_no text_pattern_ops); ANALYZE entities`,
  );
  const withIndex = kinds
    .filter(([k]) => k.startsWith('code'))
    .map(([kind, qs]) => {
      const xs = measure(pg, qs);
      return `${kind} ${median(xs).toFixed(1)} / ${p95(xs).toFixed(1)}`;
    });
  console.log(`PostgreSQL with text_pattern_ops indexes on uscc, reg_no: ${withIndex.join('; ')}`);
  lite.close();
  pg.close();
} finally {
  cluster.stop();
  rmSync(dir, { recursive: true, force: true });
}
