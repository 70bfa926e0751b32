/**
 * Runs one export: builds the sheets of the chosen kind, streams them into an .xlsx at `path`, reports
 * progress (rows done / total) and stops when the job is cancelled. Every export is
 * audited (who, what, how many rows) — exports are where data leaves the system.
 */
import { rmSync } from 'node:fs';
import { ApiError } from '../../../../shared/api/errors.ts';
import type { ExportInput } from '../../../../shared/api/contracts/exchange.ts';
import type { DataDoor } from '../../../db/sql.ts';
import { appendAudit } from '../../audit/log.ts';
import { type Actor, authorize } from '../../authz.ts';
import { type EntityScope, entityScopeOf } from '../../users/entity-scope.ts';
import { type JobControl, NO_JOB, rowReporter } from '../../jobs.ts';
import { unitOfWork } from '../repository/unit-of-work.ts';
import { creditFileSheets } from './credit-file.ts';
import { gradingResultsSheets } from './grading-results.ts';
import { publicationSheets } from './publication.ts';
import { repairResultsSheets } from './repair-results.ts';
import { targetPoolSheets } from './target-pool.ts';
import { templateSheets } from './template.ts';
import { writeXlsx, type XlsxSheet } from './xlsx-writer.ts';

export interface ExportResult {
  fileName: string;
  rows: number;
}

/**
 * `scope`: the actor's (users/entity-scope.ts). The name list and a credit file follow it as the entity
 * list and page do; grading results, publication and repair lists are the bureau's county-wide work.
 */
function build(
  db: DataDoor,
  input: ExportInput,
  scope: EntityScope,
): { sheets: XlsxSheet[]; total: number; fileName: string } {
  switch (input.kind) {
    case 'target_pool':
      return targetPoolSheets(db, scope);
    case 'grading_results':
      return gradingResultsSheets(db, input.runId);
    case 'credit_file':
      if (!input.entityId) throw new ApiError('invalid_input', '请指定要导出信用档案的市场主体。');
      return creditFileSheets(db, input.entityId, scope);
    case 'publication':
      return publicationSheets(db, input);
    case 'repair_results':
      if (!input.from || !input.to) throw new ApiError('invalid_input', '请指定起止日期（按修复决定日期）。');
      return repairResultsSheets(db, { from: input.from, to: input.to });
    case 'template':
      if (!input.importKind) throw new ApiError('invalid_input', '请选择导入模板的类别。');
      return templateSheets(input.importKind);
  }
}

export function runExport(
  db: DataDoor,
  actor: Actor,
  input: ExportInput,
  path: string,
  opts: { at: string; job?: JobControl },
): ExportResult {
  const job = opts.job ?? NO_JOB;
  authorize(
    actor,
    input.kind === 'grading_results'
      ? 'grading.read'
      : input.kind === 'repair_results'
        ? 'repair.read'
        : 'entities.read',
  );
  authorize(actor, 'exchange.export');
  // One read transaction: the file is a consistent snapshot even if an import commits meanwhile.
  return unitOfWork(db, () => {
    const scope = entityScopeOf(db, actor);
    const { sheets, total, fileName } = build(db, input, scope);
    let done = 0;
    // A sheet may hold a few rows more than counted (headers of a credit file): never report past the total.
    const report = rowReporter(
      { progress: (d, t) => job.progress(Math.min(d, t), t), checkCancelled: () => job.checkCancelled() },
      total,
      200,
    );
    job.progress(0, total);
    let rows: number;
    try {
      rows = writeXlsx(path, sheets, () => report(++done));
      job.progress(total, total);
    } catch (e) {
      // Cancelled or failed: no half-written file is left behind (and the audit entry rolls back).
      rmSync(path, { force: true });
      throw e;
    }
    appendAudit(db, {
      at: opts.at,
      actor: actor.username,
      action: 'exchange.export',
      target: input.kind,
      // A scoped officer's list holds their unit only: the entry says which.
      detail: {
        ...input,
        fileName,
        rows,
        ...(scope.jurisdiction === null ? {} : { scopedTo: scope.jurisdiction }),
      },
    });
    return { fileName, rows };
  });
}
