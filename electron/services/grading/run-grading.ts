/**
 * A grading run over the whole database (SPEC §5.1): every entity's credit file is read in id order,
 * graded with one compiled model, and stored with its breakdown — read and graded by reader threads
 * when the caller gives them the database's path and key (parallel/), else in this thread. Everything happens in one
 * transaction, so a cancelled or failed run leaves no trace; the run row is written first (status
 * 'running') and completed at the end, so its id is known to the results.
 */
import type { RunInfo } from '../../../shared/api/contracts/grading.ts';
import type { JobControl } from '../jobs.ts';
import type { DataDoor } from '../../db/sql.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { BreakdownEncoderV3, breakdownTexts } from './breakdown-texts.ts';
import { adoptRun, carryAdjustments } from './current-grades.ts';
import { evaluatorFor, findModel } from './model-store.ts';
import { getRunInfo } from './reads.ts';
import { countEntities } from './repository/credit-files.ts';
import { resultWriter } from './repository/results.ts';
import { adjustedResultCells, insertRunSummary } from './repository/run-summary.ts';
import { completeRun, insertRun, laterCompleteRunExists, lockRunInputs } from './repository/runs.ts';
import { desktopConnection, unitOfWorkOwnReferences } from './repository/unit-of-work.ts';
import { serialSource } from './graded-source.ts';
import { type ParallelReaders, parallelSource } from './parallel/parallel-source.ts';
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
  db: DataDoor,
  actor: Actor,
  req: RunRequest,
  at: string,
  job: JobControl = NO_JOB,
  /** Read and grade in reader threads (parallel/); without it, or for a small database, serially. */
  readers?: ParallelReaders,
): RunInfo {
  authorize(actor, 'grading.run');
  const { model } = findModel(db, req.modelId, req.modelVersion);
  const evaluate = evaluatorFor(model);
  const started = performance.now();
  const total = countEntities(db);
  job.progress(0, total, `正在按“${model.name}”评价`);

  // Every row the run writes references its own run row or an entity it read under its write lock
  // (adjustments carried, summaries, current grades: rows of this transaction too), so SQLite's
  // foreign-key lookups could only pass; without them the writer no longer reads the entities table
  // a second time (issue 18 item 1).
  const texts = breakdownTexts(model);
  const breakdowns = new BreakdownEncoderV3(texts);
  const runId = unitOfWorkOwnReferences(db, () => {
    lockRunInputs(db);
    const runId = insertRun(db, {
      modelId: model.id,
      modelVersion: model.version,
      asOf: req.asOf,
      createdBy: actor.username,
      createdAt: at,
      breakdownTexts: JSON.stringify(texts),
    });
    const results = resultWriter(db, runId);
    const summary = new RunSummaryTally();
    const distribution: Record<string, number> = {};
    for (const b of model.bands) distribution[b.grade] = 0;
    let graded = 0;
    let done = 0;
    // The first report comes after the first chunk (then every PROGRESS_MS), so even a run that takes
    // less than PROGRESS_MS shows it is under way and can be cancelled before it is saved.
    let lastReport = Number.NEGATIVE_INFINITY;
    const tick = () => {
      job.checkCancelled();
      const now = performance.now();
      if (now - lastReport >= PROGRESS_MS) {
        job.progress(done, total);
        lastReport = now;
      }
    };
    // Started inside the transaction: its write lock is held from insertRun on, so the readers'
    // connections see the records exactly as this one does for the whole run. The readers open SQLite
    // connections of their own: on PostgreSQL the run reads serially, a cursor page at a time.
    const desk = desktopConnection(db);
    const source =
      (readers && desk && parallelSource(desk, model, texts, req.asOf, summary, readers)) ??
      serialSource(db, evaluate, req.asOf, summary, breakdowns.encode);
    try {
      for (const c of source.chunks(tick)) {
        for (let i = 0; i < c.rows; i++) {
          const grade = c.grades[i] as string;
          const score = c.scores[i] as number;
          results.add({
            entityId: c.entityIds[i] as number,
            score: Number.isNaN(score) ? null : score,
            scoreGrade: c.scoreGrades[i] ?? null,
            grade,
            breakdown: c.breakdowns[i] as string,
          });
          distribution[grade] = (distribution[grade] ?? 0) + 1;
        }
        graded += c.rows;
        done += c.seen;
        tick();
      }
    } finally {
      source.close();
    }
    const skipped = done - graded;
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
