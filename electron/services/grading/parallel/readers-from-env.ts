/**
 * What CREDITDESK_GRADING_READERS asks of a grading run, for tests and measurements (as
 * CREDITDESK_SYNC_CHECK_MAX_BYTES does for the integrity check):
 * - unset, empty or not a whole number: the run decides (parallel-source.ts: the size, the cores, the load);
 * - 0: serial, whatever the load, so a run can be timed without readers on an idle machine too;
 * - N > 0: N readers at any size and load.
 */
import type { ParallelReaders } from './parallel-source.ts';

export function gradingReadersFromEnv(
  value: string | undefined,
  dbPath: string,
  key: Uint8Array,
): ParallelReaders | undefined {
  const n = value?.trim() ? Number(value) : Number.NaN;
  if (n === 0) return undefined;
  if (Number.isInteger(n) && n > 0) return { dbPath, key, readers: n, minEntities: 0 };
  return { dbPath, key };
}
