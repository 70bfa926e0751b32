/**
 * Fills a database with a generated demo county. One transaction: the demo either appears whole or
 * not at all, and re-running the same seed upserts onto the same rows (nothing changes).
 */
import type { CountyProfile } from '../../../shared/domain/county.ts';
import { demoAnnualReportYears, generateDemoCounty } from '../../../shared/demo/index.ts';
import type { Db } from '../../db/open.ts';
import { appendAudit } from '../audit/log.ts';
import { coverAnnualReports } from '../grading/repository/coverage.ts';
import { inDemoBatch, setBatchCounts } from './repository/batches.ts';
import { createEntityStore, emptyCounts, type UpsertCounts } from './store.ts';
import { type JobControl, rowReporter } from '../jobs.ts';

/** Fixed so that a seed alone determines the data (SPEC: deterministic for a seed). */
export const DEMO_AS_OF = '2026-10-31';

export interface DemoRequest {
  entities: number;
  seed: string;
  county: CountyProfile;
  asOf?: string;
  actor: string;
  at: string;
  /** Told the progress every 200 ms or so (checked every 50 entities); a cancel rolls the whole demo back. */
  job?: JobControl;
}

export function writeDemoCounty(db: Db, req: DemoRequest): UpsertCounts & { batchId: number } {
  const asOf = req.asOf ?? DEMO_AS_OF;
  return inDemoBatch(db, req.actor, req.at, (batchId) => {
    const store = createEntityStore(db);
    const counts = emptyCounts();
    let done = 0;
    // Time-based: a thousand entities with their records can take longer than the UI's 500 ms on a busy PC.
    const report = req.job ? rowReporter(req.job, req.entities, 50) : () => {};
    for (const { entity, records } of generateDemoCounty({
      entities: req.entities,
      seed: req.seed,
      county: req.county,
      asOf,
    })) {
      store.upsert(entity, records, { batchId, source: 'demo', at: req.at }, counts);
      done++;
      report(done);
    }
    setBatchCounts(db, batchId, counts);
    // The demo loads every report year of the kinds that file annual reports (see demoAnnualReportYears).
    for (const { kind, years } of demoAnnualReportYears(asOf)) coverAnnualReports(db, batchId, [kind], years);
    appendAudit(db, {
      at: req.at,
      actor: req.actor,
      action: 'demo.generate',
      target: `batch:${batchId}`,
      detail: { entities: req.entities, seed: req.seed, asOf, ...counts },
    });
    return { ...counts, batchId };
  });
}
