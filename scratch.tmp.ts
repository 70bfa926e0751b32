import { startPgCluster } from './test/helpers/pg-cluster.ts';
import { openAndMigratePg } from './electron/db/postgres/pg-db.ts';
import { all, run, sql } from './electron/db/sql.ts';
import { storeEntities } from './test/helpers/entities-testkit.ts';
import { DEMO_COUNTY, generateDemoCounty } from './shared/demo/index.ts';
import { planSearch, isCodePrefix } from './electron/services/entities/repository/search.ts';
import { entitySearchInputSchema } from './shared/api/contract.ts';
const cluster = await startPgCluster();
const db = openAndMigratePg(cluster.url);
storeEntities(db, [...generateDemoCounty({ entities: 10500, seed: 'compare', county: DEMO_COUNTY, asOf: '2026-10-31' })].map(d=>d.entity));
for (const id of [1,2]) {
run(db, sql`INSERT INTO grading_runs (id, model_id, model_version, as_of, created_by, created_at, status) VALUES (${id}, 'samr-risk', '1', '2026-10-31', 'test', '2026-10-31T00:00:00Z', 'complete')`);
run(db, sql`INSERT INTO grading_results (run_id, entity_id, grade, breakdown) SELECT ${id}, id, CASE (id + ${id}) % 4 WHEN 0 THEN 'A' WHEN 1 THEN 'B' WHEN 2 THEN 'C' ELSE 'D' END, '{}' FROM entities`);
}
run(db, sql`INSERT INTO grading_adjustments (run_id, entity_id, from_grade, to_grade, reason, adjusted_by, adjusted_at) SELECT 1, id, 'B', 'D', 'x', 'test', '2026-11-01T00:00:00Z' FROM entities WHERE id % 7 = 0`);
const explain = (input: Record<string, unknown>) => {
  const i = entitySearchInputSchema.parse(input);
  const plan = planSearch(db, i, isCodePrefix(db, i.query));
  for (const q of [plan.count, sql`SELECT e.id FROM ${plan.from} ${plan.where} ORDER BY ${plan.order} LIMIT 100`]) {
    const t = performance.now();
    const rows = all<Record<string,string>>(db, sql`EXPLAIN ANALYZE ${q}`);
    console.log(rows.map(r => Object.values(r)[0]).join('\n'), '\n--', (performance.now()-t).toFixed(1));
  }
};
explain({ query: '·', run: { runId: 1, classes: ['D'] } });
if (process.argv[2]==='analyze') { run(db, sql`ANALYZE`); explain({ query: '·', run: { runId: 1, classes: ['D'] } }); }
db.close(); cluster.stop();
