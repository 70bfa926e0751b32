/**
 * A grading run over the whole database (SPEC §5.1): every entity's credit file is read in id order,
 * graded with one compiled model, and stored with its breakdown. Everything happens in one
 * transaction, so a cancelled or failed run leaves no trace; the run row is written first (status
 * 'running') and completed at the end, so its id is known to the results.
 */
import type { RunInfo } from '../../../shared/api/contracts/grading.ts';
import type { JobControl } from '../jobs.ts';
import type { Db } from '../../db/open.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { adoptRun, carryAdjustments } from './current-grades.ts';
import { evaluatorFor, findModel } from './model-store.ts';
import { getRunInfo } from './reads.ts';
import { countEntities, streamCreditFiles } from './repository/credit-files.ts';
import { ResultWriter } from './repository/results.ts';
import { adjustedResultCells, insertRunSummary } from './repository/run-summary.ts';
import { completeRun, insertRun, laterCompleteRunExists } from './repository/runs.ts';
import { unitOfWork } from './repository/unit-of-work.ts';
import { encodeBreakdown } from './result-codec.ts';
import { RunSummaryTally } from './run-summary-tally.ts';

export interface RunRequest {
  modelId: string;
  modelVersion: string | null;
  asOf: string;
}

const NO_JOB: JobControl = { progress() {}, checkCancelled() {} };

/** How often progress is reported: well inside the 500 ms the UI needs. */
const PROGRESS_MS = 200;

export function runGrading(
  db: Db,
  actor: Actor,
  req: RunRequest,
  at: string,
  job: JobControl = NO_JOB,
): RunInfo {
  authorize(actor, 'grading.run');
  const { model } = findModel(db, req.modelId, req.modelVersion);
  const evaluate = evaluatorFor(model);
  const started = performance.now();
  const total = countEntities(db);
  job.progress(0, total, `正在按“${model.name}”评价`);

  const runId = unitOfWork(db, () => {
    const runId = insertRun(db, {
      modelId: model.id,
      modelVersion: model.version,
      asOf: req.asOf,
      createdBy: actor.username,
      createdAt: at,
    });
    const results = new ResultWriter(db, runId);
    const summary = new RunSummaryTally();
    const distribution: Record<string, number> = {};
    for (const b of model.bands) distribution[b.grade] = 0;
    let graded = 0;
    let skipped = 0;
    let done = 0;
    // The first report comes after the first 256 entities (then every PROGRESS_MS), so even a run that
    // takes less than PROGRESS_MS shows it is under way and can be cancelled before it is saved.
    let lastReport = Number.NEGATIVE_INFINITY;
    for (const { file, cell } of streamCreditFiles(db)) {
      const r = evaluate(file, req.asOf);
      if (r.grade === null) skipped++;
      else {
        results.add({
          entityId: file.entityId,
          score: r.score,
          scoreGrade: r.scoreGrade,
          grade: r.grade,
          breakdown: encodeBreakdown(r),
        });
        distribution[r.grade] = (distribution[r.grade] ?? 0) + 1;
        summary.add(cell, file.entity.kind, r.grade);
        graded++;
      }
      done++;
      if ((done & 255) === 0) {
        job.checkCancelled();
        const now = performance.now();
        if (now - lastReport >= PROGRESS_MS) {
          job.progress(done, total);
          lastReport = now;
        }
      }
    }
    results.flush();
    job.checkCancelled();
    job.progress(done, total, '正在保存评价结果');
    const carried = carryAdjustments(db, runId, model.id, at);
    // A run feeds the current grades unless a run of the same model with a later as-of date exists.
    if (!laterCompleteRunExists(db, { modelId: model.id, exceptRunId: runId, asOf: req.asOf })) {
      adoptRun(db, model.id);
    }
    // The analysis views read these counts instead of grouping every result (issue 14 item 3); they
    // count the class in force, so the adjustments just carried move their entities.
    for (const a of adjustedResultCells(db, runId)) summary.move(a, a.kind, a.computed, a.toGrade);
    insertRunSummary(db, runId, summary.rows());
    const tookMs = Math.round(performance.now() - started);
    completeRun(db, runId, {
      finishedAt: at,
      entityCount: graded,
      skippedCount: skipped,
      distribution,
      tookMs,
    });
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'grading.run',
      target: `run:${runId}`,
      detail: {
        model: model.id,
        version: model.version,
        asOf: req.asOf,
        graded,
        skipped,
        distribution,
        carriedAdjustments: carried,
      },
    });
    return runId;
  });
  return getRunInfo(db, runId);
}
