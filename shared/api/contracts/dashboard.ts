/**
 * 工作台 (issue 10 item 8): what an officer acts on, computed in one call — tasks near or past their
 * publication deadline, tasks with results left to enter, the latest grading run's distribution, the
 * last backup and its age, and the entity counts.
 */
import { z } from 'zod';
import { ENTITY_KINDS, ENTITY_STATUSES } from '../../domain/entity.ts';
import { backupKindSchema } from './backup.ts';
import { distributionRowSchema, runInfoSchema } from './grading.ts';
import { taskSummarySchema } from './sampling.ts';
import type { ContractTable } from './table.ts';

const count = z.number().int();

export const urgentCaseSchema = z.object({
  kind: z.enum(['repair', 'objection']),
  id: z.number().int(),
  entityName: z.string(),
  /** The step that is due, in Chinese (受理, 核实并答复 …). */
  step: z.string(),
  deadline: z.string(),
  state: z.enum(['near', 'due_today', 'overdue']),
  workingDaysLeft: count,
});
export type UrgentCase = z.infer<typeof urgentCaseSchema>;

export const dashboardSchema = z.object({
  /** The local day the deadlines were counted from. */
  today: z.string(),
  entities: z.object({
    total: count,
    byKind: z.record(z.enum(ENTITY_KINDS), count),
    byStatus: z.record(z.enum(ENTITY_STATUSES), count),
    townships: z.array(z.object({ name: z.string(), count })),
  }),
  /** Not yet published and near, at or past the publication deadline; most urgent first. */
  deadlineTasks: z.array(taskSummarySchema),
  /** Drawn or under inspection with results still to enter (selected − resultsEntered > 0). */
  tasksWithResultsLeft: z.array(taskSummarySchema),
  /** The latest complete grading run with its class distribution (after adjustments); null when none. */
  grading: z
    .object({ run: runInfoSchema, rows: z.array(distributionRowSchema), adjustedCount: count })
    .nullable(),
  /** The newest daily or manual backup; null when none was ever made. */
  lastBackup: z
    .object({
      createdAt: z.string(),
      kind: backupKindSchema,
      /** Local calendar days since (0 = today). */
      ageDays: count,
    })
    .nullable(),
  /**
   * Open objections, credit repairs and monitoring warnings (not yet closed or dismissed). A count is
   * omitted (never zero) for a role that may not read it.
   */
  openItems: z
    .object({ objections: count.optional(), repairs: count.optional(), warnings: count.optional() })
    .optional(),
  /** Repair and objection cases near, at or past a working-day deadline; most urgent first. */
  urgentCases: z.array(urgentCaseSchema),
});
export type Dashboard = z.infer<typeof dashboardSchema>;

export const dashboardContract = {
  /** The 工作台 in one call. Every logged-in role. */
  'app.dashboard': { input: z.object({}).strict(), output: dashboardSchema },
} as const satisfies ContractTable;
