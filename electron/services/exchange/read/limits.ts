import type { ReadLimits } from './types.ts';

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: ReadLimits = {
  maxFileBytes: 100 * MiB,
  maxUncompressedBytes: 600 * MiB,
  maxCompressionRatio: 300,
  maxRows: 1_100_000,
  maxColumns: 1_000,
  maxZipEntries: 10_000,
  maxCells: 3_000_000,
};

export function resolveLimits(partial: Partial<ReadLimits> | undefined): ReadLimits {
  return { ...DEFAULT_LIMITS, ...partial };
}
