/**
 * The double-random draw (双随机, SPEC §6.4): pure, deterministic and verifiable. Storage, lifecycle and
 * UI build on this API; the seed for a new draw comes from the caller's CSPRNG (32 bytes).
 *
 *   const outcome = drawPlanDetailed({ task, candidates, inspectors }, seedBytes);
 *   const plan = buildPlanDocument(input, outcome, { drawnAt, drawnBy });   // store / export this
 *   verifyPlan(plan) / verifyPlan(plan, candidates)                         // { match, differences }
 */
export type {
  AnyDrawInput,
  ColumnarDrawInput,
  DrawInput,
  DrawResult,
  DrawSelected,
  DrawStratum,
  DrawTeam,
  RatioProfile,
  SamplingCandidate,
  SamplingConflict,
  SamplingExclusion,
  SamplingInspector,
  SamplingTask,
  SamplingTaskItem,
} from './types.ts';
export {
  SamplingInputError,
  samplingCandidateSchema,
  samplingInspectorSchema,
  samplingTaskSchema,
  UNCLASSIFIED,
} from './types.ts';
export type { DrawOptions, DrawOutcome } from './draw.ts';
export type { IncrementalHash } from './commitment.ts';
export { drawEntities, drawEntityRows, drawPlan, drawPlanDetailed, parseSeed } from './draw.ts';
export type { CandidateColumns } from './candidate-columns.ts';
export {
  candidateCount,
  fromCandidateColumns,
  isCandidateColumns,
  NO_CLASS,
  toCandidateColumns,
} from './candidate-columns.ts';
export type { PreparedDraw, PreparedStratum } from './prepare.ts';
export { isPlainCode, normalizeId, prepareDraw } from './prepare.ts';
export {
  COMMITMENT_FORMAT,
  commitmentDigest,
  commitmentDigestHex,
  commitmentText,
  stratumIdsJson,
} from './commitment.ts';
export { planDocumentText } from './plan-text.ts';
export { DrawStream } from './stream.ts';
export { drawTeams, eligibleInspectors, isEligible } from './teams.ts';
export type { PlanCandidateStratum, PlanDocument, PlanMeta, PlanVerification } from './plan-file.ts';
export {
  buildPlanDocument,
  comparePlans,
  embeddedCandidates,
  PLAN_FORMAT,
  parsePlanDocument,
  planDocumentSchema,
  verifyPlan,
} from './plan-file.ts';
export { fromHex, hmacSha256, Sha256, sha256, toHex } from './sha256.ts';
export { compareUtf8, sortUtf8 } from './order.ts';
