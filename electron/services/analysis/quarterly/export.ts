/**
 * Writing the quarterly report workbook (the page's 导出季度报告 and `creditdesk report quarterly`).
 * The figures are built in one read snapshot (REPEATABLE READ on a server), so an import committing
 * meanwhile cannot split them.
 */
import type { QuarterlyInput, QuarterlyReport } from '../../../../shared/api/contracts/analysis.ts';
import { readSnapshot } from '../../../db/read-snapshot.ts';
import { type DataDoor, unitOfWork } from '../../../db/sql.ts';
import { appendAudit } from '../../audit/log.ts';
import { type Actor, authorize } from '../../authz.ts';
import { type JobControl, NO_JOB } from '../../jobs.ts';
import { writeXlsx } from '../../exchange/export/xlsx-writer.ts';
import { buildQuarterlyReport } from './report.ts';
import { quarterlySheets } from './workbook.ts';

export function quarterlyFileName(report: Pick<QuarterlyReport, 'year' | 'quarter'>): string {
  return `信用风险分类管理季度报告_${report.year}年第${report.quarter}季度.xlsx`;
}

/** Builds the report and writes it to `path`; returns the figures and the suggested file name. */
export function exportQuarterlyReport(
  db: DataDoor,
  actor: Actor,
  input: QuarterlyInput,
  path: string,
  at: string,
  job: JobControl = NO_JOB,
): { report: QuarterlyReport; fileName: string } {
  authorize(actor, 'analysis.report');
  job.progress(0, 2, '正在汇总季度数据');
  const report = readSnapshot(db, () => buildQuarterlyReport(db, input));
  job.checkCancelled();
  job.progress(1, 2, '正在写入季度报告');
  writeXlsx(path, quarterlySheets(report));
  const fileName = quarterlyFileName(report);
  unitOfWork(db, () =>
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'analysis.report',
      target: `${report.year}Q${report.quarter}`,
      detail: { year: report.year, quarter: report.quarter, runId: report.cover.run?.id ?? null, fileName },
    }),
  );
  return { report, fileName };
}
