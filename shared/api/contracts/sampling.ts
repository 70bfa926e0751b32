/** Double-random inspections (issue 5): items, inspectors, conflicts, ratio profiles, tasks, plans, results. */
import type { ContractTable } from './table.ts';

export const samplingContract = {} as const satisfies ContractTable;
