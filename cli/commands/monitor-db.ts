import { resolve } from 'node:path';
import { isIsoDate, localIsoDate } from '../../shared/dates/iso-date.ts';
import { compareWarnings, type MonitoringWarning } from '../../shared/monitoring/warning.ts';
import { openAs } from '../credentials.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage = 'creditdesk monitor --db F [--as-of DATE] [--json]   监测全库并保存监测批次';

const PAGE = 500;

/**
 * Runs the rules in force over the database and stores the run (as the page's 运行监测 does, through
 * the same backend call, audited under the logged-in user). With --json prints the same document as
 * `--input`: `{asOf, warnings}` — the warnings this run found, sorted by rule then subject key; without
 * it a one-line Chinese summary.
 */
export async function monitorDbCommand(
  values: { db?: string; 'as-of'?: string; rules?: string; json?: boolean },
  io: CliIO,
): Promise<number> {
  if (!values.db) throw new CliError(`用法：${usage}`);
  if (values.rules !== undefined) {
    throw new CliError('--db 使用数据库中生效的监测规则（由管理员在“监测预警”中修改），不能与 --rules 同用');
  }
  const asOfArg = values['as-of'];
  if (asOfArg !== undefined && !isIsoDate(asOfArg))
    throw new CliError(`--as-of 应为有效日期 YYYY-MM-DD：${asOfArg}`);
  // A long job like grade --db: a whole-file check of a big county would cost more than the run.
  const backend = await openAs(io, resolve(values.db), { check: 'bounded' });
  try {
    const asOf = asOfArg ?? localIsoDate(backend.now());
    const { run } = await backend.call('monitoring.run', { asOf });
    const warnings: MonitoringWarning[] = [];
    for (let offset = 0; ; offset += PAGE) {
      const page = await backend.call('monitoring.list', {
        runId: run.id,
        state: 'all',
        offset,
        limit: PAGE,
      });
      for (const w of page.items) {
        warnings.push({
          rule: w.rule,
          level: w.level,
          action: w.action,
          subject: w.subject,
          entities: w.entities,
          evidence: w.evidence,
        });
      }
      if (offset + PAGE >= page.total) break;
    }
    warnings.sort(compareWarnings);
    if (values.json) {
      io.out(JSON.stringify({ asOf: run.asOf, warnings }));
    } else {
      io.out(
        `已保存第 ${run.id} 次监测：基准日 ${run.asOf}，发现预警 ${run.found} 条（新增 ${run.created}，` +
          `更新 ${run.updated}，重新打开 ${run.reopened}），用时 ${((run.tookMs ?? 0) / 1000).toFixed(1)} 秒。`,
      );
    }
    return EXIT.ok;
  } finally {
    backend.close();
  }
}
