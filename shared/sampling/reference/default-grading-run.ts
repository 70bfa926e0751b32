/**
 * Which grading run a new task uses unless the user picks another: the newest complete run of the
 * county's model (the built-in 企业信用风险分类 model, samr-risk). Without one every candidate would
 * be 未分类, which the wizard warns about.
 */

export const COUNTY_MODEL_ID = 'samr-risk';

export interface RunChoice {
  id: number;
  modelId: string;
  asOf: string;
}

/** The newest run (highest id: runs are numbered as they are made) of `modelId`; null when none. */
export function defaultGradingRun<R extends RunChoice>(
  runs: readonly R[],
  modelId: string = COUNTY_MODEL_ID,
): R | null {
  let best: R | null = null;
  for (const r of runs) if (r.modelId === modelId && (best === null || r.id > best.id)) best = r;
  return best;
}
