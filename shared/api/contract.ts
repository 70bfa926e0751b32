/**
 * The one API between the renderer and the main process. Every call is named in one of the area files
 * of contracts/ with a zod schema for its input and its output; the IPC binding, the browser-mode HTTP
 * binding and the tests all use this table, so a call cannot exist on one transport and not on another.
 */
import { z } from 'zod';
import { analysisContract } from './contracts/analysis.ts';
import { auditContract } from './contracts/audit.ts';
import { backupContract } from './contracts/backup.ts';
import { connectionContract } from './contracts/connection.ts';
import { coreContract } from './contracts/core.ts';
import { dashboardContract } from './contracts/dashboard.ts';
import { exchangeContract } from './contracts/exchange.ts';
import { gradingContract } from './contracts/grading.ts';
import { monitoringContract } from './contracts/monitoring.ts';
import { repairContract } from './contracts/repair.ts';
import { samplingContract } from './contracts/sampling.ts';
import { usersContract } from './contracts/users.ts';

export * from './contracts/core.ts';
export type { StoredChoice } from './contracts/connection.ts';

// Validation messages reach officers: make zod's built-in ones Chinese too.
z.config(z.locales.zhCN());

export const contract = {
  ...coreContract,
  ...gradingContract,
  ...exchangeContract,
  ...samplingContract,
  ...usersContract,
  ...auditContract,
  ...backupContract,
  ...dashboardContract,
  ...repairContract,
  ...analysisContract,
  ...monitoringContract,
  ...connectionContract,
} as const;

export type Contract = typeof contract;
export type Method = keyof Contract;
export type Input<M extends Method> = z.input<Contract[M]['input']>;
export type ParsedInput<M extends Method> = z.output<Contract[M]['input']>;
export type Output<M extends Method> = z.output<Contract[M]['output']>;

export const METHODS = Object.keys(contract) as Method[];
export function isMethod(name: unknown): name is Method {
  return typeof name === 'string' && Object.hasOwn(contract, name);
}

/** The shape the renderer programs against, whichever transport carries the call. */
export type Api = { call<M extends Method>(method: M, input: Input<M>): Promise<Output<M>> };
