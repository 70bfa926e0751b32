import { localIsoDate } from '../../shared/dates/iso-date.ts';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { openAs } from '../credentials.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage =
  'creditdesk grade --db F --model ID [--model-version V] [--as-of YYYY-MM-DD] [--json]   评价全库并保存评价批次';

/**
 * Grades every entity of the database with one model and stores the run (as the UI's 运行评价 does,
 * through the same backend call, audited under the logged-in user). Prints a one-line Chinese summary,
 * or with --json one object: run id, model, as-of date and the count per grade.
 */
export async function gradeDbCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      model: { type: 'string' },
      'model-version': { type: 'string' },
      'as-of': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.db || !values.model) throw new CliError(`用法：${usage}`);
  const asOfArg = values['as-of'];
  if (asOfArg !== undefined && !/^\d{4}-\d{2}-\d{2}$/.test(asOfArg)) {
    throw new CliError('--as-of 应为 YYYY-MM-DD 格式的日期');
  }
  // A long job: a whole-file quick_check of a million-entity county took longer than the run itself.
  const backend = await openAs(io, resolve(values.db), { check: 'bounded' });
  try {
    const asOf = asOfArg ?? localIsoDate(backend.now());
    const { run } = await backend.call('grading.run', {
      modelId: values.model,
      modelVersion: values['model-version'] ?? null,
      asOf,
    });
    const dist = await backend.call('grading.distribution', { runId: run.id });
    const counts = Object.fromEntries(dist.rows.map((r) => [r.grade, r.count]));
    const effectiveCounts = Object.fromEntries(dist.rows.map((r) => [r.grade, r.effectiveCount]));
    if (values.json) {
      io.out(
        JSON.stringify({
          runId: run.id,
          model: { id: run.modelId, version: run.modelVersion, name: run.modelName },
          asOf: run.asOf,
          graded: run.entityCount,
          skipped: run.skippedCount,
          counts,
          effectiveCounts,
          adjusted: dist.adjustedCount,
          tookMs: run.tookMs,
        }),
      );
    } else {
      const parts = dist.rows.map((r) => `${r.grade} ${r.count.toLocaleString('en-US')} 户`).join('，');
      const seconds = ((run.tookMs ?? 0) / 1000).toFixed(1);
      io.out(
        `已保存第 ${run.id} 次评价：${run.modelName}（${run.modelId} ${run.modelVersion}），评价基准日 ${run.asOf}，` +
          `共评价 ${run.entityCount.toLocaleString('en-US')} 户（${parts}），未评价 ${run.skippedCount.toLocaleString('en-US')} 户，` +
          `用时 ${seconds} 秒。`,
      );
    }
    return EXIT.ok;
  } finally {
    backend.close();
  }
}
