/** Administration (issue 6): users and roles, audit verification, idle lock, backups. */
import type { ContractTable } from './table.ts';

export const adminContract = {} as const satisfies ContractTable;
