/**
 * Exports of a task (SPEC §6.6, §7): the plan (task, seed, digest, strata, teams) and the publication
 * notice (shared/inspection-results/publication-notice.ts), written in memory by the exchange's Excel
 * writer (a plan has at most a few thousand rows): identifiers are text cells with the 文本 format, and
 * every untrusted string is neutralised against formula injection. Inspectors' ID numbers and phones
 * never leave.
 */
import { localIsoDate } from '../../../shared/dates/iso-date.ts';
import { TASK_STATUS_LABELS } from '../../../shared/api/contracts/sampling.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { NoticeEntry } from '../../../shared/inspection-results/publication-notice.ts';
import { parsePlanDocument } from '../../../shared/sampling/index.ts';
import { type DataDoor, isPg } from '../../db/sql.ts';
import { appendAudit, auditHeadAnchor } from '../audit/log.ts';
import { recordAnchor } from '../audit/anchors.ts';
import { type Actor, authorize } from '../authz.ts';
import { noticeSheet } from '../exchange/export/notice-sheet.ts';
import { xlsxBytes } from '../exchange/export/xlsx-writer.ts';
import { getCounty } from '../settings/county.ts';
import { writePlanXlsx } from './plan-xlsx.ts';
import { noticeRows } from './repository/results.ts';
import { unitOfWork } from './repository/unit-of-work.ts';
import { currentPlan, loadPlan, loadTask, requireStatus } from './task-store.ts';
import { getTask } from './tasks.ts';

function safeName(s: string): string {
  return s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80);
}

/**
 * The plan file as Excel: the verifiable workbook of plan-xlsx.ts (task, seed, digest, strata, teams,
 * the committed candidates — `creditdesk sample verify` reads it) plus the sheet 检查对象和人员 with the
 * entities' and inspectors' names, whose entity names are recorded in 核验数据 so that it is verified too.
 */
export function exportPlan(
  db: DataDoor,
  actor: Actor,
  taskId: number,
  at: string,
  /** The database file: the export's anchor is also appended to the anchor file beside it. */
  dbPath?: string,
) {
  authorize(actor, 'sampling.read');
  const detail = getTask(db, actor, taskId, localIsoDate(at));
  const plan = detail.plan;
  if (!plan) throw new ApiError('conflict', '该任务尚未抽取，没有可导出的计划。');
  const t = detail.task;
  const stored = loadPlan(db, plan.id);
  const doc = parsePlanDocument(JSON.parse(stored.planFile));
  const bytes = writePlanXlsx(doc, {
    people: {
      entityNames: Object.fromEntries(plan.entries.map((e) => [e.code, e.name])),
      status: TASK_STATUS_LABELS[detail.summary.status],
      auditHead: auditHeadAnchor(db),
      exportedAt: at,
    },
  });
  const base64 = Buffer.from(bytes).toString('base64');
  unitOfWork(db, () =>
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.export.plan',
      target: t.number,
      detail: { taskId, planId: plan.id, rows: plan.entries.length },
    }),
  );
  // The anchor file lies beside the desk's database file; a bureau server's database has no such file.
  if (dbPath && !isPg(db)) recordAnchor(db, dbPath, 'plan-export', at);
  return { fileName: `抽查计划_${safeName(t.number)}.xlsx`, base64, rows: plan.entries.length };
}

/** The GSXT publication list of the results of a reviewed (or published) task. */
export function exportNotice(db: DataDoor, actor: Actor, taskId: number, at: string) {
  authorize(actor, 'sampling.read');
  const task = loadTask(db, taskId);
  requireStatus(task, ['reviewed', 'published'], '导出公示信息（须先审核）');
  const plan = currentPlan(db, task);
  const county = getCounty(db);
  const authority = county?.bureau ?? '';
  const rows = noticeRows(db, plan.id).map(
    (r): NoticeEntry => ({
      authority,
      date: r.checkedOn,
      results: r.results,
      followUp: r.followUp,
      code: r.code,
      name: r.name,
    }),
  );
  const base64 = Buffer.from(xlsxBytes([noticeSheet(rows)])).toString('base64');
  unitOfWork(db, () =>
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.export.notice',
      target: task.number,
      detail: { taskId, planId: plan.id, rows: rows.length },
    }),
  );
  return { fileName: `抽查结果公示_${safeName(task.number)}.xlsx`, base64, rows: rows.length };
}
