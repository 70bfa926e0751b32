/** Which two runs the 对比 tab opens with. */

interface RunRef {
  id: number;
  modelId: string;
}

/**
 * The newest run against the run before it of the same model (runs come newest first); null when the
 * newest run's model has no earlier run, so the user picks both.
 */
export function defaultComparePair(runs: readonly RunRef[]): { from: string; to: string } | null {
  const latest = runs[0];
  if (!latest) return null;
  const previous = runs.find((r) => r.id !== latest.id && r.modelId === latest.modelId);
  return previous ? { from: String(previous.id), to: String(latest.id) } : null;
}
