/**
 * Exports of a task (SPEC §6.6, §7): the plan (task, seed, digest, strata, teams) and the publication
 * notice in the GSXT column order 序号 | 检查实施机关 | 类型 | 日期 | 结果 (+ 备注, then the entity's
 * code and name so the list can be checked and imported). Written with SheetJS in memory (a plan has
 * at most a few thousand rows); identifiers are text cells with the 文本 format, and every untrusted
 * string is neutralised against formula injection. Inspectors' ID numbers and phones never leave.
 */
import { localIsoDate } from '../local-date.ts';
import * as XLSX from 'xlsx';
import { TASK_STATUS_LABELS } from '../../../shared/api/contracts/sampling.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { resultText } from '../../../shared/inspection-results/index.ts';
import { parsePlanDocument } from '../../../shared/sampling/index.ts';
import type { Db } from '../../db/open.ts';
import { appendAudit, auditHeadAnchor } from '../audit.ts';
import { recordAnchor } from '../security/audit-anchors.ts';
import { type Actor, authorize } from '../authz.ts';
import { neutralizeFormula } from '../exchange/export/formula-injection.ts';
import { getCounty } from '../settings.ts';
import { writePlanXlsx } from './plan-xlsx.ts';
import { noticeRows } from './repository/results.ts';
import { unitOfWork } from './repository/unit-of-work.ts';
import { currentPlan, loadPlan, loadTask, requireStatus } from './task-store.ts';
import { getTask } from './tasks.ts';

type Cell = string | number | null;
/** A column: its header, width, and whether its cells are identifiers kept as text. */
type Column = { header: string; width: number; text?: boolean };

function sheet(
  columns: readonly Column[],
  rows: readonly Cell[][],
  title?: readonly Cell[][],
): XLSX.WorkSheet {
  const top = title ?? [];
  const aoa: Cell[][] = [...top, columns.map((c) => c.header), ...rows];
  const ws: XLSX.WorkSheet = {};
  let maxC = 0;
  aoa.forEach((row, r) => {
    row.forEach((v, c) => {
      if (v === null || v === '') return;
      const ref = XLSX.utils.encode_cell({ r, c });
      const isData = r > top.length;
      if (typeof v === 'number') ws[ref] = { t: 'n', v };
      else {
        const cell: XLSX.CellObject = { t: 's', v: neutralizeFormula(v) };
        if (isData && columns[c]?.text) cell.z = '@';
        ws[ref] = cell;
      }
      maxC = Math.max(maxC, c);
    });
  });
  ws['!ref'] = XLSX.utils.encode_range({ s: { r: 0, c: 0 }, e: { r: Math.max(aoa.length - 1, 0), c: maxC } });
  ws['!cols'] = columns.map((c) => ({ wch: c.width }));
  return ws;
}

function toBase64(wb: XLSX.WorkBook): string {
  const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }) as Buffer;
  return bytes.toString('base64');
}

function safeName(s: string): string {
  return s.replace(/[\\/:*?"<>|\s]+/g, '_').slice(0, 80);
}

/**
 * The plan file as Excel: the verifiable workbook of plan-xlsx.ts (task, seed, digest, strata, teams,
 * the committed candidates — `creditdesk sample verify` reads it) plus the sheet 检查对象和人员 with the
 * entities' and inspectors' names, whose entity names are recorded in 核验数据 so that it is verified too.
 */
export function exportPlan(
  db: Db,
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
  if (dbPath) recordAnchor(db, dbPath, 'plan-export', at);
  return { fileName: `抽查计划_${safeName(t.number)}.xlsx`, base64, rows: plan.entries.length };
}

/** The GSXT publication list of the results of a reviewed (or published) task. */
export function exportNotice(db: Db, actor: Actor, taskId: number, at: string) {
  authorize(actor, 'sampling.read');
  const task = loadTask(db, taskId);
  requireStatus(task, ['reviewed', 'published'], '导出公示信息（须先审核）');
  const plan = currentPlan(db, task);
  const county = getCounty(db);
  const authority = county?.bureau ?? '';
  const rows = noticeRows(db, plan.id).map((r, i): Cell[] => [
    i + 1,
    authority,
    '抽查',
    r.checkedOn,
    resultText(r.results),
    r.followUp ?? '',
    r.code,
    r.name,
  ]);
  const ws = sheet(
    [
      { header: '序号', width: 6 },
      { header: '检查实施机关', width: 28 },
      { header: '类型', width: 8 },
      { header: '日期', width: 12, text: true },
      { header: '结果', width: 40 },
      { header: '备注', width: 30 },
      { header: '统一社会信用代码/注册号', width: 24, text: true },
      { header: '市场主体名称', width: 36 },
    ],
    rows,
  );
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, ws, '抽查检查结果信息');
  const base64 = toBase64(wb);
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
