import { parseArgs } from 'node:util';
import {
  REPAIR_ACTION_LABELS,
  REPAIR_BLOCK_LABELS,
  repairEligibility,
} from '../../shared/repair/eligibility.ts';
import { isIsoDate, localIsoDate } from '../../shared/dates/iso-date.ts';
import { readCreditFilesInput } from '../credit-files-input.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage =
  'creditdesk repair check --input CREDITFILES.json [--as-of DATE] [--low-fine-organisation 元] [--low-fine-individual 元] --json';

const today = (): string => localIsoDate(new Date().toISOString());

function amount(flag: string, v: string | undefined): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isFinite(n) || n <= 0) throw new CliError(`${flag} 应为正数（元）：${v}`);
  return n;
}

/**
 * `repair check`: which records of each credit file can be repaired (信用修复) on the as-of date, and
 * what stands in the way. Pure, like `grade --input`: no database. With --json one document
 * `{asOf, results: [{id, records: [{index, type, action, publicityEndsOn, eligibleOn, eligibleNow,
 * blockedBy, reasons, checklist}]}], warnings}` (a public contract); otherwise one line per record that
 * has a repair to apply for.
 */
export function repairCommand(args: string[], io: CliIO): number {
  const [sub, ...rest] = args;
  if (sub !== 'check') throw new CliError(`用法：${usage}`);
  let values: {
    input?: string;
    'as-of'?: string;
    json?: boolean;
    'low-fine-organisation'?: string;
    'low-fine-individual'?: string;
  };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        input: { type: 'string' },
        'as-of': { type: 'string' },
        json: { type: 'boolean', default: false },
        'low-fine-organisation': { type: 'string' },
        'low-fine-individual': { type: 'string' },
      },
    }));
  } catch (e) {
    throw new CliError(`${e instanceof Error ? e.message : String(e)}\n用法：${usage}`);
  }
  if (!values.input) throw new CliError(`用法：${usage}`);
  if (values['as-of'] !== undefined && !isIsoDate(values['as-of'])) {
    throw new CliError(`--as-of 应为有效日期 YYYY-MM-DD：${values['as-of']}`);
  }
  const lowFineOrganisation = amount('--low-fine-organisation', values['low-fine-organisation']);
  const lowFineIndividual = amount('--low-fine-individual', values['low-fine-individual']);
  const parsed = readCreditFilesInput(values.input);
  const asOf = values['as-of'] ?? parsed.asOf ?? today();
  const results = parsed.files.map((f) =>
    repairEligibility(f, asOf, {
      ...(lowFineOrganisation !== undefined ? { lowFineOrganisation } : {}),
      ...(lowFineIndividual !== undefined ? { lowFineIndividual } : {}),
    }),
  );
  if (values.json) {
    io.out(JSON.stringify({ asOf, results, warnings: parsed.warnings }));
    return EXIT.ok;
  }
  for (const w of parsed.warnings) io.err(`注意：${w.path}：${w.message}`);
  io.out(['代码', '记录', '修复事项', '可申请日期', '现在可申请', '障碍'].join('\t'));
  for (const r of results) {
    for (const rec of r.records) {
      if (rec.action === null) continue;
      io.out(
        [
          r.id,
          String(rec.index + 1),
          REPAIR_ACTION_LABELS[rec.action],
          rec.eligibleOn ?? '不适用',
          rec.eligibleNow ? '是' : '否',
          rec.blockedBy.map((b) => REPAIR_BLOCK_LABELS[b]).join('；'),
        ].join('\t'),
      );
    }
  }
  return EXIT.ok;
}
