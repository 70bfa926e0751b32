/**
 * The warning lifecycle after 生成: 审核 (a supervisor confirms or dismisses, with a note), 处置 (the
 * action taken: 提醒 sent, 约谈 held, 警示, added to an inspection), 关闭 (with a note). Each step is a
 * row in the warning's history and an audit entry, in one unit of work.
 */
import type { WarningDetail, WarningStatus } from '../../../shared/api/contracts/monitoring.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { WarningAction } from '../../../shared/monitoring/rules.ts';
import { type DataDoor, unitOfWork } from '../../db/sql.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { getMonitoringWarning } from './reads.ts';
import { findWarning, insertStep, setWarningStatus, type StoredWarning } from './repository/warnings.ts';

function loadIn(db: DataDoor, id: number, allowed: readonly WarningStatus[], doing: string): StoredWarning {
  const w = findWarning(db, id);
  if (!w) throw new ApiError('not_found', '未找到该预警。');
  if (!allowed.includes(w.status)) {
    const why: Record<WarningStatus, string> = {
      open: '该预警尚未审核',
      confirmed: '该预警已审核确认',
      disposed: '该预警已处置',
      dismissed: '该预警已审核排除',
      closed: '该预警已关闭',
    };
    throw new ApiError('conflict', `${why[w.status]}，不能${doing}。`);
  }
  return w;
}

const target = (w: StoredWarning) => `${w.rule}:${w.subject_key}`;

export function reviewWarning(
  db: DataDoor,
  actor: Actor,
  input: { id: number; decision: 'confirm' | 'dismiss'; note: string },
  at: string,
  today: string,
): WarningDetail {
  authorize(actor, 'monitoring.decide');
  unitOfWork(db, () => {
    const w = loadIn(db, input.id, ['open'], '审核');
    const confirm = input.decision === 'confirm';
    setWarningStatus(db, w.id, confirm ? 'confirmed' : 'dismissed', at);
    insertStep(db, {
      warningId: w.id,
      runId: null,
      step: input.decision,
      at,
      byUser: actor.username,
      note: input.note,
      action: null,
      evidence: null,
    });
    appendAudit(db, {
      at,
      actor: actor.username,
      action: confirm ? 'monitoring.confirm' : 'monitoring.dismiss',
      target: target(w),
      detail: { warningId: w.id, note: input.note },
    });
  });
  return getMonitoringWarning(db, actor, input.id, today);
}

/** 处置 inside the caller's unit of work (toTask marks its warnings with 检查 this way). */
export function recordDisposal(
  db: DataDoor,
  actor: Actor,
  id: number,
  action: WarningAction,
  note: string,
  at: string,
  taskId?: number,
): void {
  const w = loadIn(db, id, ['confirmed', 'disposed'], '处置');
  setWarningStatus(db, w.id, 'disposed', at, { disposedAction: action, ...(taskId ? { taskId } : {}) });
  insertStep(db, {
    warningId: w.id,
    runId: null,
    step: 'dispose',
    at,
    byUser: actor.username,
    note,
    action,
    evidence: null,
  });
  appendAudit(db, {
    at,
    actor: actor.username,
    action: 'monitoring.dispose',
    target: target(w),
    detail: { warningId: w.id, action, note, ...(taskId ? { taskId } : {}) },
  });
}

export function disposeWarning(
  db: DataDoor,
  actor: Actor,
  input: { id: number; action: WarningAction; note: string },
  at: string,
  today: string,
): WarningDetail {
  authorize(actor, 'monitoring.handle');
  unitOfWork(db, () => recordDisposal(db, actor, input.id, input.action, input.note, at));
  return getMonitoringWarning(db, actor, input.id, today);
}

export function closeWarning(
  db: DataDoor,
  actor: Actor,
  input: { id: number; note: string },
  at: string,
  today: string,
): WarningDetail {
  authorize(actor, 'monitoring.handle');
  unitOfWork(db, () => {
    const w = loadIn(db, input.id, ['confirmed', 'disposed'], '关闭');
    setWarningStatus(db, w.id, 'closed', at);
    insertStep(db, {
      warningId: w.id,
      runId: null,
      step: 'close',
      at,
      byUser: actor.username,
      note: input.note,
      action: null,
      evidence: null,
    });
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'monitoring.close',
      target: target(w),
      detail: { warningId: w.id, note: input.note },
    });
  });
  return getMonitoringWarning(db, actor, input.id, today);
}
