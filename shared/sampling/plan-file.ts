/**
 * The plan document: everything needed to re-derive a drawn plan (SPEC §6.4 “reproducible by anyone
 * holding the plan file”). It records the task and inspector pool as drawn, the stratified candidates
 * (unless left out on purpose), the commitment digest, the seed and the outcome. Verification re-runs the
 * draw from those inputs and compares everything; see docs/sampling-draw.md.
 */
import { z } from 'zod';
import { ENTITY_KINDS, type EntityKind } from '../domain/entity.ts';
import { type DrawOptions, type DrawOutcome, drawPlan } from './draw.ts';
import {
  type AnyDrawInput,
  type DrawResult,
  type SamplingCandidate,
  type SamplingInspector,
  type SamplingTask,
  samplingInspectorSchema,
  samplingTaskSchema,
} from './types.ts';

export const PLAN_FORMAT = 'creditdesk-sampling-plan/1';

/** The candidates of one stratum, as committed (normalised ids in byte order). */
export interface PlanCandidateStratum {
  kind: EntityKind;
  class: string | null;
  ids: string[];
}

export interface PlanDocument extends Omit<DrawResult, 'eligibleInspectors'> {
  format: typeof PLAN_FORMAT;
  task: SamplingTask;
  inspectors: SamplingInspector[];
  /** The stratified candidates (after removing those not in business and the exclusions); null if left out. */
  candidates: PlanCandidateStratum[] | null;
  drawnAt: string | null;
  drawnBy: string | null;
}

const hex64 = z.string().regex(/^[0-9a-f]{64}$/, '应为 64 位小写十六进制');
const kind = z.enum(ENTITY_KINDS);

export const planDocumentSchema = z.object({
  format: z.literal(PLAN_FORMAT),
  task: samplingTaskSchema,
  inspectors: z.array(samplingInspectorSchema),
  candidates: z.array(z.object({ kind, class: z.string().nullable(), ids: z.array(z.string()) })).nullable(),
  digest: hex64,
  seed: hex64,
  strata: z.array(
    z.object({
      kind,
      class: z.string().nullable(),
      N: z.number().int(),
      k: z.number().int(),
      bp: z.number().int(),
    }),
  ),
  selected: z.array(z.object({ id: z.string(), kind, class: z.string().nullable() })),
  teams: z.array(z.object({ entity: z.string(), inspectors: z.array(z.string()), lead: z.string() })),
  unstaffed: z.array(z.string()),
  warnings: z.array(z.string()),
  drawnAt: z.string().nullable(),
  drawnBy: z.string().nullable(),
});

/** Parses a plan document (e.g. JSON.parse of a plan file); throws a readable Error when malformed. */
export function parsePlanDocument(value: unknown): PlanDocument {
  const r = planDocumentSchema.safeParse(value);
  if (!r.success) {
    const first = r.error.issues
      .slice(0, 3)
      .map((i) => `${i.path.join('.') || '(根)'}：${i.message}`)
      .join('；');
    throw new Error(`不是有效的抽查计划文件：${first}`);
  }
  return r.data as PlanDocument;
}

export interface PlanMeta {
  drawnAt?: string | null;
  drawnBy?: string | null;
  /** Leave the candidate list out (e.g. to share a plan without the pool); verification then needs it. */
  omitCandidates?: boolean;
}

/** The plan document of a finished draw. */
export function buildPlanDocument(
  input: AnyDrawInput,
  outcome: DrawOutcome,
  meta: PlanMeta = {},
): PlanDocument {
  return {
    format: PLAN_FORMAT,
    task: input.task,
    inspectors: outcome.prepared.inspectors,
    candidates: meta.omitCandidates
      ? null
      : outcome.prepared.strata.map((s) => ({ kind: s.kind, class: s.class, ids: s.ids })),
    digest: outcome.digest,
    seed: outcome.seed,
    strata: outcome.strata,
    selected: outcome.selected,
    teams: outcome.teams,
    unstaffed: outcome.unstaffed,
    warnings: outcome.warnings,
    drawnAt: meta.drawnAt ?? null,
    drawnBy: meta.drawnBy ?? null,
  };
}

/** The embedded candidate list as draw input (they were all active and not excluded when drawn). */
export function embeddedCandidates(plan: PlanDocument): SamplingCandidate[] | null {
  if (!plan.candidates) return null;
  return plan.candidates.flatMap((s) =>
    s.ids.map((id) => ({ id, kind: s.kind, class: s.class, status: 'active' as const })),
  );
}

export interface PlanVerification {
  match: boolean;
  /** Where the candidates came from: given explicitly, or the list embedded in the plan. */
  source: 'candidates' | 'embedded';
  /** What differs, in Chinese, most important first (empty on a match). */
  differences: string[];
  recomputed: DrawResult;
}

const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

function describeList<T>(
  label: string,
  recorded: readonly T[],
  recomputed: readonly T[],
  show: (t: T) => string,
) {
  if (sameJson(recorded, recomputed)) return [];
  const n = Math.min(recorded.length, recomputed.length);
  for (let i = 0; i < n; i++) {
    if (!sameJson(recorded[i], recomputed[i]))
      return [`${label}第 ${i + 1} 项不一致：计划为 ${show(recorded[i]!)}，重算为 ${show(recomputed[i]!)}`];
  }
  return [`${label}数量不一致：计划 ${recorded.length} 项，重算 ${recomputed.length} 项`];
}

/** Compares a recorded plan with a recomputed one; returns the differences (empty = match). */
export function comparePlans(
  recorded: Omit<DrawResult, 'eligibleInspectors'>,
  recomputed: DrawResult,
): string[] {
  const d: string[] = [];
  if (recorded.digest !== recomputed.digest)
    d.push(
      `承诺摘要不一致：计划为 ${recorded.digest}，重算为 ${recomputed.digest}（候选名单或任务参数不同）`,
    );
  if (recorded.seed !== recomputed.seed) d.push('随机种子不一致');
  const stratum = (s: { kind: string; class: string | null; N: number; k: number }) =>
    `${s.kind}/${s.class ?? '未分类'} N=${s.N} k=${s.k}`;
  d.push(...describeList('分层', recorded.strata, recomputed.strata, stratum));
  d.push(...describeList('抽中主体', recorded.selected, recomputed.selected, (s) => s.id));
  d.push(
    ...describeList(
      '检查组',
      recorded.teams,
      recomputed.teams,
      (t) => `${t.entity}：${t.inspectors.join('、')}`,
    ),
  );
  d.push(...describeList('未配齐人员的主体', recorded.unstaffed, recomputed.unstaffed, (s) => s));
  return d;
}

/**
 * Re-runs the draw of a plan with its recorded seed and compares everything. The candidates are the given
 * list when there is one (the usual check: “is this the plan of that pool?”), else the embedded list.
 * Throws when there is neither.
 */
export function verifyPlan(
  plan: PlanDocument,
  candidates?: readonly SamplingCandidate[],
  options: DrawOptions = {},
): PlanVerification {
  const source = candidates ? 'candidates' : 'embedded';
  const list = candidates ?? embeddedCandidates(plan);
  if (!list) throw new Error('计划文件未附候选名单，请用 --candidates 提供候选名单后再核验');
  const recomputed = drawPlan(
    { task: plan.task, candidates: list, inspectors: plan.inspectors },
    plan.seed,
    options,
  );
  const differences = comparePlans(plan, recomputed);
  if (candidates && plan.candidates) {
    const embedded = drawPlan(
      { task: plan.task, candidates: embeddedCandidates(plan)!, inspectors: plan.inspectors },
      plan.seed,
      options,
    );
    if (embedded.digest !== recomputed.digest) differences.push('计划文件所附候选名单与所给候选名单不一致');
  }
  // A team's lead is its first inspector; a file whose lead column disagrees has been edited.
  for (const t of plan.teams)
    if (t.lead !== t.inspectors[0])
      differences.push(`检查组 ${t.entity} 的主检 ${t.lead} 不是第一名抽中的检查人员`);
  return { match: differences.length === 0, source, differences, recomputed };
}
