/**
 * Inputs and outputs of the double-random draw (SPEC §6.4). The field names are the public contract of
 * `creditdesk sample … --json` (C.json, I.json, TASK.json and the plan printed), so they never change;
 * extra fields in the inputs are ignored.
 */
import { z } from 'zod';
import { ENTITY_KINDS, ENTITY_STATUSES, type EntityKind, type EntityStatus } from '../domain/entity.ts';
import type { CandidateColumns } from './candidate-columns.ts';

/** One candidate entity (检查对象名录库 row). `class` is its risk class in the grading run, or null. */
export interface SamplingCandidate {
  id: string;
  kind: EntityKind;
  class: string | null;
  status: EntityStatus;
}

/** One inspector (执法检查人员名录库 row). */
export interface SamplingInspector {
  /** Employee number (单位工号); inspectors are ordered by it (UTF-8 byte order). */
  id: string;
  name: string;
  active: boolean;
  /** Law-enforcement certificate expiry (YYYY-MM-DD); null = no certificate, never drawn. */
  certificateExpiry: string | null;
  qualifications: string[];
  /** Experts help but never count towards the team (SPEC §6.1), so the team draw leaves them out. */
  expert: boolean;
}

export interface SamplingTaskItem {
  code: string;
  /** The 专业岗位资格 the item requires, or null (无需专业岗位资格). */
  qualification: string | null;
}

/** Ratios in basis points per kind, per class (keys of `classOrder`) plus `unclassified`. */
export type RatioProfile = Partial<Record<EntityKind, Record<string, number>>>;

export interface SamplingConflict {
  inspector: string;
  entity: string;
  reason?: string | null;
}

export interface SamplingExclusion {
  entity: string;
  reason: string;
}

export interface SamplingTask {
  number: string;
  name: string;
  startDate: string;
  endDate: string;
  items: SamplingTaskItem[];
  teamSize: number;
  /** The grading model's grade order, e.g. A, B, C, D for samr-risk; `unclassified` comes after it. */
  classOrder: string[];
  ratios: RatioProfile;
  conflicts: SamplingConflict[];
  exclusions: SamplingExclusion[];
  /** The grading run whose classes drive the ratios (committed in the digest); null when none. */
  gradingRun?: string | null;
}

/** Everything the draw depends on besides the seed. */
export interface DrawInput {
  task: SamplingTask;
  candidates: readonly SamplingCandidate[];
  inspectors: readonly SamplingInspector[];
}

/** DrawInput with the candidates as columns (the draw from the database): the same plan as objects. */
export interface ColumnarDrawInput extends Omit<DrawInput, 'candidates'> {
  candidates: CandidateColumns;
}

/** Either form of the draw's input. */
export type AnyDrawInput = DrawInput | ColumnarDrawInput;

/** The name of the stratum of candidates without a class. */
export const UNCLASSIFIED = 'unclassified';

export interface DrawStratum {
  kind: EntityKind;
  /** null = unclassified */
  class: string | null;
  N: number;
  k: number;
  /** The ratio applied, in basis points. */
  bp: number;
}

export interface DrawSelected {
  id: string;
  kind: EntityKind;
  class: string | null;
}

export interface DrawTeam {
  entity: string;
  /** Inspector ids in picking order; the first one leads (主检). */
  inspectors: string[];
  lead: string;
}

/** The plan as printed by `creditdesk sample --json` (SPEC §6.4 steps 1–7). */
export interface DrawResult {
  digest: string;
  seed: string;
  /** Strata with N > 0, in stratum order. */
  strata: DrawStratum[];
  selected: DrawSelected[];
  teams: DrawTeam[];
  unstaffed: string[];
  /** Non-fatal findings, in Chinese (e.g. the national 3% floor of A07). */
  warnings: string[];
  /** Ids of inspectors eligible for the task (E_task), sorted; for display and checking. */
  eligibleInspectors: string[];
}

/** A problem with the draw's inputs; the message is for the user (Chinese). */
export class SamplingInputError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(problems.join('；'));
    this.problems = problems;
  }
}

// ---- zod schemas for the files of the command line and the API (extra fields are allowed) ----

const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, '日期格式应为 YYYY-MM-DD');

export const samplingCandidateSchema = z.object({
  id: z.string().min(1),
  kind: z.enum(ENTITY_KINDS),
  class: z.string().min(1).nullable(),
  status: z.enum(ENTITY_STATUSES),
});

export const samplingInspectorSchema = z.object({
  id: z.string().min(1),
  name: z.string(),
  active: z.boolean(),
  certificateExpiry: isoDate.nullable(),
  qualifications: z.array(z.string()),
  expert: z.boolean(),
});

export const samplingTaskSchema = z.object({
  number: z.string(),
  name: z.string(),
  startDate: isoDate,
  endDate: isoDate,
  items: z.array(z.object({ code: z.string().min(1), qualification: z.string().min(1).nullable() })),
  teamSize: z.number().int().min(2, '每组至少 2 名检查人员').max(20),
  classOrder: z.array(z.string().min(1)),
  ratios: z.partialRecord(z.enum(ENTITY_KINDS), z.record(z.string(), z.number().int().min(0).max(10000))),
  conflicts: z.array(
    z.object({ inspector: z.string().min(1), entity: z.string().min(1), reason: z.string().nullish() }),
  ),
  exclusions: z.array(z.object({ entity: z.string().min(1), reason: z.string() })),
  gradingRun: z.string().nullish(),
});
