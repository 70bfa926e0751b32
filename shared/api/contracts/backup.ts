/** Backups (issue 6): on demand and daily, integrity, restore. */
import type { ContractTable } from './table.ts';

export const backupContract = {} as const satisfies ContractTable;
