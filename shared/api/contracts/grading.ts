/** Grading (issue 3): models, runs, results, comparisons, manual adjustments. */
import type { ContractTable } from './table.ts';

export const gradingContract = {} as const satisfies ContractTable;
