import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { EXPORT_KINDS, exportInputSchema } from '../../shared/api/contracts/exchange.ts';
import { runExport } from '../../electron/services/exchange/export/run-export.ts';
import { openAs } from '../credentials.ts';
import { dbPathFrom } from '../db-path.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage = `creditdesk export [--db F] --kind ${EXPORT_KINDS.join('|')} --out FILE [--entity ID] [--run ID] [--plan 任务] [--from 日期 --to 日期] [--import-kind 类别] [--json]`;

export async function exportCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      kind: { type: 'string' },
      out: { type: 'string' },
      entity: { type: 'string' },
      run: { type: 'string' },
      plan: { type: 'string' },
      from: { type: 'string' },
      to: { type: 'string' },
      'import-kind': { type: 'string' },
      json: { type: 'boolean', default: false },
    },
  });
  if (!values.kind || !values.out) throw new CliError(`用法：${usage}`);
  const input = exportInputSchema.safeParse({
    kind: values.kind,
    ...(values.entity ? { entityId: Number(values.entity) } : {}),
    ...(values.run ? { runId: Number(values.run) } : {}),
    ...(values.plan ? { plan: values.plan } : {}),
    ...(values.from ? { from: values.from } : {}),
    ...(values.to ? { to: values.to } : {}),
    ...(values['import-kind'] ? { importKind: values['import-kind'] } : {}),
  });
  if (!input.success)
    throw new CliError(
      `参数有误：${input.error.issues[0]?.message ?? ''}（--kind 可选：${EXPORT_KINDS.join('、')}）`,
    );
  const backend = await openAs(io, dbPathFrom(values.db, io));
  try {
    const r = runExport(backend.db(), backend.user(), input.data, resolve(values.out), { at: backend.now() });
    io.out(
      values.json
        ? JSON.stringify({ kind: input.data.kind, rows: r.rows, out: resolve(values.out) })
        : `已导出 ${r.rows} 行到 ${values.out}`,
    );
    return EXIT.ok;
  } finally {
    backend.close();
  }
}
