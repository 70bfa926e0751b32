import type { z } from 'zod';
import type { ContractTable } from '../../shared/api/contracts/table.ts';
import type { UserInfo } from '../../shared/domain/users.ts';
import type { Db } from '../db/open.ts';
import type { DataDoor } from '../db/sql.ts';
import type { JobControl } from '../services/jobs.ts';
import type { JobInput, JobKindName, JobOutput } from './jobs/job-kinds.ts';

/**
 * What an area's handlers get from the backend: the open session, the clock, progress and cancel for
 * long jobs. Handlers stay thin: they check nothing themselves but call services, which authorize.
 */
export interface BackendContext {
  /** Path of the encrypted database file (backups and exports live beside it). */
  readonly dbPath: string;
  /** The logged-in user's open database; throws 'not_logged_in'. */
  db(): Db;
  /** The logged-in user; throws 'not_logged_in'. */
  user(): UserInfo;
  /** ISO timestamp (tests fix the clock). */
  now(): string;
  /**
   * Runs a long job: progress reported through `progress(done, total, stage?)` reaches app.progress, and
   * `checkCancelled()` throws ApiError('cancelled') once the user asked to stop (app.cancel). The job
   * must call it often (every few thousand rows) and keep its writes in one transaction so a cancel
   * leaves nothing behind.
   */
  job<T>(name: string, stage: string, run: (job: JobControl) => T | Promise<T>): Promise<T>;
  /**
   * Runs a job of jobs/job-kinds.ts where it cannot stall other requests: in the job worker, with its
   * own connection, as the logged-in user, now. Progress and cancel work as for job(). Preferred for
   * anything that can take more than a moment at a million entities.
   */
  runJob<K extends JobKindName>(kind: K, input: JobInput<K>): Promise<JobOutput<K>>;
  /** Closes the session (logout, idle lock, restore); the next call needs a login. */
  closeSession(): void;
  log(message: string): void;
}

/**
 * The context of an area whose services run on either engine (docs/bureau-server.md): its handlers may
 * be given the desk's session (Backend) or a bureau server's request (a PostgreSQL handle). Areas not yet
 * brought to PostgreSQL take BackendContext, so a server cannot wire them by mistake.
 */
export interface DoorContext extends Omit<BackendContext, 'db'> {
  db(): DataDoor;
}

/** Lives with the services that take it; re-exported for the backend's own code. */
export type { JobControl } from '../services/jobs.ts';

/** An area's handlers: one function per method of its contract table. */
export type AreaHandlers<C extends ContractTable> = {
  [M in keyof C]: (
    input: z.output<C[M]['input']>,
  ) => z.output<C[M]['output']> | Promise<z.output<C[M]['output']>>;
};
