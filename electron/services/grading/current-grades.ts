/**
 * Each entity's current grade per model. The model's latest complete run (largest as-of, then id) is
 * its *basis*; an entity's current grade is its row in `current_grades` for that basis when it was
 * re-graded since (its records changed), else its result in the basis run. So a run writes nothing
 * here but removes the model's re-grade rows, and a re-grade writes one row.
 *
 * Rules (docs/grading-runs.md):
 * - A run becomes the basis unless a run of the model with a later as-of exists.
 * - A manual adjustment stays in force while the computed grade it overrode stays the same: a re-grade
 *   keeps it, every new run of the model (basis or history) carries it over (a new adjustment row with
 *   `carried_from`); once the computed grade changes, it lapses.
 * - A re-grade uses the basis run's model version and as-of the later of that run's as-of and the day
 *   of the change, so the current grade reflects the records as they are now.
 */
import { localIsoDate } from '../../../shared/dates/iso-date.ts';
import type { DataDoor } from '../../db/sql.ts';
import { evaluatorFor, findModel } from './model-store.ts';
import {
  carryAdjustmentsInForce,
  findAdjustment,
  latestAdjustmentOf,
  type StoredAdjustment,
} from './repository/adjustments.ts';
import { annualReportCoverage } from './repository/coverage.ts';
import { readCreditFiles } from './repository/credit-files.ts';
import {
  dropRegrades,
  type RegradeRow,
  type RegradeState,
  regradeRow,
  regradeStates,
  saveRegrades,
} from './repository/current-grades.ts';
import { resultOf } from './repository/results.ts';
import { type BasisRun, completeRunsLatestFirst } from './repository/runs.ts';
import { encodeBreakdown } from './result-codec.ts';

export type { BasisRun } from './repository/runs.ts';

/** An entity's current grade for one model. */
export interface CurrentGrade {
  basis: BasisRun;
  /** 'regrade': re-graded since the basis run; 'run': the basis run's result. */
  source: 'regrade' | 'run';
  asOf: string;
  score: number | null;
  scoreGrade: string | null;
  grade: string;
  breakdown: string;
  updatedAt: string;
  /** The adjustment in force (its toGrade differs from `grade`), or null. */
  adjustment: StoredAdjustment | null;
  /** Whether the basis run has a result for the entity (an adjustment attaches to it). */
  inRun: boolean;
}

/** The basis run of each model that has a complete run. */
export function basisRuns(db: DataDoor): BasisRun[] {
  const seen = new Set<string>();
  const out: BasisRun[] = [];
  for (const r of completeRunsLatestFirst(db)) {
    if (seen.has(r.modelId)) continue;
    seen.add(r.modelId);
    out.push(r);
  }
  return out;
}

/** The entity's current grade under one basis run, or null when it has none (not graded). */
export function currentGrade(db: DataDoor, basis: BasisRun, entityId: number): CurrentGrade | null {
  const result = resultOf(db, basis.id, entityId);
  const cg = regradeRow(db, basis.modelId, entityId, basis.id);
  if (cg) {
    if (cg.grade === null || cg.breakdown === null) return null;
    const adjustment = cg.adjustmentId === null ? null : (findAdjustment(db, cg.adjustmentId) ?? null);
    return {
      basis,
      source: 'regrade',
      asOf: cg.asOf,
      score: cg.score,
      scoreGrade: cg.scoreGrade,
      grade: cg.grade,
      breakdown: cg.breakdown,
      updatedAt: cg.updatedAt,
      adjustment: adjustment && adjustment.toGrade !== cg.grade ? adjustment : null,
      inRun: result !== undefined,
    };
  }
  if (!result) return null;
  const latest = latestAdjustmentOf(db, basis.id, entityId);
  return {
    basis,
    source: 'run',
    asOf: basis.asOf,
    score: result.score,
    scoreGrade: result.scoreGrade,
    grade: result.grade,
    breakdown: result.breakdown,
    updatedAt: basis.finishedAt ?? basis.createdAt,
    adjustment: latest && latest.toGrade !== result.grade ? latest : null,
    inRun: true,
  };
}

/**
 * Carries the adjustments in force into a just-written run (still 'running', inside its transaction) of
 * the same model, wherever its computed grade is the one the adjustment overrode: an adjustment lapses
 * only when the computed result changes, whatever the new run's as-of date (a run with an earlier as-of
 * is compared with the basis too, so it must show the grade in force). Returns how many were carried.
 */
export function carryAdjustments(db: DataDoor, runId: number, modelId: string, at: string): number {
  const previous = basisRuns(db).find((b) => b.modelId === modelId);
  if (!previous) return 0;
  return carryAdjustmentsInForce(db, { runId, previousRunId: previous.id, modelId, at });
}

/**
 * Makes a just-written run the basis of its model: drops the re-grade rows of the previous basis (call
 * carryAdjustments first, which reads them).
 */
export function adoptRun(db: DataDoor, modelId: string): void {
  dropRegrades(db, modelId);
}

/** How often a long re-grade tells its caller how far it is (well within a progress bar's 500 ms). */
const PROGRESS_EVERY_MS = 200;

/**
 * Entities re-graded together: their files, states and rows are read and written a block at a time, so
 * on PostgreSQL an import's tens of thousands of entities take a few statements per block, not several
 * per entity. On SQLite each entity still costs the same few prepared statements it always did.
 */
const REGRADE_BLOCK = 500;

/** Re-grades these entities with every model that has a basis run. Call inside the caller's transaction. */
export function regradeEntities(
  db: DataDoor,
  entityIds: Iterable<number>,
  at: string,
  onProgress?: (done: number, total: number) => void,
): void {
  const runs = basisRuns(db);
  if (runs.length === 0) return;
  const today = localIsoDate(at);
  const models = runs.map((basis) => {
    const { model } = findModel(db, basis.modelId, basis.modelVersion);
    return { basis, evaluate: evaluatorFor(model), asOf: [basis.asOf, today].sort()[1] as string };
  });
  const coverage = annualReportCoverage(db);
  const ids = [...new Set(entityIds)];
  let reported = performance.now();
  for (let start = 0; start < ids.length; start += REGRADE_BLOCK) {
    const block = ids.slice(start, start + REGRADE_BLOCK);
    // Deleted entities have no file: their rows went with them (ON DELETE CASCADE).
    const files = readCreditFiles(db, block, coverage);
    for (const m of models) {
      const states = regradeStates(db, m.basis.modelId, m.basis.id, block);
      const rows: RegradeRow[] = [];
      for (const entityId of block) {
        const file = files.get(entityId);
        if (!file) continue;
        const r = m.evaluate(file, m.asOf);
        const before = adjustmentInForce(states.get(entityId));
        const kept = r.grade !== null && before && before.fromGrade === r.grade ? before.id : null;
        const graded = r.grade !== null;
        rows.push({
          modelId: m.basis.modelId,
          entityId,
          modelVersion: m.basis.modelVersion,
          runId: m.basis.id,
          asOf: m.asOf,
          score: graded ? r.score : null,
          scoreGrade: graded ? r.scoreGrade : null,
          grade: r.grade,
          breakdown: graded ? encodeBreakdown(r) : null,
          adjustmentId: kept,
          updatedAt: at,
        });
      }
      saveRegrades(db, rows);
    }
    const done = Math.min(start + REGRADE_BLOCK, ids.length);
    if (onProgress && performance.now() - reported >= PROGRESS_EVERY_MS) {
      reported = performance.now();
      onProgress(done, ids.length);
    }
  }
}

/** The adjustment in force in an entity's current grade before a re-grade, as currentGrade finds it. */
function adjustmentInForce(s: RegradeState | undefined): StoredAdjustment | null {
  if (!s) return null;
  if (s.regrade) {
    const { grade, breakdown } = s.regrade;
    if (grade === null || breakdown === null) return null;
    return s.adjustment && s.adjustment.toGrade !== grade ? s.adjustment : null;
  }
  if (s.resultGrade === null) return null;
  return s.adjustment && s.adjustment.toGrade !== s.resultGrade ? s.adjustment : null;
}
