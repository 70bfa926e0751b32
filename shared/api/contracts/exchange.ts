/** Excel exchange (issue 4): import wizard, batches and undo, exports. */
import type { ContractTable } from './table.ts';

export const exchangeContract = {} as const satisfies ContractTable;
