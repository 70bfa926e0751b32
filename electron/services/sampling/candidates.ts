/**
 * Builds the draw's inputs from the database (SPEC §6.1–6.3): the target pool (entities, filtered for a
 * 定向 task), each entity's class in the chosen grading run, the eligible inspector pool, the conflicts,
 * and the exclusions — the explicit list plus those the rules add (yearly cap per class reached, in
 * another open plan). Entities not in business are passed with their status; the pure draw removes them.
 */
import type { SamplingCandidate, SamplingInspector, SamplingTask } from '../../../shared/sampling/index.ts';
import { normalizeId } from '../../../shared/sampling/index.ts';
import type { Db } from '../../db/open.ts';
import { readInspectors } from './reference-store.ts';
import type { StoredTask } from './task-store.ts';

export interface DrawInputs {
  task: SamplingTask;
  candidates: SamplingCandidate[];
  inspectors: SamplingInspector[];
  /** Row ids of these codes (the selected ones), for storing the plan's entries. */
  entityIdsOf(codes: Iterable<string>): Map<string, number>;
  /** Exclusion counts by reason, for the preview and the plan. */
  excluded: { reason: string; count: number }[];
  /**
   * Grades of the run that the profile does not know (those entities count as unclassified), counted
   * over the task's pool: for a 定向 task, entities outside the filter are not drawn and not counted.
   */
  unknownGrades: { grade: string; count: number }[];
}

/** Pool rows read per query (about 5 MB of raw rows). */
const POOL_SLICE = 50_000;

/** 长期有效 certificates are passed with a far expiry, so the pure draw needs no special case. */
const NO_EXPIRY = '9999-12-31';

export const EXCLUSION_REASONS = {
  notActive: '非在业状态（注销、吊销、迁出、撤销）',
  yearlyCap: '本年度抽查次数已达其风险等级的上限',
  openPlan: '已在其他未公示的抽查计划中',
  explicit: '手工排除',
} as const;

export function filterSql(task: StoredTask): { where: string; params: (string | number)[] } {
  const clauses: string[] = [];
  const params: (string | number)[] = [];
  if (!task.directed) return { where: '', params };
  const f = task.filter;
  const inList = (col: string, values: readonly string[]) => {
    if (values.length === 0) return;
    clauses.push(`${col} IN (${values.map(() => '?').join(', ')})`);
    params.push(...values);
  };
  inList('kind', f.kinds);
  inList('township', f.townships);
  inList('jurisdiction', f.jurisdictions);
  if (f.industryPrefixes.length > 0) {
    clauses.push(`(${f.industryPrefixes.map(() => 'industry_code LIKE ?').join(' OR ')})`);
    params.push(...f.industryPrefixes.map((p) => `${p.replace(/[%_]/g, '')}%`));
  }
  if (f.tags.length > 0) {
    clauses.push(
      `EXISTS (SELECT 1 FROM json_each(entities.tags) t WHERE t.value IN (${f.tags.map(() => '?').join(', ')}))`,
    );
    params.push(...f.tags);
  }
  return { where: clauses.length ? `WHERE ${clauses.join(' AND ')}` : '', params };
}

/**
 * Each graded entity's class joined to the pool in the same pass. Manual adjustments (the latest per
 * entity wins, as effectiveGrades reads them) are few, so they are applied from a small map.
 */
function gradeColumn(task: StoredTask): { join: string; params: number[] } {
  if (task.gradingRunId === null) return { join: '', params: [] };
  return {
    join: 'LEFT JOIN grading_results g ON g.run_id = ? AND g.entity_id = entities.id',
    params: [task.gradingRunId],
  };
}

function latestAdjustments(db: Db, runId: number | null): Map<number, string> {
  if (runId === null) return new Map();
  const rows = db
    .prepare(
      `SELECT a.entity_id, a.to_grade FROM grading_adjustments a
       WHERE a.run_id = ? AND a.id = (SELECT max(y.id) FROM grading_adjustments y
                                      WHERE y.run_id = a.run_id AND y.entity_id = a.entity_id)`,
    )
    .raw(true)
    .all(runId) as [number, string][];
  return new Map(rows);
}

/**
 * One slice of the pool in id order: its params, then the last id of the previous slice and the slice
 * size. NOT INDEXED keeps every slice a rowid range: a filter's index (kind, township) would make each
 * slice sort all of the filter's matches.
 */
export function poolSliceQuery(task: StoredTask): { sql: string; params: (string | number)[] } {
  const { where, params } = filterSql(task);
  const grades = gradeColumn(task);
  return {
    sql: `SELECT entities.id, coalesce(uscc, reg_no, ''), kind, status, ${grades.join ? 'g.grade' : 'NULL'}
          FROM entities NOT INDEXED ${grades.join} ${where ? `${where} AND` : 'WHERE'} entities.id > ?
          ORDER BY entities.id LIMIT ?`,
    params: [...grades.params, ...params],
  };
}

/**
 * One set-based read of the pool: row id, code, kind, status and grade, in entity id order, as raw
 * rows (no per-row objects but the candidate itself). On a million entities the former per-entity
 * grade map and generator cost more than the draw. `slice`: pool rows per query (tests use a small one
 * to cross slice boundaries).
 */
export function buildDrawInputs(db: Db, task: StoredTask, slice = POOL_SLICE): DrawInputs {
  const known = new Set(task.classOrder);
  const adjusted = latestAdjustments(db, task.gradingRunId);
  const unknownGrade = new Map<string, number>();

  // Inspections so far in the task's calendar year, for the yearly caps.
  const year = task.startDate.slice(0, 4);
  const inspectionsThisYear = new Map<number, number>();
  if (Object.keys(task.yearlyCaps).length > 0) {
    const rows = db
      .prepare(
        `SELECT entity_id AS id, count(*) AS n FROM records
         WHERE type = 'inspection' AND date BETWEEN ? AND ? GROUP BY entity_id`,
      )
      .all(`${year}-01-01`, `${year}-12-31`) as { id: number; n: number }[];
    for (const r of rows) inspectionsThisYear.set(r.id, r.n);
  }

  // Entities in the current plan of another task that is not yet published.
  const inOpenPlan = new Set(
    (
      db
        .prepare(
          `SELECT DISTINCT e.entity_id AS id FROM inspection_plan_entries e
           JOIN inspection_tasks t ON t.current_plan_id = e.plan_id
           WHERE t.status <> 'published' AND t.id <> ?`,
        )
        .all(task.id) as { id: number }[]
    ).map((r) => r.id),
  );

  const explicit = task.exclusions.map((e) => ({ entity: normalizeId(e.entity), reason: e.reason }));
  const explicitSet = new Set(explicit.map((e) => e.entity));
  const exclusions = [...explicit];
  let capCount = 0;
  let openCount = 0;
  let notActive = 0;
  let explicitCount = 0;

  const candidates: SamplingCandidate[] = [];
  // Row ids in candidate order; a map over the whole pool would cost more than the draw itself.
  const rowIds: number[] = [];
  const conflictRows = db
    .prepare('SELECT employee_no AS inspector, entity_code AS entity, reason FROM inspector_conflicts')
    .all() as { inspector: string; entity: string; reason: string | null }[];
  const conflictCodes = new Set(conflictRows.map((c) => normalizeId(c.entity)));
  const conflictsInPool = new Set<string>();
  // Raw rows, one .all() per slice of ids (keyset paging): per-row iteration costs more than the query
  // itself, and slices keep a million raw rows from being held at once.
  const pool = poolSliceQuery(task);
  const page = db.prepare(pool.sql).raw(true);
  type PoolRow = [number, string, SamplingCandidate['kind'], SamplingCandidate['status'], string | null];
  for (let after = 0, rows: PoolRow[] = []; ; ) {
    rows = page.all(...pool.params, after, slice) as PoolRow[];
    for (const row of rows) addRow(row);
    if (rows.length < slice) break;
    after = (rows[rows.length - 1] as PoolRow)[0];
  }
  function addRow([rowId, rawCode, kind, status, computed]: PoolRow): void {
    const code = normalizeId(rawCode);
    if (!code) return;
    // A grade outside the profile's order counts as unclassified (reported, not an error).
    const grade = adjusted.size > 0 ? (adjusted.get(rowId) ?? computed) : computed;
    let cls: string | null = null;
    if (grade !== null) {
      if (known.has(grade)) cls = grade;
      else unknownGrade.set(grade, (unknownGrade.get(grade) ?? 0) + 1);
    }
    rowIds.push(rowId);
    if (conflictCodes.has(code)) conflictsInPool.add(code);
    candidates.push({ id: code, kind, class: cls, status });
    if (status !== 'active') {
      notActive++;
      return;
    }
    if (explicitSet.has(code)) {
      explicitCount++;
      return;
    }
    const cap = cls === null ? undefined : task.yearlyCaps[cls];
    if (cap !== undefined && (inspectionsThisYear.get(rowId) ?? 0) >= cap) {
      exclusions.push({ entity: code, reason: `${EXCLUSION_REASONS.yearlyCap}（${cls} 类每年 ${cap} 次）` });
      capCount++;
    } else if (inOpenPlan.has(rowId)) {
      exclusions.push({ entity: code, reason: EXCLUSION_REASONS.openPlan });
      openCount++;
    }
  }

  const items = db
    .prepare(
      `SELECT code, qualification FROM inspection_items WHERE code IN (${task.items.map(() => '?').join(', ')})`,
    )
    .all(...task.items) as { code: string; qualification: string | null }[];
  const itemByCode = new Map(items.map((i) => [i.code, i]));

  const inspectors: SamplingInspector[] = readInspectors(db).map((i) => ({
    id: i.employeeNo,
    name: i.name,
    active: i.status === 'active',
    certificateExpiry: i.certExpiry ?? (i.certNo ? NO_EXPIRY : null),
    qualifications: i.qualifications,
    expert: i.expert,
  }));

  const conflicts = conflictRows.filter((c) => conflictsInPool.has(normalizeId(c.entity)));

  const sampleTask: SamplingTask = {
    number: task.number,
    name: task.name,
    startDate: task.startDate,
    endDate: task.endDate,
    items: task.items.map((code) => ({ code, qualification: itemByCode.get(code)?.qualification ?? null })),
    teamSize: task.teamSize,
    classOrder: task.classOrder,
    ratios: task.ratios,
    conflicts,
    exclusions,
    gradingRun: task.gradingRunId === null ? null : String(task.gradingRunId),
  };

  const excluded = [
    { reason: EXCLUSION_REASONS.notActive, count: notActive },
    { reason: EXCLUSION_REASONS.yearlyCap, count: capCount },
    { reason: EXCLUSION_REASONS.openPlan, count: openCount },
    { reason: EXCLUSION_REASONS.explicit, count: explicitCount },
  ].filter((e) => e.count > 0);

  const unknownGrades = [...unknownGrade].map(([grade, count]) => ({ grade, count }));
  const entityIdsOf = (codes: Iterable<string>) => {
    const wanted = new Set(codes);
    const out = new Map<string, number>();
    for (let i = 0; i < candidates.length && out.size < wanted.size; i++) {
      const c = candidates[i] as SamplingCandidate;
      if (wanted.has(c.id)) out.set(c.id, rowIds[i] as number);
    }
    return out;
  };
  return { task: sampleTask, candidates, inspectors, entityIdsOf, excluded, unknownGrades };
}
