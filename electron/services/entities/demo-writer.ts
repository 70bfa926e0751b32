/**
 * Fills a database with a generated demo county. One transaction: the demo either appears whole or
 * not at all, and re-running the same seed upserts onto the same rows (nothing changes). Readers on
 * other connections are not held meanwhile (WAL: they read the last committed state); in the app the
 * demo runs in the job worker, so the backend thread stays free to answer them.
 *
 * Written like the import's fast path (issue 18 item 7): the name indexes are filled in one pass at the
 * end instead of by a trigger per row (the exchange area's deferEntityIndexing), records go in
 * multi-row statements, and the generated records — valid by construction — are stored without
 * being validated again; a larger page cache while it writes and, into empty tables, every secondary
 * index of entities and records built once at the end (repository/bulk-load.ts). The rows, their ids
 * and their stored text are those the per-row path wrote (demo-writer.test.ts).
 *
 * Progress: by entities while rows are written and while the name indexes fill; the index builds and
 * the commit are single native calls, so the caller may show a time-based estimate for them.
 */
import type { CountyProfile } from '../../../shared/domain/county.ts';
import { demoAnnualReportYears, generateDemoCounty } from '../../../shared/demo/index.ts';
import type { Db } from '../../db/open.ts';
import { appendAudit } from '../audit/log.ts';
import { coverAnnualReports } from '../grading/repository/coverage.ts';
import { recordNaturalKey } from '../../../shared/domain/records.ts';
import { deferEntityIndexing } from '../exchange/repository/deferred-index.ts';
import { inDemoBatch, setBatchCounts } from './repository/batches.ts';
import { deferBulkIndexes, withLargeCache, withoutCheckConstraints } from './repository/bulk-load.ts';
import { entityUpserter } from './repository/entities.ts';
import { recordBatchWriter } from './repository/record-batch.ts';
import { trustedRecordJson } from './record-data.ts';
import { emptyCounts, type UpsertCounts } from './store.ts';
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
  /**
   * Reports a time-based estimate, from another thread, of a step that blocks this one in a single
   * native call (the index builds, the commit); returns the function that stops it. Absent: none.
   */
  estimate?: (stage: string, expectedMs: number) => () => void;
}

/**
 * Expected length of the blocking steps after the row loop, as a share of the loop's own time
 * (measured at 20,000 and 100,000 entities: the builds took 0.2–0.3 of it, the commit with its
 * checkpoint 0.3–0.5). Only the estimate shown meanwhile depends on them.
 */
const BUILD_SHARE = 0.3;
const COMMIT_SHARE = 0.5;

const NO_ESTIMATE = () => () => {};

export function writeDemoCounty(db: Db, req: DemoRequest): UpsertCounts & { batchId: number } {
  const asOf = req.asOf ?? DEMO_AS_OF;
  return withLargeCache(db, () => {
    let stopCommit = () => {};
    try {
      return inDemoBatch(db, req.actor, req.at, (batchId) => {
        const { counts, loopMs } = writeDemo(db, req, asOf, batchId);
        // The commit writes every page the demo dirtied, then the WAL checkpoint copies them: seconds.
        stopCommit = (req.estimate ?? NO_ESTIMATE)('正在保存演示数据', loopMs * COMMIT_SHARE);
        return counts;
      });
    } finally {
      stopCommit();
    }
  });
}

function writeDemo(
  db: Db,
  req: DemoRequest,
  asOf: string,
  batchId: number,
): { counts: UpsertCounts & { batchId: number }; loopMs: number } {
  const started = performance.now();
  const deferred = deferEntityIndexing(db, batchId);
  const indexes = deferBulkIndexes(db);
  const entities = entityUpserter(db, {
    beforeUpdate: (row) => {
      if (row.batch_id === batchId) deferred?.indexNow(row.id);
    },
  });
  const records = recordBatchWriter(db, { source: 'demo', batchId, at: req.at });
  const counts = emptyCounts();
  let recordCount = 0;
  let done = 0;
  // Time-based: a thousand entities with their records can take longer than the UI's 500 ms on a busy PC.
  const report = req.job ? rowReporter(req.job, req.entities, 50) : () => {};
  // The generated rows are valid by construction; the tests run integrity_check over them.
  counts.recordsInserted = withoutCheckConstraints(db, () => {
    for (const { entity, records: generated } of generateDemoCounty({
      entities: req.entities,
      seed: req.seed,
      county: req.county,
      asOf,
    })) {
      const { id, outcome } = entities.upsert(entity, batchId, req.at);
      counts[outcome]++;
      for (const r of generated) {
        records.add({
          entityId: id,
          type: r.type,
          date: r.date,
          naturalKey: recordNaturalKey(r),
          data: trustedRecordJson(r),
        });
      }
      recordCount += generated.length;
      done++;
      report(done);
    }
    return records.flush();
  });
  counts.recordsUnchanged = recordCount - counts.recordsInserted;
  const loopMs = performance.now() - started;
  // The name indexes, in slices that each report (in entities, as the bar counts them).
  deferred?.finish((indexed, total) => {
    req.job?.checkCancelled();
    req.job?.progress(
      Math.floor((indexed / Math.max(1, total)) * req.entities),
      req.entities,
      '正在建立名称检索',
    );
  });
  if (indexes.count > 0) {
    const stop = (req.estimate ?? NO_ESTIMATE)('正在建立索引', loopMs * BUILD_SHARE);
    try {
      indexes.rebuild();
    } finally {
      stop();
    }
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
  return { counts: { ...counts, batchId }, loopMs };
}
