/**
 * Step 1 of SPEC §6.4: check the inputs, drop candidates that are not in business or are excluded, form
 * the strata (kind × class, then unclassified) with their candidates sorted by identifier, and compute
 * `k = min(N, ceil(N × bp / 10000))` in integers.
 */
import { ENTITY_KIND_LABELS, ENTITY_KINDS, ENTITY_STATUSES, type EntityKind } from '../domain/entity.ts';
import { normalizeCode } from '../identifiers/normalize.ts';
import {
  type CandidateColumns,
  INVALID_ROW,
  isCandidateColumns,
  MAX_CLASSES,
  NO_CLASS,
  toCandidateColumns,
} from './candidate-columns.ts';
import { exclusionTest } from './exclusion-filter.ts';
import { byteOrderPermutation } from './id-order.ts';
import { compareUtf8, sortUtf8 } from './order.ts';
import {
  type AnyDrawInput,
  type SamplingInspector,
  type SamplingTaskItem,
  SamplingInputError,
  UNCLASSIFIED,
} from './types.ts';

export interface PreparedStratum {
  kind: EntityKind;
  class: string | null;
  bp: number;
  /** Candidate ids, normalised, sorted in UTF-8 byte order. */
  ids: string[];
  /** Where each of `ids` stands in the input's candidate list (to find its entity again). */
  rows: Uint32Array;
  k: number;
}

/** The inputs in canonical form: what the commitment covers and what the draw uses. */
export interface PreparedDraw {
  number: string;
  name: string;
  startDate: string;
  endDate: string;
  teamSize: number;
  classOrder: string[];
  /** bp for every kind × (classOrder, unclassified), in stratum order (0 where the profile is silent). */
  ratios: { kind: EntityKind; class: string | null; bp: number }[];
  items: SamplingTaskItem[];
  /** Sorted by entity then inspector, without duplicates. */
  conflicts: { entity: string; inspector: string }[];
  /** Excluded entity ids, sorted, without duplicates. */
  exclusions: string[];
  gradingRun: string | null;
  /** Every inspector, sorted by id; qualifications sorted and without duplicates. */
  inspectors: SamplingInspector[];
  /** Every stratum with N > 0, in stratum order. */
  strata: PreparedStratum[];
  /** True when every candidate id is digits and capital letters only (fast paths; see order.ts). */
  plainIds: boolean;
  /** Candidates removed before forming the strata. */
  removed: { notActive: number; excluded: number };
}

/** Already normalised: only digits and capital letters (then no JSON escaping is needed either). */
export function isPlainCode(id: string): boolean {
  if (id.length === 0) return false;
  for (let i = 0; i < id.length; i++) {
    const c = id.charCodeAt(i);
    if (c < 48 || (c > 57 && c < 65) || c > 90) return false;
  }
  return true;
}
const KINDS = new Set<string>(ENTITY_KINDS);
const ACTIVE = ENTITY_STATUSES.indexOf('active');
const DATE = /^\d{4}-\d{2}-\d{2}$/;

/** Identifiers are compared after the normalisation of SPEC §3 (half-width, no separators, upper case). */
export function normalizeId(id: string): string {
  return isPlainCode(id) ? id : normalizeCode(id);
}

function byKeys<T>(...keys: ((t: T) => string)[]): (a: T, b: T) => number {
  return (a, b) => {
    for (const key of keys) {
      const c = compareUtf8(key(a), key(b));
      if (c !== 0) return c;
    }
    return 0;
  };
}

export function prepareDraw(input: AnyDrawInput): PreparedDraw {
  const { task } = input;
  const problems: string[] = [];

  if (!Number.isInteger(task.teamSize) || task.teamSize < 2) problems.push('每组检查人员不得少于 2 名');
  if (!DATE.test(task.startDate) || !DATE.test(task.endDate))
    problems.push('检查期间的日期格式应为 YYYY-MM-DD');
  else if (task.endDate < task.startDate) problems.push('检查结束日期早于开始日期');

  const classOrder = [...task.classOrder];
  const classIndex = new Map<string, number>();
  for (const c of classOrder) {
    if (c === UNCLASSIFIED) problems.push(`等级顺序中不能出现“${UNCLASSIFIED}”`);
    else if (classIndex.has(c)) problems.push(`等级顺序中“${c}”重复`);
    classIndex.set(c, classIndex.size);
  }

  // The profile: every kind × class in stratum order, 0 where it is silent; keys must be known classes.
  const ratios: PreparedDraw['ratios'] = [];
  const bpOf = new Map<string, number>();
  for (const [kind, byClass] of Object.entries(task.ratios)) {
    if (!KINDS.has(kind)) {
      problems.push(`抽查比例中的主体类型“${kind}”无效`);
      continue;
    }
    for (const [cls, bp] of Object.entries(byClass ?? {})) {
      if (cls !== UNCLASSIFIED && !classIndex.has(cls))
        problems.push(`抽查比例中的等级“${cls}”不在等级顺序中`);
      if (!Number.isInteger(bp) || bp < 0 || bp > 10000)
        problems.push(
          `抽查比例须为 0–10000 的整数（万分比），${ENTITY_KIND_LABELS[kind as EntityKind]}/${cls} 为 ${bp}`,
        );
    }
  }
  for (const kind of ENTITY_KINDS) {
    const byClass = task.ratios[kind] ?? {};
    let previous = -1;
    let previousClass = '';
    for (const cls of [...classOrder, UNCLASSIFIED]) {
      const given = Object.hasOwn(byClass, cls) ? byClass[cls] : undefined;
      const bp = given ?? 0;
      ratios.push({ kind, class: cls === UNCLASSIFIED ? null : cls, bp });
      bpOf.set(`${kind}\u0000${cls}`, bp);
      // SPEC §6.3: ratio(A) ≤ ratio(B) ≤ … along the grade order (unclassified stands apart).
      if (cls !== UNCLASSIFIED && given !== undefined) {
        if (given < previous)
          problems.push(
            `抽查比例须随风险等级单调不减：${ENTITY_KIND_LABELS[kind]}的 ${cls} 类（${given}）低于 ${previousClass} 类（${previous}）`,
          );
        previous = given;
        previousClass = cls;
      }
    }
  }

  // Items: sorted, duplicates dropped.
  const items = [...task.items]
    .map((i) => ({ code: i.code, qualification: i.qualification ?? null }))
    .sort(
      byKeys<SamplingTaskItem>(
        (i) => i.code,
        (i) => (i.qualification === null ? '' : `\u0001${i.qualification}`),
      ),
    )
    .filter((i, n, a) => n === 0 || a[n - 1]!.code !== i.code || a[n - 1]!.qualification !== i.qualification);

  const exclusions = sortUtf8([...new Set(task.exclusions.map((e) => normalizeId(e.entity)))]);
  const excluded = new Set(exclusions);
  const isExcluded = exclusionTest(excluded);

  const conflictKeys = new Set<string>();
  const conflicts: PreparedDraw['conflicts'] = [];
  for (const c of task.conflicts) {
    const entity = normalizeId(c.entity);
    const key = `${entity}\u0000${c.inspector}`;
    if (conflictKeys.has(key)) continue;
    conflictKeys.add(key);
    conflicts.push({ entity, inspector: c.inspector });
  }
  conflicts.sort(
    byKeys<{ entity: string; inspector: string }>(
      (c) => c.entity,
      (c) => c.inspector,
    ),
  );

  // Inspectors: unique ids, sorted; qualifications as a sorted set.
  const inspectors: SamplingInspector[] = input.inspectors.map((i) => ({
    id: i.id,
    name: i.name,
    active: i.active === true,
    certificateExpiry: i.certificateExpiry ?? null,
    qualifications: sortUtf8([...new Set(i.qualifications)]),
    expert: i.expert === true,
  }));
  inspectors.sort((a, b) => compareUtf8(a.id, b.id));
  for (let i = 0; i < inspectors.length; i++) {
    const insp = inspectors[i]!;
    if (insp.id === '') problems.push('检查人员的工号不能为空');
    if (i > 0 && inspectors[i - 1]!.id === insp.id) problems.push(`检查人员工号“${insp.id}”重复`);
    if (insp.certificateExpiry !== null && !DATE.test(insp.certificateExpiry))
      problems.push(`检查人员“${insp.id}”的执法证有效期格式应为 YYYY-MM-DD`);
  }

  if (classOrder.length >= MAX_CLASSES) problems.push(`等级顺序最多 ${MAX_CLASSES - 1} 个等级`);
  let columns: CandidateColumns;
  if (isCandidateColumns(input.candidates)) columns = input.candidates;
  else {
    const converted = toCandidateColumns(input.candidates, classIndex);
    problems.push(...converted.problems);
    columns = converted.columns;
  }

  // Candidates in business and not excluded, each with its stratum (kind-major, then class in grade
  // order, then unclassified) and its row in the input.
  const perKind = classOrder.length + 1;
  const { ids, kinds, classes, statuses } = columns;
  const trustedPlain = columns.plainIds === true;
  const n = ids.length;
  const kept: string[] = [];
  const keptRow = new Uint32Array(n);
  const stratumOf = new Uint32Array(n);
  let notActive = 0;
  let excludedCount = 0;
  let badRows = 0;
  // When every id is digits and capitals, no id needs JSON escaping and the ids sort as numbers.
  let allPlain = true;
  for (let r = 0; r < n; r++) {
    const ki = kinds[r]!;
    if (ki === INVALID_ROW) continue;
    const cls = classes[r]!;
    const ci = cls === NO_CLASS ? classOrder.length : cls;
    const raw = ids[r];
    if (
      ki >= ENTITY_KINDS.length ||
      (cls !== NO_CLASS && cls >= classOrder.length) ||
      statuses[r]! >= ENTITY_STATUSES.length ||
      typeof raw !== 'string' ||
      raw === ''
    ) {
      if (badRows++ < 5) problems.push(`第 ${r + 1} 个候选主体的类型、等级或状态无效，或没有标识`);
      continue;
    }
    if (statuses[r] !== ACTIVE) {
      notActive++;
      continue;
    }
    let id = raw;
    if (!trustedPlain) {
      const plain = isPlainCode(raw);
      if (!plain) id = normalizeCode(raw);
      if (!plain && !isPlainCode(id)) allPlain = false;
    }
    if (isExcluded(id)) {
      excludedCount++;
      continue;
    }
    keptRow[kept.length] = r;
    stratumOf[kept.length] = ki * perKind + ci;
    kept.push(id);
  }
  if (badRows > 5) problems.push(`另有 ${badRows - 5} 个候选主体有误`);

  // One sort of every kept id in byte order, then each id to its stratum in that order: the strata come
  // out sorted, and an id listed twice (in one stratum or in two) is next to its twin.
  // Each stratum's array is allocated at its final size: a million pushes would copy them as they grow.
  const sizes = new Array<number>(ENTITY_KINDS.length * perKind).fill(0);
  for (let i = 0; i < kept.length; i++) sizes[stratumOf[i]!]!++;
  const buckets: string[][] = sizes.map((size) => new Array<string>(size));
  const bucketRows = sizes.map((size) => new Uint32Array(size));
  const filled = new Array<number>(sizes.length).fill(0);
  const order = byteOrderPermutation(kept, allPlain);
  const duplicates: string[] = [];
  let previous: string | undefined;
  for (let r = 0; r < order.length; r++) {
    const i = order[r]!;
    const id = kept[i]!;
    if (id === previous && duplicates.length < 5 && duplicates.at(-1) !== id) duplicates.push(id);
    previous = id;
    const b = stratumOf[i]!;
    const at = filled[b]!++;
    buckets[b]![at] = id;
    bucketRows[b]![at] = keptRow[i]!;
  }

  const strata: PreparedStratum[] = [];
  buckets.forEach((ids, b) => {
    if (ids.length === 0) return;
    const kind = ENTITY_KINDS[Math.floor(b / perKind)]!;
    const ci = b % perKind;
    const cls = ci === classOrder.length ? null : classOrder[ci]!;
    const bp = bpOf.get(`${kind}\u0000${cls ?? UNCLASSIFIED}`) ?? 0;
    const N = ids.length;
    // ceil(N × bp / 10000) in integers; N × bp < 2^53 for any county.
    const k = Math.min(N, Math.floor((N * bp + 9999) / 10000));
    strata.push({ kind, class: cls, bp, ids, rows: bucketRows[b]!, k });
  });
  // A candidate listed twice would make the draw ambiguous.
  if (duplicates.length > 0) problems.push(`候选主体标识重复：${duplicates.join('、')}`);

  if (problems.length > 0) throw new SamplingInputError(problems);
  return {
    number: task.number,
    name: task.name,
    startDate: task.startDate,
    endDate: task.endDate,
    teamSize: task.teamSize,
    classOrder,
    ratios,
    items,
    conflicts,
    exclusions,
    gradingRun: task.gradingRun ?? null,
    inspectors,
    strata,
    plainIds: allPlain,
    removed: { notActive, excluded: excludedCount },
  };
}
