/**
 * Every read of stored grading runs. The `grading*` functions are the area's door for the handlers and
 * the command line (each authorizes grading.read); the plain reads below them serve services that have
 * already authorized their actor (the 工作台, a run's own summary, sampling's choice of a run). Grades
 * "in force" are after manual adjustments.
 */
import type { Explanation, RunInfo } from '../../../shared/api/contracts/grading.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { can } from '../../../shared/domain/permissions.ts';
import type { DataDoor } from '../../db/sql.ts';
import { type Actor, authorize } from '../authz.ts';
import { basisRuns, currentGrade } from './current-grades.ts';
import { type BreakdownTexts, parseBreakdownTexts } from './breakdown-texts.ts';
import { buildExplanation, changeReasons } from './explain.ts';
import { type ModelCatalog, modelCatalog } from './model-store.ts';
import { latestAdjustmentOf, latestAdjustmentsOfRun } from './repository/adjustments.ts';
import { entityLabel } from './repository/entities.ts';
import {
  changedPairsPage,
  computedGradesAfter,
  countResults,
  entityRunGrades,
  gradePairCounts,
  gradePairOf,
  resultOf,
  resultsPage,
} from './repository/results.ts';
import {
  allRuns,
  findRun,
  type RunStatus,
  runBreakdownTextsJson,
  type StoredRun,
} from './repository/runs.ts';
import { decodeBreakdown } from './result-codec.ts';
// 异议中 is the repair area's fact; the explanation marks the evidence it concerns.
import { disputedRecordIds } from '../repair/repository.ts';

// --- The area's door: authorized reads -----------------------------------------------------------

export function gradingRuns(db: DataDoor, actor: Actor) {
  authorize(actor, 'grading.read');
  return { runs: listRunInfos(db) };
}

export function gradingDistribution(db: DataDoor, actor: Actor, runId: number) {
  authorize(actor, 'grading.read');
  return runDistribution(db, runId);
}

export function gradingResults(db: DataDoor, actor: Actor, q: ResultsQuery) {
  authorize(actor, 'grading.read');
  return runResults(db, q);
}

export function gradingCompare(db: DataDoor, actor: Actor, q: CompareQuery) {
  authorize(actor, 'grading.read');
  return compareRuns(db, q);
}

export function gradingExplain(db: DataDoor, actor: Actor, runId: number, entityId: number) {
  authorize(actor, 'grading.read');
  return explainResult(db, runId, entityId);
}

export function gradingOfEntity(db: DataDoor, actor: Actor, entityId: number) {
  authorize(actor, 'grading.read');
  return { ...entityGrades(db, entityId), canAdjust: can(actor.role, 'grading.adjust') };
}

// --- Plain reads (the caller has authorized its actor) --------------------------------------------

function toRunInfo(r: StoredRun, catalog: ModelCatalog): RunInfo {
  return {
    id: r.id,
    modelId: r.modelId,
    modelVersion: r.modelVersion,
    modelName: catalog.name(r.modelId, r.modelVersion),
    asOf: r.asOf,
    createdBy: r.createdBy,
    createdAt: r.createdAt,
    status: r.status,
    entityCount: r.entityCount,
    skippedCount: r.skippedCount,
    tookMs: r.tookMs,
  };
}

function storedRun(db: DataDoor, runId: number): StoredRun {
  const run = findRun(db, runId);
  if (!run) throw new ApiError('not_found', `未找到第 ${runId} 次评价。`);
  return run;
}

export function getRunInfo(db: DataDoor, runId: number): RunInfo {
  return toRunInfo(storedRun(db, runId), modelCatalog(db));
}

export function listRunInfos(db: DataDoor): RunInfo[] {
  const catalog = modelCatalog(db);
  return allRuns(db).map((r) => toRunInfo(r, catalog));
}

/** A run as other areas list it (sampling chooses the run whose classes it draws by). */
export interface RunSummary {
  id: number;
  modelId: string;
  modelVersion: string;
  asOf: string;
  createdAt: string;
  createdBy: string;
  status: RunStatus;
  entityCount: number;
}

/** Every stored run, newest first. */
export function listRuns(db: DataDoor): RunSummary[] {
  return allRuns(db).map((r) => ({
    id: r.id,
    modelId: r.modelId,
    modelVersion: r.modelVersion,
    asOf: r.asOf,
    createdAt: r.createdAt,
    createdBy: r.createdBy,
    status: r.status,
    entityCount: r.entityCount,
  }));
}

/**
 * Each graded entity's grade in a run after manual adjustments (the latest adjustment of a result
 * wins), streamed in entity id order. Read in chunks, so the caller may write to the database between
 * two items.
 */
export function* effectiveGrades(
  db: DataDoor,
  runId: number,
  chunk = 5000,
): Generator<{ entityId: number; grade: string }> {
  const adjusted = new Map(latestAdjustmentsOfRun(db, runId).map((a) => [a.entityId, a.toGrade]));
  let after = 0;
  for (;;) {
    const rows = computedGradesAfter(db, runId, after, chunk);
    for (const r of rows) yield { entityId: r.entityId, grade: adjusted.get(r.entityId) ?? r.grade };
    const last = rows.at(-1);
    if (!last || rows.length < chunk) return;
    after = last.entityId;
  }
}

export function runDistribution(db: DataDoor, runId: number) {
  const run = storedRun(db, runId);
  const catalog = modelCatalog(db);
  const computed = run.distribution;
  // Adjustments are few: start from the stored computed counts and move the adjusted results.
  const effective = new Map(Object.entries(computed));
  let adjustedCount = 0;
  for (const a of latestAdjustmentsOfRun(db, runId)) {
    if (a.toGrade === a.computed) continue;
    adjustedCount++;
    effective.set(a.computed, (effective.get(a.computed) ?? 0) - 1);
    effective.set(a.toGrade, (effective.get(a.toGrade) ?? 0) + 1);
  }
  const grades = catalog.grades(run.modelId, run.modelVersion);
  for (const g of new Set([...Object.keys(computed), ...effective.keys()])) {
    if (!grades.some((x) => x.grade === g)) grades.push({ grade: g, label: g });
  }
  const total = run.entityCount;
  return {
    run: toRunInfo(run, catalog),
    rows: grades.map(({ grade, label }) => {
      const effectiveCount = effective.get(grade) ?? 0;
      return {
        grade,
        label,
        count: computed[grade] ?? 0,
        effectiveCount,
        percent: total > 0 ? Math.round((effectiveCount / total) * 10000) / 100 : 0,
      };
    }),
    adjustedCount,
  };
}

function entityCode(e: { uscc: string | null; regNo: string | null }): string {
  return e.uscc ?? e.regNo ?? '';
}

export interface ResultsQuery {
  runId: number;
  grade: string | null;
  offset: number;
  limit: number;
}

export function runResults(db: DataDoor, q: ResultsQuery) {
  const run = storedRun(db, q.runId);
  const adjusted = new Map(
    latestAdjustmentsOfRun(db, q.runId)
      .filter((a) => a.toGrade !== a.computed)
      .map((a) => [a.entityId, a]),
  );
  let total = run.entityCount;
  if (q.grade !== null) {
    total = run.distribution[q.grade] ?? 0;
    for (const a of adjusted.values())
      total += (a.toGrade === q.grade ? 1 : 0) - (a.computed === q.grade ? 1 : 0);
  }
  const hits = [...adjusted.values()].filter((a) => a.toGrade === q.grade).map((a) => a.entityId);
  // Results are read in entity id order and filtered: a page stops as soon as it is full.
  const rows = resultsPage(db, {
    runId: q.runId,
    filter: q.grade === null ? null : { grade: q.grade, adjusted: [...adjusted.keys()], hits },
    offset: q.offset,
    limit: q.limit,
  });
  return {
    total,
    rows: rows.map((r) => ({
      entityId: r.entityId,
      name: r.name,
      code: entityCode(r),
      score: r.score,
      grade: r.grade,
      effectiveGrade: adjusted.get(r.entityId)?.toGrade ?? r.grade,
    })),
  };
}

export interface CompareQuery {
  fromRunId: number;
  toRunId: number;
  direction: 'up' | 'down' | 'changed';
  offset: number;
  limit: number;
}

export function compareRuns(db: DataDoor, q: CompareQuery) {
  const from = storedRun(db, q.fromRunId);
  const to = storedRun(db, q.toRunId);
  if (from.modelId !== to.modelId) {
    throw new ApiError('invalid_input', '只能比较同一评价模型的两次评价结果。');
  }
  const catalog = modelCatalog(db);
  const order = catalog.grades(to.modelId, to.modelVersion).map((g) => g.grade);
  const label = catalog.label(to.modelId, to.modelVersion);
  const indicators = catalog.indicators(to.modelId, to.modelVersion);
  const rank = (g: string) => (order.includes(g) ? order.indexOf(g) : 99);
  const moved = (ga: string, gb: string): 'up' | 'down' | null =>
    rank(gb) < rank(ga) ? 'up' : rank(gb) > rank(ga) ? 'down' : null;
  const wanted = (dir: 'up' | 'down' | null) =>
    dir !== null && (q.direction === 'changed' || q.direction === dir);

  // Grades in force = computed grades, except the few adjusted results: count pairs of computed grades
  // in SQL, then move the adjusted entities to their pair of grades in force.
  const adjFrom = new Map(latestAdjustmentsOfRun(db, q.fromRunId).map((a) => [a.entityId, a.toGrade]));
  const adjTo = new Map(latestAdjustmentsOfRun(db, q.toRunId).map((a) => [a.entityId, a.toGrade]));
  const pairs = new Map<string, number>();
  const bump = (ga: string, gb: string, n: number) =>
    pairs.set(`${ga}\u0000${gb}`, (pairs.get(`${ga}\u0000${gb}`) ?? 0) + n);
  for (const p of gradePairCounts(db, q.fromRunId, q.toRunId)) bump(p.fromGrade, p.toGrade, p.n);
  const adjusted = [...new Set([...adjFrom.keys(), ...adjTo.keys()])];
  const hits: number[] = [];
  for (const id of adjusted) {
    const p = gradePairOf(db, q.fromRunId, q.toRunId, id);
    if (!p) continue;
    bump(p.fromGrade, p.toGrade, -1);
    const ga = adjFrom.get(id) ?? p.fromGrade;
    const gb = adjTo.get(id) ?? p.toGrade;
    bump(ga, gb, 1);
    if (wanted(moved(ga, gb))) hits.push(id);
  }
  let up = 0;
  let down = 0;
  let same = 0;
  const wantedPairs: [string, string][] = [];
  for (const [key, n] of pairs) {
    const [ga, gb] = key.split('\u0000') as [string, string];
    const dir = moved(ga, gb);
    if (dir === 'up') up += n;
    else if (dir === 'down') down += n;
    else same += n;
    if (wanted(dir)) wantedPairs.push([ga, gb]);
  }
  const both = up + down + same;

  const rows = changedPairsPage(db, {
    fromRunId: q.fromRunId,
    toRunId: q.toRunId,
    pairs: wantedPairs,
    adjusted,
    hits,
    offset: q.offset,
    limit: q.limit,
  });
  const fromTexts = runBreakdownTexts(db, q.fromRunId);
  const toTexts = runBreakdownTexts(db, q.toRunId);
  return {
    up,
    down,
    same,
    onlyFrom: countResults(db, q.fromRunId) - both,
    onlyTo: countResults(db, q.toRunId) - both,
    total: q.direction === 'up' ? up : q.direction === 'down' ? down : up + down,
    rows: rows.map((r) => {
      const ca = r.from.grade;
      const cb = r.to.grade;
      const ga = adjFrom.get(r.entityId) ?? ca;
      const gb = adjTo.get(r.entityId) ?? cb;
      const reasons = changeReasons(
        decodeBreakdown(r.from.breakdown, fromTexts),
        decodeBreakdown(r.to.breakdown, toTexts),
        label,
        indicators,
      );
      if (ga !== ca) reasons.push(`前一次为人工调整后的等级（计算结果 ${ca}，调整为 ${ga}）`);
      if (gb !== cb) reasons.push(`后一次为人工调整后的等级（计算结果 ${cb}，调整为 ${gb}）`);
      if (reasons.length === 0) reasons.push('评价模型版本或评价基准日不同');
      return {
        entityId: r.entityId,
        name: r.name,
        code: entityCode(r),
        fromGrade: ga,
        toGrade: gb,
        fromScore: r.from.score,
        toScore: r.to.score,
        direction: moved(ga, gb) ?? 'down',
        reasons,
      };
    }),
  };
}

/** The texts a run's version-3 breakdowns name by place; null for a run stored before them. */
export function runBreakdownTexts(db: DataDoor, runId: number): BreakdownTexts | null {
  const json = runBreakdownTextsJson(db, runId);
  return json === null ? null : parseBreakdownTexts(json);
}

function entityNameCode(db: DataDoor, entityId: number): { name: string; code: string } {
  const e = entityLabel(db, entityId);
  if (!e) throw new ApiError('not_found', '未找到该市场主体，可能已被删除。');
  return { name: e.name, code: entityCode(e) };
}

export function explainResult(db: DataDoor, runId: number, entityId: number): Explanation {
  const run = storedRun(db, runId);
  const r = resultOf(db, runId, entityId);
  if (!r) throw new ApiError('not_found', '该市场主体不在这次评价中（可能已注销、吊销，或在评价后才登记）。');
  const adjustment = latestAdjustmentOf(db, runId, entityId);
  return buildExplanation(
    modelCatalog(db),
    {
      entityId,
      ...entityNameCode(db, entityId),
      modelId: run.modelId,
      modelVersion: run.modelVersion,
      runId,
      asOf: run.asOf,
      score: r.score,
      scoreGrade: r.scoreGrade,
      grade: r.grade,
      breakdown: r.breakdown,
      breakdownTexts: runBreakdownTexts(db, runId),
      adjustment: adjustment && adjustment.toGrade !== r.grade ? adjustment : undefined,
    },
    disputedRecordIds(db, entityId),
  );
}

/** The entity page: current grade per model (with its explanation) and the grade in every run. */
export function entityGrades(db: DataDoor, entityId: number) {
  const who = entityNameCode(db, entityId);
  const catalog = modelCatalog(db);
  const disputed = disputedRecordIds(db, entityId);
  const current = basisRuns(db).flatMap((basis) => {
    const c = currentGrade(db, basis, entityId);
    if (!c) return [];
    return [
      {
        ...buildExplanation(
          catalog,
          {
            entityId,
            ...who,
            modelId: basis.modelId,
            modelVersion: basis.modelVersion,
            runId: basis.id,
            asOf: c.asOf,
            score: c.score,
            scoreGrade: c.scoreGrade,
            grade: c.grade,
            breakdown: c.breakdown,
            // A re-graded entity's breakdown carries its texts; otherwise it is the basis run's result.
            breakdownTexts: runBreakdownTexts(db, basis.id),
            adjustment: c.adjustment ?? undefined,
          },
          disputed,
        ),
        updatedAt: c.updatedAt,
        grades: catalog.grades(basis.modelId, basis.modelVersion),
      },
    ];
  });
  const history = entityRunGrades(db, entityId, 200).map(({ modelVersion, ...h }) => ({
    ...h,
    modelName: catalog.name(h.modelId, modelVersion),
  }));
  return { current, history };
}
