import { parseArgs } from 'node:util';
import { isIsoDate, localIsoDate } from '../../shared/dates/iso-date.ts';
import { compileModel } from '../../shared/grading/index.ts';
import { readCreditFilesInput } from '../credit-files-input.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';
import { resolveModel } from './models.ts';

export const usage = 'creditdesk grade --model ID|FILE --input CREDITFILES.json [--as-of DATE] --json';

/** Today's date on this machine's calendar (the only clock read; the engine itself never reads one). */
const today = (): string => localIsoDate(new Date());

/**
 * Pure grading: credit files in, results out; no database. `--as-of` defaults to the input document's
 * own `asOf`, else today. With --json one JSON document `{model:{id,version}, asOf, results:[…],
 * warnings:[{id, path, message}]}`; otherwise one tab-separated line per entity, and each warning on
 * stderr. A warning (e.g. a penalty kind nobody knows, graded as 其他) never fails the call.
 */
export function gradePureCommand(args: string[], io: CliIO): number {
  let values: { model?: string; input?: string; 'as-of'?: string; json?: boolean };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        model: { type: 'string' },
        input: { type: 'string' },
        'as-of': { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    throw new CliError(`${e instanceof Error ? e.message : String(e)}\n用法：${usage}`);
  }
  if (!values.model || !values.input) throw new CliError(`用法：${usage}`);
  if (values['as-of'] !== undefined && !isIsoDate(values['as-of'])) {
    throw new CliError(`--as-of 应为有效日期 YYYY-MM-DD：${values['as-of']}`);
  }
  const model = resolveModel(values.model);

  const parsed = readCreditFilesInput(values.input);
  const asOf = values['as-of'] ?? parsed.asOf ?? today();
  const grade = compileModel(model);
  const results = parsed.files.map((f) => grade(f, asOf));

  if (values.json) {
    io.out(
      JSON.stringify({
        model: { id: model.id, version: model.version },
        asOf,
        results,
        warnings: parsed.warnings,
      }),
    );
  } else {
    for (const w of parsed.warnings) io.err(`注意：${w.path}：${w.message}`);
    io.out(['代码', '得分', '分值等级', '最终等级', '调整'].join('\t'));
    for (const r of results) {
      io.out(
        [
          r.id,
          r.score ?? '',
          r.scoreGrade ?? '',
          r.grade ?? r.notGraded ?? '',
          r.overrides.map((o) => o.reason).join('；'),
        ].join('\t'),
      );
    }
  }
  return EXIT.ok;
}
