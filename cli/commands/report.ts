import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { quarterlyInputSchema } from '../../shared/api/contracts/analysis.ts';
import { exportQuarterlyReport } from '../../electron/services/analysis/quarterly/export.ts';
import { openAs } from '../credentials.ts';
import { dbPathFrom } from '../db-path.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage =
  'creditdesk report quarterly [--db F] --year 2026 --quarter 4 --out FILE.xlsx [--preparer 姓名] [--reviewer 姓名] [--json]';

/**
 * `report quarterly`: the quarterly report workbook (按季度报告, issue 14), written to --out. With --json
 * the same figures as one document — the `analysis.quarterly` shape (cover, classes, distribution,
 * inspectionWork, inspectionResults, effectByClass, cases, publication) plus `out` — a public contract.
 */
export async function reportCommand(args: string[], io: CliIO): Promise<number> {
  const [sub, ...rest] = args;
  if (sub !== 'quarterly') throw new CliError(`用法：${usage}`);
  let values: {
    db?: string;
    year?: string;
    quarter?: string;
    out?: string;
    preparer?: string;
    reviewer?: string;
    json?: boolean;
  };
  try {
    ({ values } = parseArgs({
      args: rest,
      options: {
        db: { type: 'string' },
        year: { type: 'string' },
        quarter: { type: 'string' },
        out: { type: 'string' },
        preparer: { type: 'string' },
        reviewer: { type: 'string' },
        json: { type: 'boolean', default: false },
      },
    }));
  } catch (e) {
    throw new CliError(`${e instanceof Error ? e.message : String(e)}\n用法：${usage}`);
  }
  if (!values.year || !values.quarter || !values.out) throw new CliError(`用法：${usage}`);
  const input = quarterlyInputSchema.safeParse({
    year: Number(values.year),
    quarter: Number(values.quarter),
    ...(values.preparer !== undefined ? { preparer: values.preparer } : {}),
    ...(values.reviewer !== undefined ? { reviewer: values.reviewer } : {}),
  });
  if (!input.success) {
    throw new CliError(
      `参数有误：--year 应为年份，--quarter 应为 1 至 4（${input.error.issues[0]?.message ?? ''}）`,
    );
  }
  const out = resolve(values.out);
  const backend = await openAs(io, dbPathFrom(values.db, io));
  try {
    const { report } = exportQuarterlyReport(backend.db(), backend.user(), input.data, out, backend.now());
    io.out(
      values.json
        ? JSON.stringify({ ...report, out })
        : `已生成 ${report.year} 年第 ${report.quarter} 季度报告：${values.out}`,
    );
    return EXIT.ok;
  } finally {
    backend.close();
  }
}
