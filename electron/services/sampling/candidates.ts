/**
 * Builds the draw's inputs from the database (SPEC §6.1–6.3): the target pool (entities, filtered for a
 * 定向 task), each entity's class in the chosen grading run, the eligible inspector pool, the conflicts,
 * and the exclusions — the explicit list plus those the rules add (yearly cap per class reached, in
 * another open plan). Entities not in business are passed with their status; the pure draw removes them.
 */
import type { SamplingCandidate, SamplingInspector, SamplingTask } from '../../../shared/sampling/index.ts';
import { normalizeId } from '../../../shared/sampling/index.ts';
import type { Db } from '../../db/open.ts';
import { readConflicts, readInspectors } from './repository/inspectors.ts';
import {
  entitiesInOtherOpenPlans,
  inspectionsBetween,
  latestAdjustments,
  type PoolRow,
  poolKind,
  poolSlices,
  poolStatus,
} from './repository/pool.ts';
import { itemQualifications } from './repository/reference.ts';
import type { StoredTask } from './repository/tasks.ts';

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

/**
 * One set-based read of the pool: row id, code, kind, status and grade, in entity id order, as raw
 * rows (no per-row objects but the candidate itself). On a million entities the former per-entity
 * grade map and generator cost more than the draw. `slice`: pool rows per query (tests use a small one
 * to cross slice boundaries).
 */
export function buildDrawInputs(db: Db, task: StoredTask, slice = POOL_SLICE): DrawInputs {
  const known = new Set(task.classOrder);
  const adjusted: Map<number, string> =
    task.gradingRunId === null ? new Map() : latestAdjustments(db, task.gradingRunId);
  const unknownGrade = new Map<string, number>();

  // Inspections so far in the task's calendar year, for the yearly caps.
  const year = task.startDate.slice(0, 4);
  const inspectionsThisYear =
    Object.keys(task.yearlyCaps).length > 0
      ? inspectionsBetween(db, `${year}-01-01`, `${year}-12-31`)
      : new Map<number, number>();

  // Entities in the current plan of another task that is not yet published.
  const inOpenPlan = entitiesInOtherOpenPlans(db, task.id);

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
  const conflictRows = readConflicts(db);
  const conflictCodes = new Set(conflictRows.map((c) => normalizeId(c.entity)));
  const conflictsInPool = new Set<string>();
  for (const rows of poolSlices(db, task, slice)) for (const row of rows) addRow(row);
  function addRow([rowId, rawCode, kindStatus, computed]: PoolRow): void {
    const code = normalizeId(rawCode);
    if (!code) return;
    const kind = poolKind(kindStatus);
    const status = poolStatus(kindStatus);
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

  const qualificationOf = itemQualifications(db, task.items);

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
    items: task.items.map((code) => ({ code, qualification: qualificationOf.get(code) ?? null })),
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
