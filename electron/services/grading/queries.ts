/**
 * Reads of stored runs for the UI: the runs list, a run's class distribution, its results by class,
 * two runs compared, and one result explained. Grades "in force" are after manual adjustments.
 */
import type { Explanation, RunInfo } from '../../../shared/api/contracts/grading.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { Db } from '../../db/open.ts';
import { type AdjustmentRow, basisRuns, currentGrade } from './current-grades.ts';
import { changeReasons, explanationLines, explanationSummary, type IndicatorLookup } from './explain.ts';
import { allModels } from './model-store.ts';
import { decodeBreakdown } from './result-codec.ts';

/** The latest adjustment of each adjusted result of a run, with the computed grade it overrides. */
export function latestAdjustments(
  db: Db,
  runId: number,
): { entityId: number; computed: string; toGrade: string }[] {
  return db
    .prepare(
      `SELECT a.entity_id AS entityId, r.grade AS computed, a.to_grade AS toGrade
       FROM grading_adjustments a JOIN grading_results r ON r.run_id = a.run_id AND r.entity_id = a.entity_id
       WHERE a.run_id = ? AND a.id = (SELECT max(y.id) FROM grading_adjustments y
                                      WHERE y.run_id = a.run_id AND y.entity_id = a.entity_id)`,
    )
    .all(runId) as { entityId: number; computed: string; toGrade: string }[];
}

/** The grade in force of a result row `r`: the latest adjustment's, else the computed one. */
export const EFFECTIVE_GRADE = `coalesce((SELECT a.to_grade FROM grading_adjustments a
  WHERE a.run_id = r.run_id AND a.entity_id = r.entity_id ORDER BY a.id DESC LIMIT 1), r.grade)`;

interface RunRow {
  id: number;
  model_id: string;
  model_version: string;
  as_of: string;
  created_by: string;
  created_at: string;
  status: 'running' | 'complete';
  entity_count: number;
  skipped_count: number;
  distribution: string;
  took_ms: number | null;
}

/** Names and grade labels of every known model version (a run may use a version since replaced). */
export function modelCatalog(db: Db) {
  const models = allModels(db);
  const find = (id: string, version?: string) =>
    models.find((m) => m.model.id === id && (version === undefined || m.model.version === version)) ??
    models.find((m) => m.model.id === id);
  return {
    name: (id: string, version?: string) => find(id, version)?.model.name ?? id,
    grades: (id: string, version?: string) =>
      find(id, version)?.model.bands.map((b) => ({ grade: b.grade, label: b.label })) ?? [],
    label: (id: string, version?: string) => {
      const bands = find(id, version)?.model.bands ?? [];
      return (grade: string) => bands.find((b) => b.grade === grade)?.label ?? grade;
    },
    /** The model's indicators by id, so explanations say what each counted and over which window. */
    indicators: (id: string, version?: string): IndicatorLookup => {
      const list = find(id, version)?.model.indicators ?? [];
      return (indicatorId) => list.find((i) => i.id === indicatorId);
    },
  };
}
type Catalog = ReturnType<typeof modelCatalog>;

function toRunInfo(r: RunRow, catalog: Catalog): RunInfo {
  return {
    id: r.id,
    modelId: r.model_id,
    modelVersion: r.model_version,
    modelName: catalog.name(r.model_id, r.model_version),
    asOf: r.as_of,
    createdBy: r.created_by,
    createdAt: r.created_at,
    status: r.status,
    entityCount: r.entity_count,
    skippedCount: r.skipped_count,
    tookMs: r.took_ms,
  };
}

function runRow(db: Db, runId: number): RunRow {
  const row = db.prepare('SELECT * FROM grading_runs WHERE id = ?').get(runId) as RunRow | undefined;
  if (!row) throw new ApiError('not_found', `未找到第 ${runId} 次评价。`);
  return row;
}

export function getRunInfo(db: Db, runId: number): RunInfo {
  return toRunInfo(runRow(db, runId), modelCatalog(db));
}

export function listRunInfos(db: Db): RunInfo[] {
  const catalog = modelCatalog(db);
  return (db.prepare('SELECT * FROM grading_runs ORDER BY id DESC').all() as RunRow[]).map((r) =>
    toRunInfo(r, catalog),
  );
}

export function runDistribution(db: Db, runId: number) {
  const row = runRow(db, runId);
  const catalog = modelCatalog(db);
  const computed = JSON.parse(row.distribution) as Record<string, number>;
  // Adjustments are few: start from the stored computed counts and move the adjusted results.
  const effective = new Map(Object.entries(computed));
  let adjustedCount = 0;
  for (const a of latestAdjustments(db, runId)) {
    if (a.toGrade === a.computed) continue;
    adjustedCount++;
    effective.set(a.computed, (effective.get(a.computed) ?? 0) - 1);
    effective.set(a.toGrade, (effective.get(a.toGrade) ?? 0) + 1);
  }
  const grades = catalog.grades(row.model_id, row.model_version);
  for (const g of new Set([...Object.keys(computed), ...effective.keys()])) {
    if (!grades.some((x) => x.grade === g)) grades.push({ grade: g, label: g });
  }
  const total = row.entity_count;
  return {
    run: toRunInfo(row, catalog),
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

function entityCode(r: { uscc: string | null; reg_no: string | null }): string {
  return r.uscc ?? r.reg_no ?? '';
}

export function runResults(
  db: Db,
  q: { runId: number; grade: string | null; offset: number; limit: number },
) {
  const run = runRow(db, q.runId);
  const adjusted = new Map(
    latestAdjustments(db, q.runId)
      .filter((a) => a.toGrade !== a.computed)
      .map((a) => [a.entityId, a]),
  );
  let total = run.entity_count;
  if (q.grade !== null) {
    const computed = JSON.parse(run.distribution) as Record<string, number>;
    total = computed[q.grade] ?? 0;
    for (const a of adjusted.values())
      total += (a.toGrade === q.grade ? 1 : 0) - (a.computed === q.grade ? 1 : 0);
  }
  const hits = [...adjusted.values()].filter((a) => a.toGrade === q.grade).map((a) => a.entityId);
  // Results are read in entity id order and filtered: a page stops as soon as it is full.
  const where =
    q.grade === null
      ? ''
      : `AND ((r.grade = @grade AND r.entity_id NOT IN (SELECT value FROM json_each(@adjusted)))
              OR r.entity_id IN (SELECT value FROM json_each(@hits)))`;
  const rows = db
    .prepare(
      `SELECT r.entity_id AS entityId, e.name, e.uscc, e.reg_no, r.score, r.grade
       FROM grading_results r JOIN entities e ON e.id = r.entity_id
       WHERE r.run_id = @run ${where} ORDER BY r.entity_id LIMIT @limit OFFSET @offset`,
    )
    .all({
      run: q.runId,
      limit: q.limit,
      offset: q.offset,
      ...(q.grade === null
        ? {}
        : { grade: q.grade, adjusted: JSON.stringify([...adjusted.keys()]), hits: JSON.stringify(hits) }),
    }) as {
    entityId: number;
    name: string;
    uscc: string | null;
    reg_no: string | null;
    score: number | null;
    grade: string;
  }[];
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

type Direction = 'up' | 'down' | 'changed';

export function compareRuns(
  db: Db,
  q: { fromRunId: number; toRunId: number; direction: Direction; offset: number; limit: number },
) {
  const from = runRow(db, q.fromRunId);
  const to = runRow(db, q.toRunId);
  if (from.model_id !== to.model_id) {
    throw new ApiError('invalid_input', '只能比较同一评价模型的两次评价结果。');
  }
  const catalog = modelCatalog(db);
  const order = catalog.grades(to.model_id, to.model_version).map((g) => g.grade);
  const label = catalog.label(to.model_id, to.model_version);
  const indicators = catalog.indicators(to.model_id, to.model_version);
  const rank = (g: string) => (order.includes(g) ? order.indexOf(g) : 99);
  const moved = (ga: string, gb: string): 'up' | 'down' | null =>
    rank(gb) < rank(ga) ? 'up' : rank(gb) > rank(ga) ? 'down' : null;
  const wanted = (dir: 'up' | 'down' | null) =>
    dir !== null && (q.direction === 'changed' || q.direction === dir);

  // Grades in force = computed grades, except the few adjusted results: count pairs of computed grades
  // in SQL, then move the adjusted entities to their pair of grades in force.
  const adjFrom = new Map(latestAdjustments(db, q.fromRunId).map((a) => [a.entityId, a.toGrade]));
  const adjTo = new Map(latestAdjustments(db, q.toRunId).map((a) => [a.entityId, a.toGrade]));
  const pairs = new Map<string, number>();
  const bump = (ga: string, gb: string, n: number) =>
    pairs.set(`${ga}\u0000${gb}`, (pairs.get(`${ga}\u0000${gb}`) ?? 0) + n);
  for (const p of db
    .prepare(
      `SELECT a.grade AS ga, b.grade AS gb, count(*) AS n FROM grading_results a
       JOIN grading_results b ON b.run_id = ? AND b.entity_id = a.entity_id WHERE a.run_id = ? GROUP BY 1, 2`,
    )
    .all(q.toRunId, q.fromRunId) as { ga: string; gb: string; n: number }[]) {
    bump(p.ga, p.gb, p.n);
  }
  const adjusted = [...new Set([...adjFrom.keys(), ...adjTo.keys()])];
  const hits: number[] = [];
  const pairOf = db.prepare(
    `SELECT a.grade AS ga, b.grade AS gb FROM grading_results a
     JOIN grading_results b ON b.run_id = ? AND b.entity_id = a.entity_id WHERE a.run_id = ? AND a.entity_id = ?`,
  );
  for (const id of adjusted) {
    const p = pairOf.get(q.toRunId, q.fromRunId, id) as { ga: string; gb: string } | undefined;
    if (!p) continue;
    bump(p.ga, p.gb, -1);
    const ga = adjFrom.get(id) ?? p.ga;
    const gb = adjTo.get(id) ?? p.gb;
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
  const count = (runId: number) =>
    (db.prepare('SELECT count(*) AS n FROM grading_results WHERE run_id = ?').get(runId) as { n: number }).n;
  const both = up + down + same;

  const rows = db
    .prepare(
      `SELECT a.entity_id, a.grade AS ca, b.grade AS cb, a.score AS sa, b.score AS sb, a.breakdown AS ba,
              b.breakdown AS bb, e.name, e.uscc, e.reg_no
       FROM grading_results a
       JOIN grading_results b ON b.run_id = @to AND b.entity_id = a.entity_id
       JOIN entities e ON e.id = a.entity_id
       WHERE a.run_id = @from AND (
         (a.grade <> b.grade
          AND json_array(a.grade, b.grade) IN (SELECT value FROM json_each(@pairs))
          AND a.entity_id NOT IN (SELECT value FROM json_each(@adjusted)))
         OR a.entity_id IN (SELECT value FROM json_each(@hits)))
       ORDER BY a.entity_id LIMIT @limit OFFSET @offset`,
    )
    .all({
      from: q.fromRunId,
      to: q.toRunId,
      pairs: JSON.stringify(wantedPairs),
      adjusted: JSON.stringify(adjusted),
      hits: JSON.stringify(hits),
      limit: q.limit,
      offset: q.offset,
    }) as {
    entity_id: number;
    ca: string;
    cb: string;
    sa: number | null;
    sb: number | null;
    ba: string;
    bb: string;
    name: string;
    uscc: string | null;
    reg_no: string | null;
  }[];
  return {
    up,
    down,
    same,
    onlyFrom: count(q.fromRunId) - both,
    onlyTo: count(q.toRunId) - both,
    total: q.direction === 'up' ? up : q.direction === 'down' ? down : up + down,
    rows: rows.map((r) => {
      const ga = adjFrom.get(r.entity_id) ?? r.ca;
      const gb = adjTo.get(r.entity_id) ?? r.cb;
      const reasons = changeReasons(decodeBreakdown(r.ba), decodeBreakdown(r.bb), label, indicators);
      if (ga !== r.ca) reasons.push(`前一次为人工调整后的等级（计算结果 ${r.ca}，调整为 ${ga}）`);
      if (gb !== r.cb) reasons.push(`后一次为人工调整后的等级（计算结果 ${r.cb}，调整为 ${gb}）`);
      if (reasons.length === 0) reasons.push('评价模型版本或评价基准日不同');
      return {
        entityId: r.entity_id,
        name: r.name,
        code: entityCode(r),
        fromGrade: ga,
        toGrade: gb,
        fromScore: r.sa,
        toScore: r.sb,
        direction: moved(ga, gb) ?? 'down',
        reasons,
      };
    }),
  };
}

export function adjustmentFromRow(a: AdjustmentRow) {
  return {
    id: a.id,
    runId: a.run_id,
    fromGrade: a.from_grade,
    toGrade: a.to_grade,
    reason: a.reason,
    adjustedBy: a.adjusted_by,
    adjustedAt: a.adjusted_at,
    carried: a.carried_from !== null,
  };
}

/** Builds an explanation from a stored result row (of a run or of the current grades). */
export function buildExplanation(
  catalog: Catalog,
  x: {
    entityId: number;
    name: string;
    code: string;
    modelId: string;
    modelVersion: string;
    runId: number;
    asOf: string;
    score: number | null;
    scoreGrade: string | null;
    grade: string;
    breakdown: string;
    adjustment: AdjustmentRow | undefined;
  },
): Explanation {
  const label = catalog.label(x.modelId, x.modelVersion);
  const indicators = catalog.indicators(x.modelId, x.modelVersion);
  const b = decodeBreakdown(x.breakdown);
  const effective = x.adjustment ? x.adjustment.to_grade : x.grade;
  return {
    entityId: x.entityId,
    entityName: x.name,
    code: x.code,
    modelId: x.modelId,
    modelVersion: x.modelVersion,
    modelName: catalog.name(x.modelId, x.modelVersion),
    runId: x.runId,
    asOf: x.asOf,
    score: x.score,
    scoreGrade: x.scoreGrade,
    grade: x.grade,
    gradeLabel: label(x.grade),
    effectiveGrade: effective,
    effectiveLabel: label(effective),
    summary: explanationSummary(b, label, indicators),
    lines: explanationLines(b, x.score, x.scoreGrade, label, indicators),
    adjustment: x.adjustment ? adjustmentFromRow(x.adjustment) : null,
  };
}

function entityNameCode(db: Db, entityId: number): { name: string; code: string } {
  const e = db.prepare('SELECT name, uscc, reg_no FROM entities WHERE id = ?').get(entityId) as
    | { name: string; uscc: string | null; reg_no: string | null }
    | undefined;
  if (!e) throw new ApiError('not_found', '未找到该市场主体，可能已被删除。');
  return { name: e.name, code: entityCode(e) };
}

export function explainResult(db: Db, runId: number, entityId: number): Explanation {
  const run = runRow(db, runId);
  const r = db
    .prepare(
      'SELECT score, score_grade, grade, breakdown FROM grading_results WHERE run_id = ? AND entity_id = ?',
    )
    .get(runId, entityId) as
    | { score: number | null; score_grade: string | null; grade: string; breakdown: string }
    | undefined;
  if (!r) throw new ApiError('not_found', '该市场主体不在这次评价中（可能已注销、吊销，或在评价后才登记）。');
  const adjustment = db
    .prepare('SELECT * FROM grading_adjustments WHERE run_id = ? AND entity_id = ? ORDER BY id DESC LIMIT 1')
    .get(runId, entityId) as AdjustmentRow | undefined;
  return buildExplanation(modelCatalog(db), {
    entityId,
    ...entityNameCode(db, entityId),
    modelId: run.model_id,
    modelVersion: run.model_version,
    runId,
    asOf: run.as_of,
    score: r.score,
    scoreGrade: r.score_grade,
    grade: r.grade,
    breakdown: r.breakdown,
    adjustment: adjustment && adjustment.to_grade !== r.grade ? adjustment : undefined,
  });
}

/** The entity page: current grade per model (with its explanation) and the grade in every run. */
export function entityGrades(db: Db, entityId: number) {
  const who = entityNameCode(db, entityId);
  const catalog = modelCatalog(db);
  const current = basisRuns(db).flatMap((basis) => {
    const c = currentGrade(db, basis, entityId);
    if (!c) return [];
    return [
      {
        ...buildExplanation(catalog, {
          entityId,
          ...who,
          modelId: basis.model_id,
          modelVersion: basis.model_version,
          runId: basis.id,
          asOf: c.asOf,
          score: c.score,
          scoreGrade: c.scoreGrade,
          grade: c.grade,
          breakdown: c.breakdown,
          adjustment: c.adjustment ?? undefined,
        }),
        updatedAt: c.updatedAt,
        grades: catalog.grades(basis.model_id, basis.model_version),
      },
    ];
  });
  const history = (
    db
      .prepare(
        `SELECT r.run_id AS runId, g.model_id AS modelId, g.model_version AS modelVersion, g.as_of AS asOf,
                g.created_at AS createdAt, r.score, r.grade, ${EFFECTIVE_GRADE} AS effectiveGrade
         FROM grading_results r JOIN grading_runs g ON g.id = r.run_id
         WHERE r.entity_id = ? ORDER BY g.as_of DESC, g.id DESC LIMIT 200`,
      )
      .all(entityId) as {
      runId: number;
      modelId: string;
      modelVersion: string;
      asOf: string;
      createdAt: string;
      score: number | null;
      grade: string;
      effectiveGrade: string;
    }[]
  ).map(({ modelVersion, ...h }) => ({ ...h, modelName: catalog.name(h.modelId, modelVersion) }));
  return { current, history };
}
