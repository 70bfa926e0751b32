/**
 * The candidates as columns: one identifier array and three small-integer arrays, instead of one object
 * per candidate. The draw from the database reads its pool straight into this form (a million candidate
 * objects cost as much as the pure draw); the object form of C.json is converted on the way in, with the
 * same per-row checks and messages as before. Either form gives the same strata and the same digest.
 */
import { ENTITY_KINDS, ENTITY_STATUSES } from '../domain/entity.ts';
import type { AnyDrawInput, SamplingCandidate } from './types.ts';

export interface CandidateColumns {
  /** Identifiers as given (the draw normalises them); index i is candidate i in every column. */
  readonly ids: readonly string[];
  /** Index into ENTITY_KINDS (INVALID_ROW: a row already reported as a problem). */
  readonly kinds: Uint8Array;
  /** Index into the task's classOrder, or NO_CLASS (unclassified). */
  readonly classes: Uint8Array;
  /** Index into ENTITY_STATUSES. */
  readonly statuses: Uint8Array;
  /**
   * True only when every id is already normalised and made of digits and capital letters alone (the
   * database read checks each code as it normalises it): the draw then skips checking them again.
   */
  readonly plainIds?: boolean;
}

/** `classes` value of a candidate without a class (the unclassified stratum). */
export const NO_CLASS = 255;
/** `kinds` value of a row whose problem the conversion has already reported; the draw skips it. */
export const INVALID_ROW = 255;
/** The most classes a profile's order may hold in the column form (NO_CLASS must stay apart). */
export const MAX_CLASSES = NO_CLASS;

/** Tells the two forms of the draw's candidates apart. */
export function isCandidateColumns(c: AnyDrawInput['candidates']): c is CandidateColumns {
  return !Array.isArray(c);
}

/** How many candidates, in either form. */
export function candidateCount(c: AnyDrawInput['candidates']): number {
  return isCandidateColumns(c) ? c.ids.length : c.length;
}

const kindIndex = new Map<string, number>(ENTITY_KINDS.map((k, i) => [k, i]));
const statusIndex = new Map<string, number>(ENTITY_STATUSES.map((s, i) => [s, i]));
/** Rows named one by one in the problems; the rest are counted. */
const NAMED_BAD_ROWS = 5;

/**
 * The object form (C.json, verification) as columns. `classIndex` maps the task's classes to their
 * index in classOrder. Rows with an unknown kind, class or status or without an id are marked
 * INVALID_ROW and described in `problems` (the first five by row number, the rest counted).
 */
export function toCandidateColumns(
  candidates: readonly SamplingCandidate[],
  classIndex: ReadonlyMap<string, number>,
): { columns: CandidateColumns; problems: string[] } {
  const n = candidates.length;
  const ids = new Array<string>(n);
  const kinds = new Uint8Array(n);
  const classes = new Uint8Array(n);
  const statuses = new Uint8Array(n);
  const problems: string[] = [];
  let badRows = 0;
  for (let r = 0; r < n; r++) {
    const c = candidates[r]!;
    const ki = kindIndex.get(c.kind);
    const ci = c.class === null || c.class === undefined ? NO_CLASS : classIndex.get(c.class);
    const si = statusIndex.get(c.status);
    ids[r] = typeof c.id === 'string' ? c.id : '';
    if (ki === undefined || ci === undefined || si === undefined || typeof c.id !== 'string' || c.id === '') {
      kinds[r] = INVALID_ROW;
      if (badRows++ < NAMED_BAD_ROWS) {
        if (ki === undefined) problems.push(`第 ${r + 1} 个候选主体的类型“${c.kind}”无效`);
        else if (ci === undefined) problems.push(`第 ${r + 1} 个候选主体的等级“${c.class}”不在等级顺序中`);
        else if (si === undefined) problems.push(`第 ${r + 1} 个候选主体的状态“${c.status}”无效`);
        else problems.push(`第 ${r + 1} 个候选主体没有标识`);
      }
      continue;
    }
    kinds[r] = ki;
    classes[r] = ci;
    statuses[r] = si;
  }
  if (badRows > NAMED_BAD_ROWS) problems.push(`另有 ${badRows - NAMED_BAD_ROWS} 个候选主体有误`);
  return { columns: { ids, kinds, classes, statuses }, problems };
}

/** The columns as candidate objects (C.json form), e.g. to write the pool out or compare it in tests. */
export function fromCandidateColumns(
  c: CandidateColumns,
  classOrder: readonly string[],
): SamplingCandidate[] {
  const out: SamplingCandidate[] = new Array(c.ids.length);
  for (let r = 0; r < c.ids.length; r++)
    out[r] = {
      id: c.ids[r]!,
      kind: ENTITY_KINDS[c.kinds[r]!]!,
      class: c.classes[r] === NO_CLASS ? null : classOrder[c.classes[r]!]!,
      status: ENTITY_STATUSES[c.statuses[r]!]!,
    };
  return out;
}
