/**
 * Builds the draw's inputs from the database (SPEC §6.1–6.3): the target pool (entities, filtered for a
 * 定向 task), each entity's class in the chosen grading run, the eligible inspector pool, the conflicts,
 * and the exclusions — the explicit list plus those the rules add (yearly cap per class reached, in
 * another open plan). Entities not in business are passed with their status; the pure draw removes them.
 */
import type { CandidateColumns, SamplingInspector, SamplingTask } from '../../../shared/sampling/index.ts';
import { isPlainCode, NO_CLASS, normalizeId } from '../../../shared/sampling/index.ts';
import { normalizeCode } from '../../../shared/identifiers/normalize.ts';
import { ENTITY_STATUSES } from '../../../shared/domain/entity.ts';
import type { DataDoor } from '../../db/sql.ts';
import { readConflicts, readInspectors } from './repository/inspectors.ts';
import {
  entitiesInOtherOpenPlans,
  inspectionsBetween,
  latestAdjustments,
  type PoolRow,
  poolKindIndex,
  poolSlices,
  poolStatusIndex,
} from './repository/pool.ts';
import { itemQualifications } from './repository/reference.ts';
import type { StoredTask } from './repository/tasks.ts';

export interface DrawInputs {
  task: SamplingTask;
  /** The pool in entity id order, as columns (no object per entity); classes index task.classOrder. */
  candidates: CandidateColumns;
  inspectors: SamplingInspector[];
  /** The entity (row id) of the candidate at this row, for storing the plan's entries. */
  entityIdAt(row: number): number;
  /** Exclusion counts by reason, for the preview and the plan. */
  excluded: { reason: string; count: number }[];
  /**
   * Grades of the run that the profile does not know (those entities count as unclassified), counted
   * over the task's pool: for a 定向 task, entities outside the filter are not drawn and not counted.
   */
  unknownGrades: { grade: string; count: number }[];
}

const ACTIVE = ENTITY_STATUSES.indexOf('active');

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

/** A typed-array column that grows by doubling (the pool's size is known only once it is read). */
class GrowingColumn<T extends Uint8Array | Float64Array> {
  private data: T;
  private readonly make: (n: number) => T;
  length = 0;
  constructor(make: (n: number) => T) {
    this.make = make;
    this.data = make(1024);
  }
  push(v: number): void {
    if (this.length === this.data.length) {
      const bigger = this.make(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data[this.length++] = v;
  }
  /** The filled part (a copy: the spare half of the buffer is not kept alive). */
  values(): T {
    return this.data.slice(0, this.length) as T;
  }
}

/**
 * One set-based read of the pool: row id, code, kind, status and grade, in entity id order, as raw
 * rows, straight into columns (no object per candidate: a million of them cost as much as the pure
 * draw). `slice`: pool rows per query (tests use a small one to cross slice boundaries).
 */
export function buildDrawInputs(db: DataDoor, task: StoredTask, slice = POOL_SLICE): DrawInputs {
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

  const classIndex = new Map(task.classOrder.map((c, i) => [c, i]));
  const ids: string[] = [];
  const kinds = new GrowingColumn((n) => new Uint8Array(n));
  const classes = new GrowingColumn((n) => new Uint8Array(n));
  const statuses = new GrowingColumn((n) => new Uint8Array(n));
  // Row ids in candidate order; a map over the whole pool would cost more than the draw itself.
  const rowIds = new GrowingColumn((n) => new Float64Array(n));
  const conflictRows = readConflicts(db);
  const conflictCodes = new Set(conflictRows.map((c) => normalizeId(c.entity)));
  const conflictsInPool = new Set<string>();
  for (const rows of poolSlices(db, task, slice)) for (const row of rows) addRow(row);
  // Whether every code came out plain (digits and capitals), which the draw then need not check again.
  let allPlain = true;
  function addRow([rowId, rawCode, kindStatus, computed]: PoolRow): void {
    // normalizeId, with the plainness it finds on the way kept.
    const plain = isPlainCode(rawCode);
    const code = plain ? rawCode : normalizeCode(rawCode);
    if (!code) return;
    if (!plain && !isPlainCode(code)) allPlain = false;
    const status = poolStatusIndex(kindStatus);
    // A grade outside the profile's order counts as unclassified (reported, not an error).
    const grade = adjusted.size > 0 ? (adjusted.get(rowId) ?? computed) : computed;
    let ci = NO_CLASS;
    if (grade !== null) {
      const known = classIndex.get(grade);
      if (known !== undefined) ci = known;
      else unknownGrade.set(grade, (unknownGrade.get(grade) ?? 0) + 1);
    }
    ids.push(code);
    kinds.push(poolKindIndex(kindStatus));
    classes.push(ci);
    statuses.push(status);
    rowIds.push(rowId);
    if (conflictCodes.size > 0 && conflictCodes.has(code)) conflictsInPool.add(code);
    if (status !== ACTIVE) {
      notActive++;
      return;
    }
    if (explicitSet.size > 0 && explicitSet.has(code)) {
      explicitCount++;
      return;
    }
    const cls = ci === NO_CLASS ? undefined : task.classOrder[ci];
    const cap = cls === undefined ? undefined : task.yearlyCaps[cls];
    if (cap !== undefined && (inspectionsThisYear.get(rowId) ?? 0) >= cap) {
      exclusions.push({ entity: code, reason: `${EXCLUSION_REASONS.yearlyCap}（${cls} 类每年 ${cap} 次）` });
      capCount++;
    } else if (inOpenPlan.size > 0 && inOpenPlan.has(rowId)) {
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
  const entityIds = rowIds.values();
  const candidates: CandidateColumns = {
    ids,
    kinds: kinds.values(),
    classes: classes.values(),
    statuses: statuses.values(),
    plainIds: allPlain,
  };
  return {
    task: sampleTask,
    candidates,
    inspectors,
    entityIdAt: (row) => entityIds[row]!,
    excluded,
    unknownGrades,
  };
}
