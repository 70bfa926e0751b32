/**
 * The import kinds 信用修复申请 and 异议: cases received elsewhere (the national repair platform's list, a
 * list forwarded by 信用中国). Each row is registered through the repair area's services, so eligibility,
 * the first step and the audit are exactly those of a case typed in; the platform's 编号 is the case's
 * external_ref, so importing the same list again finds the case and changes nothing. The batch's id goes
 * on the case (batch_id), which is how undo finds the cases it must remove.
 */
import { objectionCreateSchema, repairCreateSchema } from '../../../../shared/api/contracts/repair.ts';
import { ApiError } from '../../../../shared/api/errors.ts';
import { RECORD_TYPE_LABELS, type RecordType } from '../../../../shared/domain/records.ts';
import type { ObjectionChannel } from '../../../../shared/objections/workflow.ts';
import { createObjection } from '../../repair/objections.ts';
import { createRepair } from '../../repair/applications.ts';
import { entityEligibility } from '../../repair/eligibility.ts';
import { type CaseKind, caseIdByExternalRef, openRepairFor, recordIdsFor } from '../../repair/repository.ts';
import { str, valid } from './kinds-sampling-common.ts';
import { type Applier, type ApplyContext, findOwner } from './kinds.ts';

/** What a case row has in common: the platform's 编号 and the record it concerns. */
function caseTarget(
  ctx: ApplyContext,
  caseKind: CaseKind,
): { entityId: number; recordId: number } | 'known' | null {
  const externalRef = str(ctx.row.values.externalRef);
  if (!externalRef) {
    ctx.issue('externalRef', 'error', '请填写「申请编号」（来源平台的编号），用来识别同一申请');
    return null;
  }
  const owner = findOwner(ctx);
  if (!owner) return null;
  if (caseIdByExternalRef(ctx.db, caseKind, externalRef) !== null) return 'known';
  const v = ctx.row.values;
  const decisionNo = str(v.decisionNo);
  const type = str(v.recordType) as RecordType | null;
  const date = str(v.recordDate);
  let ids: number[];
  let what: string;
  if (decisionNo && (type === null || type === 'penalty')) {
    ids = recordIdsFor(ctx.db, owner.id, { decisionNo });
    what = `决定书文号为 ${decisionNo} 的行政处罚`;
  } else if (type && date) {
    ids = recordIdsFor(ctx.db, owner.id, { type, date });
    what = `${date} 的${RECORD_TYPE_LABELS[type]}记录`;
  } else {
    ctx.issue(
      'recordType',
      'error',
      '请填写所针对的记录：行政处罚填写「处罚决定书文号」，其他记录填写「记录类型」和「记录日期」',
    );
    return null;
  }
  if (ids.length === 0) {
    ctx.issue(decisionNo ? 'decisionNo' : 'recordDate', 'error', `「${owner.name}」的信用档案中没有${what}`);
    return null;
  }
  if (ids.length > 1) {
    ctx.issue(
      'recordDate',
      'error',
      `「${owner.name}」有 ${ids.length} 条${what}，无法确定是哪一条，请在系统中登记`,
    );
    return null;
  }
  return { entityId: owner.id, recordId: ids[0]! };
}

/** The services refuse a case with a Chinese message: that message becomes the row's error. */
function registered(ctx: ApplyContext, create: () => unknown): 'inserted' | null {
  try {
    create();
    return 'inserted';
  } catch (e) {
    if (e instanceof ApiError && e.code !== 'internal' && e.code !== 'forbidden') {
      ctx.issue(null, 'error', e.message);
      return null;
    }
    throw e;
  }
}

const today = (ctx: ApplyContext) => ctx.at.slice(0, 10);

const applyRepair: Applier = (ctx) => {
  const target = caseTarget(ctx, 'repair');
  if (target === 'known') return 'unchanged';
  if (!target) return null;
  // Said before the service is asked, so the row tells why the record needs no repair.
  const eligibility = entityEligibility(ctx.db, target.entityId, today(ctx)).find(
    (e) => e.recordId === target.recordId,
  );
  if (!eligibility?.action) {
    ctx.issue(null, 'error', `这条记录无需信用修复：${eligibility?.reasons[0] ?? '该类记录不涉及信用修复'}`);
    return null;
  }
  const open = openRepairFor(ctx.db, target.recordId);
  if (open !== null) {
    ctx.issue(null, 'error', `这条记录已有正在办理的信用修复申请（第 ${open} 号）`);
    return null;
  }
  const v = ctx.row.values;
  const input = {
    entityId: target.entityId,
    recordId: target.recordId,
    applicant: String(v.applicant),
    contact: str(v.contact) ?? undefined,
    reason: String(v.reason),
    channel: (str(v.channel) ?? '全国信用修复平台').slice(0, 40),
    appliedOn: String(v.appliedOn),
  };
  // The form's limits (lengths) hold for a list too.
  if (!valid(ctx, repairCreateSchema, input)) return null;
  return registered(ctx, () =>
    createRepair(ctx.db, ctx.actor, input, ctx.at, today(ctx), {
      externalRef: str(v.externalRef),
      batchId: ctx.batchId,
    }),
  );
};

const applyObjection: Applier = (ctx) => {
  const target = caseTarget(ctx, 'objection');
  if (target === 'known') return 'unchanged';
  if (!target) return null;
  const v = ctx.row.values;
  const input = {
    entityId: target.entityId,
    recordId: target.recordId,
    objector: String(v.objector),
    contact: str(v.contact) ?? undefined,
    channel: (str(v.channel) as ObjectionChannel | null) ?? 'online',
    reasons: String(v.reasons),
    receivedOn: String(v.receivedOn),
  };
  if (!valid(ctx, objectionCreateSchema, input)) return null;
  return registered(ctx, () =>
    createObjection(ctx.db, ctx.actor, input, ctx.at, today(ctx), {
      externalRef: str(v.externalRef),
      batchId: ctx.batchId,
    }),
  );
};

export const CASE_APPLIERS = { repairs: applyRepair, objections: applyObjection } as const;
