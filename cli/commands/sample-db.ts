import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { listRuns } from '../../electron/services/grading/reads.ts';
import { storeAndDrawTaskFile } from '../../electron/services/sampling/task-file.ts';
import { samplingTaskSchema } from '../../shared/sampling/index.ts';
import { openAs } from '../credentials.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage = 'creditdesk sample --db F --task TASK.json [--grading-run ID]';

/** TASK.json of the pure command, plus what only a stored task has (all optional). */
const dbTaskSchema = samplingTaskSchema.extend({
  gradingRun: z.union([z.string(), z.number()]).nullish(),
  directed: z.boolean().optional(),
  organiser: z.string().nullish(),
  witness: z.string().nullish(),
  yearlyCaps: z.record(z.string(), z.number().int().min(1)).optional(),
});

/**
 * `sample --db F --task TASK.json`: stores the task, draws it with fresh CSPRNG bytes and stores the
 * plan, exactly as the task wizard does. Candidates are the database's entities with their classes in
 * the given grading run (or the latest complete one); inspectors come from the inspector pool; the
 * file's conflicts are added to the stored ones. Prints the plan as the pure command does, plus its ids.
 */
export async function sampleDbCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      task: { type: 'string' },
      'grading-run': { type: 'string' },
      json: { type: 'boolean', default: true },
    },
  });
  if (!values.db || !values.task) throw new CliError(`用法：${usage}`);
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(resolve(values.task), 'utf8'));
  } catch (e) {
    throw new CliError(`无法读取任务文件 ${values.task}：${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = dbTaskSchema.safeParse(raw);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new CliError(`任务文件有误：${i?.path.join('.') ?? ''} ${i?.message ?? ''}`.trim());
  }
  const t = parsed.data;

  const backend = await openAs(io, resolve(values.db));
  try {
    const db = backend.db();
    const actor = backend.user();
    const at = backend.now();
    const runArg = values['grading-run'] ?? (t.gradingRun == null ? null : String(t.gradingRun));
    let gradingRunId: number | null;
    if (runArg !== null) {
      gradingRunId = Number(runArg);
      if (!Number.isInteger(gradingRunId) || gradingRunId <= 0)
        throw new CliError('--grading-run 应为评价批次编号');
    } else {
      gradingRunId = listRuns(db).find((r) => r.status === 'complete')?.id ?? null;
    }

    const result = storeAndDrawTaskFile(
      db,
      actor,
      {
        task: {
          number: t.number,
          name: t.name,
          items: t.items.map((i) => i.code),
          directed: false,
          gradingRunId,
          profileId: 'inline',
          startDate: t.startDate,
          endDate: t.endDate,
          teamSize: t.teamSize,
          organiser: t.organiser ?? null,
          witness: t.witness ?? null,
          exclusions: t.exclusions,
        },
        ratios: { classOrder: t.classOrder, ratios: t.ratios, yearlyCaps: t.yearlyCaps ?? {} },
        conflicts: t.conflicts.map((c) => ({
          employeeNo: c.inspector,
          entityCode: c.entity,
          reason: c.reason ?? null,
        })),
      },
      at,
    );

    const { plan } = result;
    io.out(
      JSON.stringify({
        planId: result.drawn.planId,
        taskId: result.taskId,
        gradingRun: gradingRunId,
        digest: plan.digest,
        seed: plan.seed,
        strata: plan.strata,
        selected: plan.selected,
        teams: plan.teams,
        unstaffed: plan.unstaffed,
        warnings: plan.warnings,
      }),
    );
    return EXIT.ok;
  } finally {
    backend.close();
  }
}
