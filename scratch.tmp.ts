import { startPgCluster } from './test/helpers/pg-cluster.ts';
import { openAndMigratePg } from './electron/db/postgres/pg-db.ts';
import { all, run, sql, script } from './electron/db/sql.ts';
import { storeEntities } from './test/helpers/entities-testkit.ts';
import { DEMO_COUNTY, generateDemoCounty } from './shared/demo/index.ts';
import { planSearch, isCodePrefix } from './electron/services/entities/repository/search.ts';
import { searchEntities } from './electron/services/entities/search.ts';
import { entitySearchInputSchema } from './shared/api/contract.ts';
const N = Number(process.argv[2] ?? 5000);
const cluster = await startPgCluster();
const db = openAndMigratePg(cluster.url);
const ents = [...generateDemoCounty({ entities: N, seed: 'bench', county: DEMO_COUNTY, asOf: '2026-10-31' })].map(d=>d.entity);
storeEntities(db, ents);
script(db, 'ANALYZE');
const explain = (input: Record<string, unknown>) => {
  const i = entitySearchInputSchema.parse(input);
  let t = performance.now();
  const cp = isCodePrefix(db, i.query);
  console.log('isCodePrefix', cp, (performance.now()-t).toFixed(1));
  const plan = planSearch(db, i, cp);
  for (const q of [plan.count, sql`SELECT e.id FROM ${plan.from} ${plan.where} ORDER BY ${plan.order} LIMIT 100`]) {
    t = performance.now();
    const rows = all<Record<string,string>>(db, sql`EXPLAIN ANALYZE ${q}`);
    console.log(rows.map(r => Object.values(r)[0]).join('\n'), '\n--', (performance.now()-t).toFixed(1));
  }
  t = performance.now(); searchEntities(db, i); console.log('search', (performance.now()-t).toFixed(1));
};
const names = ents.slice(0, 200).map((e) => e.name);
for (const a of process.argv.slice(3)) explain({ query: a === 'N3' ? [...names[21]!].slice(3,6).join('') : a === 'C' ? ents[1]!.uscc!.slice(0,6) : a });
db.close(); cluster.stop();
