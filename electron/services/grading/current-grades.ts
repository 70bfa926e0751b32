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
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../../db/open.ts';
import { annualReportCoverage } from './coverage-store.ts';
import { readCreditFile } from './credit-files.ts';
import { evaluatorFor, findModel } from './model-store.ts';
import { encodeBreakdown } from './result-codec.ts';

export interface BasisRun {
  id: number;
  model_id: string;
  model_version: string;
  as_of: string;
  finished_at: string | null;
  created_at: string;
}

export interface AdjustmentRow {
  id: number;
  run_id: number;
  entity_id: number;
  from_grade: string;
  to_grade: string;
  reason: string;
  adjusted_by: string;
  adjusted_at: string;
  carried_from: number | null;
}

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
  /** The adjustment in force (its to_grade differs from `grade`), or null. */
  adjustment: AdjustmentRow | null;
  /** Whether the basis run has a result for the entity (an adjustment attaches to it). */
  inRun: boolean;
}

interface CgRow {
  model_version: string;
  as_of: string;
  score: number | null;
  score_grade: string | null;
  grade: string | null;
  breakdown: string | null;
  adjustment_id: number | null;
  updated_at: string;
}

interface Statements {
  basisRuns: Database.Statement;
  cg: Database.Statement;
  result: Database.Statement;
  latestAdjustment: Database.Statement;
  adjustment: Database.Statement;
  upsert: Database.Statement;
}
const statements = new WeakMap<Db, Statements>();

function prepared(db: Db): Statements {
  let s = statements.get(db);
  if (!s) {
    s = {
      basisRuns: db.prepare(
        `SELECT id, model_id, model_version, as_of, finished_at, created_at FROM grading_runs
         WHERE status = 'complete' ORDER BY as_of DESC, id DESC`,
      ),
      cg: db.prepare('SELECT * FROM current_grades WHERE model_id = ? AND entity_id = ? AND run_id = ?'),
      result: db.prepare(
        'SELECT score, score_grade, grade, breakdown FROM grading_results WHERE run_id = ? AND entity_id = ?',
      ),
      latestAdjustment: db.prepare(
        'SELECT * FROM grading_adjustments WHERE run_id = ? AND entity_id = ? ORDER BY id DESC LIMIT 1',
      ),
      adjustment: db.prepare('SELECT * FROM grading_adjustments WHERE id = ?'),
      upsert: db.prepare(
        `INSERT INTO current_grades (model_id, entity_id, model_version, run_id, as_of, score, score_grade, grade,
           breakdown, adjustment_id, updated_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT (model_id, entity_id) DO UPDATE SET model_version = excluded.model_version,
           run_id = excluded.run_id, as_of = excluded.as_of, score = excluded.score,
           score_grade = excluded.score_grade, grade = excluded.grade, breakdown = excluded.breakdown,
           adjustment_id = excluded.adjustment_id, updated_at = excluded.updated_at`,
      ),
    };
    statements.set(db, s);
  }
  return s;
}

/** The basis run of each model that has a complete run. */
export function basisRuns(db: Db): BasisRun[] {
  const seen = new Set<string>();
  const out: BasisRun[] = [];
  for (const r of prepared(db).basisRuns.all() as BasisRun[]) {
    if (seen.has(r.model_id)) continue;
    seen.add(r.model_id);
    out.push(r);
  }
  return out;
}

/** The entity's current grade under one basis run, or null when it has none (not graded). */
export function currentGrade(db: Db, basis: BasisRun, entityId: number): CurrentGrade | null {
  const s = prepared(db);
  const result = s.result.get(basis.id, entityId) as
    | { score: number | null; score_grade: string | null; grade: string; breakdown: string }
    | undefined;
  const cg = s.cg.get(basis.model_id, entityId, basis.id) as CgRow | undefined;
  if (cg) {
    if (cg.grade === null || cg.breakdown === null) return null;
    const adjustment =
      cg.adjustment_id === null
        ? null
        : ((s.adjustment.get(cg.adjustment_id) as AdjustmentRow | undefined) ?? null);
    return {
      basis,
      source: 'regrade',
      asOf: cg.as_of,
      score: cg.score,
      scoreGrade: cg.score_grade,
      grade: cg.grade,
      breakdown: cg.breakdown,
      updatedAt: cg.updated_at,
      adjustment: adjustment && adjustment.to_grade !== cg.grade ? adjustment : null,
      inRun: result !== undefined,
    };
  }
  if (!result) return null;
  const latest = s.latestAdjustment.get(basis.id, entityId) as AdjustmentRow | undefined;
  return {
    basis,
    source: 'run',
    asOf: basis.as_of,
    score: result.score,
    scoreGrade: result.score_grade,
    grade: result.grade,
    breakdown: result.breakdown,
    updatedAt: basis.finished_at ?? basis.created_at,
    adjustment: latest && latest.to_grade !== result.grade ? latest : null,
    inRun: true,
  };
}

/**
 * Carries the adjustments in force into a just-written run (still 'running', inside its transaction) of
 * the same model, wherever its computed grade is the one the adjustment overrode: an adjustment lapses
 * only when the computed result changes, whatever the new run's as-of date (a run with an earlier as-of
 * is compared with the basis too, so it must show the grade in force). Returns how many were carried.
 */
export function carryAdjustments(db: Db, runId: number, modelId: string, at: string): number {
  const previous = basisRuns(db).find((b) => b.model_id === modelId);
  if (!previous) return 0;
  return db
    .prepare(
      `INSERT INTO grading_adjustments
         (run_id, entity_id, from_grade, to_grade, reason, adjusted_by, adjusted_at, carried_from)
       SELECT @run, x.entity_id, a.from_grade, a.to_grade, a.reason, a.adjusted_by, @at, a.id
       FROM (
         -- Re-graded since the previous run: the adjustment kept on the re-grade row.
         SELECT cg.entity_id, cg.adjustment_id AS aid, 'regrade' AS src FROM current_grades cg
         WHERE cg.model_id = @model AND cg.run_id = @prev AND cg.adjustment_id IS NOT NULL
         UNION ALL
         -- Not re-graded: the latest adjustment of the previous run's result, if in force.
         SELECT ad.entity_id, max(ad.id), 'run' FROM grading_adjustments ad
         WHERE ad.run_id = @prev AND NOT EXISTS (
           SELECT 1 FROM current_grades c2 WHERE c2.model_id = @model AND c2.entity_id = ad.entity_id AND c2.run_id = @prev)
         GROUP BY ad.entity_id
       ) x
       JOIN grading_adjustments a ON a.id = x.aid
       JOIN grading_results pr ON pr.run_id = @prev AND pr.entity_id = x.entity_id
       JOIN grading_results r ON r.run_id = @run AND r.entity_id = x.entity_id AND r.grade = a.from_grade
       -- In force: kept on a re-grade row, or (on a run result) differing from the computed grade.
       WHERE a.to_grade <> a.from_grade AND (x.src = 'regrade' OR a.to_grade <> pr.grade)`,
    )
    .run({ run: runId, prev: previous.id, model: modelId, at }).changes;
}

/**
 * Makes a just-written run the basis of its model: drops the re-grade rows of the previous basis (call
 * carryAdjustments first, which reads them).
 */
export function adoptRun(db: Db, modelId: string): void {
  db.prepare('DELETE FROM current_grades WHERE model_id = ?').run(modelId);
}

/** Re-grades these entities with every model that has a basis run. Call inside the caller's transaction. */
export function regradeEntities(db: Db, entityIds: Iterable<number>, at: string): void {
  const runs = basisRuns(db);
  if (runs.length === 0) return;
  const s = prepared(db);
  const today = localIsoDate(at);
  const models = runs.map((basis) => {
    const { model } = findModel(db, basis.model_id, basis.model_version);
    return { basis, evaluate: evaluatorFor(model), asOf: [basis.as_of, today].sort()[1] as string };
  });
  const coverage = annualReportCoverage(db);
  for (const entityId of new Set(entityIds)) {
    const file = readCreditFile(db, entityId, coverage);
    if (!file) continue; // deleted: its rows went with it (ON DELETE CASCADE)
    for (const m of models) {
      const r = m.evaluate(file, m.asOf);
      const before = currentGrade(db, m.basis, entityId);
      const kept =
        r.grade !== null && before?.adjustment && before.adjustment.from_grade === r.grade
          ? before.adjustment.id
          : null;
      s.upsert.run(
        m.basis.model_id,
        entityId,
        m.basis.model_version,
        m.basis.id,
        m.asOf,
        r.grade === null ? null : r.score,
        r.grade === null ? null : r.scoreGrade,
        r.grade,
        r.grade === null ? null : encodeBreakdown(r),
        kept,
        at,
      );
    }
  }
}
