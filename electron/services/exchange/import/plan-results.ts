/**
 * An imported inspection result whose 抽查任务 cell names a task (by 文号) fills that task's plan, the same
 * as typing the result on the plan (electron/services/sampling/lifecycle.ts enterResult): the plan's result
 * row and the `inspection` record of the credit file. A result already entered is never overwritten: a
 * different one is an error of the row, shown in the preview. An entity outside the plan is a warning and
 * only gets its credit-file record. The result row goes into the batch's undo log, so undoing the batch
 * empties it again.
 */
import { TASK_STATUS_LABELS } from '../../../../shared/api/contracts/sampling.ts';
import type { CreditRecord } from '../../../../shared/domain/records.ts';
import { proposedFollowUps, resultText } from '../../../../shared/inspection-results/index.ts';
import type { StoredTask } from '../../sampling/task-store.ts';
import type { ApplyContext } from './kinds.ts';
import type { FoundEntity, Outcome } from '../repository/import-store.ts';

export interface ImportedResult {
  date: string;
  results: string[];
  followUp: string | null;
}

/** Statuses in which results may still be entered (as on the plan page). */
const OPEN_FOR_RESULTS = new Set(['drawn', 'in_progress', 'results_entered']);

const sameCodes = (a: readonly string[], b: readonly string[]) =>
  a.length === b.length && [...a].sort().join('\u0000') === [...b].sort().join('\u0000');

/**
 * Fills the plan's row; `'outside'` when the entity is not in the task's current plan (a warning has been
 * reported and the caller stores the plain credit-file record), null when the row is refused.
 */
export function fillPlanResult(
  ctx: ApplyContext,
  task: StoredTask,
  owner: FoundEntity,
  r: ImportedResult,
): Outcome | null | 'outside' {
  const where = `抽查任务「${task.number}」`;
  if (task.currentPlanId === null) {
    ctx.issue('plan', 'warning', `${where}尚未抽取，本行只记入该主体的信用档案`);
    return 'outside';
  }
  const planId = task.currentPlanId;
  if (!ctx.planResults.inPlan(planId, owner.id)) {
    ctx.issue(
      'plan',
      'warning',
      `该主体不在${where}的抽查计划中，本行只记入其信用档案，不计入该计划的检查结果`,
    );
    return 'outside';
  }
  const entered = ctx.planResults.result(planId, owner.id);
  if (entered) {
    const codes = JSON.parse(entered.results) as string[];
    if (entered.checked_on === r.date && sameCodes(codes, r.results)) return 'unchanged';
    ctx.issue(
      'results',
      'error',
      `与已录入的检查结果冲突：计划中已录入「${resultText(codes)}」（检查日期 ${entered.checked_on}），` +
        `本行为「${resultText(r.results)}」（检查日期 ${r.date}）。已录入的结果不会被覆盖；如需更正，请在抽查计划中修改`,
    );
    return null;
  }
  if (!OPEN_FOR_RESULTS.has(task.status)) {
    ctx.issue('plan', 'error', `${where}${TASK_STATUS_LABELS[task.status]}，不能再录入检查结果`);
    return null;
  }
  if (r.date < task.startDate) {
    ctx.issue('date', 'error', `检查日期 ${r.date} 早于${where}的开始日期 ${task.startDate}`);
    return null;
  }
  const followUp =
    r.followUp ??
    (proposedFollowUps(r.results)
      .map((f) => f.text)
      .join('；') ||
      null);
  const record: CreditRecord = {
    type: 'inspection',
    date: r.date,
    plan: task.number,
    items: task.items,
    results: r.results,
    followUp,
  };
  const saved = ctx.store.upsertRecord(owner.id, record);
  ctx.planResults.insertResult({
    plan_id: planId,
    entity_id: owner.id,
    checked_on: r.date,
    results: JSON.stringify(r.results),
    follow_up: followUp,
    note: null,
    record_id: saved.id,
    entered_at: ctx.at,
    entered_by: ctx.actor.username,
  });
  ctx.store.logKeyed('inspection_results', [planId, owner.id], null);
  ctx.planResults.markInProgress(task, ctx.at);
  return 'inserted';
}
