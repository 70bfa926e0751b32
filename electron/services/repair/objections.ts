/**
 * Objections (异议) to a credit record or a grading result: register, accept or refuse, decide. 更正 and 撤回
 * change or withdraw the record and re-grade the entity; 维持 and 无法核实 keep the record with the objection
 * and the verification noted on it. While open the record shows 异议中. Every step is audited.
 */
import type {
  ObjectionCreateInput,
  ObjectionDetail,
  ObjectionStepInput,
  ObjectionSummary,
} from '../../../shared/api/contracts/repair.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { createCalendar } from '../../../shared/calendar/index.ts';
import { creditRecordSchema } from '../../../shared/domain/records.ts';
import {
  availableObjectionSteps,
  nextObjectionState,
  OBJECTION_OUTCOME_LABELS,
  OBJECTION_STEP_LABELS,
  type ObjectionState,
  type ObjectionStep,
  objectionDeadline,
} from '../../../shared/objections/workflow.ts';
import { recordLabel } from '../../../shared/repair/record-label.ts';
import type { DataDoor } from '../../db/sql.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { onRecordsChanged } from '../grading/records-changed.ts';
import { readCalendar } from '../sampling/reference-store.ts';
import {
  type CasePageQuery,
  type CaseTab,
  casePage,
  changeRecord,
  checkStepDate,
  currentRecord,
} from './cases.ts';
import {
  attachmentsOf,
  deleteRecord,
  entityRef,
  insertObjection,
  insertStep,
  listObjections,
  type ObjectionChange,
  type ObjectionRow,
  objectionById,
  objectionCountsByState,
  recordById,
  stepsOf,
  unitOfWork,
  updateObjection,
} from './repository.ts';
import { readRepairSettings } from './settings.ts';

export const OBJECTION_TABS: Record<CaseTab, readonly ObjectionState[]> = {
  pending: ['received'],
  in_progress: ['accepted'],
  closed: ['not_accepted', 'decided'],
};

function summaryOf(db: DataDoor, row: ObjectionRow, today: string): ObjectionSummary {
  const s = readRepairSettings(db);
  return {
    id: row.id,
    entityId: row.entityId,
    entityName: row.entityName,
    entityCode: row.entityCode,
    subject: row.subject,
    objector: row.objector,
    channel: row.channel,
    receivedOn: row.receivedOn,
    state: row.state,
    outcome: row.outcome,
    deadline: objectionDeadline(
      createCalendar(readCalendar(db)),
      s.objection,
      row.state,
      { receivedOn: row.receivedOn, acceptedOn: row.acceptedOn },
      today,
    ),
  };
}

function detailOf(db: DataDoor, actor: Actor, row: ObjectionRow, today: string): ObjectionDetail {
  return {
    ...summaryOf(db, row, today),
    recordId: row.recordId,
    recordType: row.recordType,
    recordSnapshot: row.recordSnapshot,
    gradingRunId: row.gradingRunId,
    contact: row.contact,
    reasons: row.reasons,
    acceptedOn: row.acceptedOn,
    decidedOn: row.decidedOn,
    findings: row.findings,
    decisionNo: row.decisionNo,
    steps: stepsOf(db, 'objection', row.id).map((s) => ({
      ...s,
      label: s.step === 'receive' ? '收到异议' : (OBJECTION_STEP_LABELS[s.step as ObjectionStep] ?? s.step),
    })),
    attachments: attachmentsOf(db, 'objection', row.id),
    availableSteps: availableObjectionSteps(row.state, actor.role),
  };
}

function load(db: DataDoor, id: number): ObjectionRow {
  const row = objectionById(db, id);
  if (!row) throw new ApiError('not_found', '找不到该异议。');
  return row;
}

export function getObjection(db: DataDoor, actor: Actor, id: number, today: string): ObjectionDetail {
  authorize(actor, 'repair.read');
  return detailOf(db, actor, load(db, id), today);
}

export function listObjectionCases(db: DataDoor, actor: Actor, q: CasePageQuery, today: string) {
  authorize(actor, 'repair.read');
  return casePage(
    q,
    OBJECTION_TABS,
    (l) => listObjections(db, l),
    objectionCountsByState(db),
    (r) => summaryOf(db, r, today),
  );
}

export function createObjection(
  db: DataDoor,
  actor: Actor,
  input: ObjectionCreateInput,
  at: string,
  today: string,
  origin: { externalRef: string | null; batchId: number | null } = { externalRef: null, batchId: null },
): ObjectionDetail {
  authorize(actor, 'repair.handle');
  if (input.receivedOn > today) {
    throw new ApiError('invalid_input', '收到日期不能晚于今天', { receivedOn: '不能晚于今天' });
  }
  const entity = entityRef(db, input.entityId);
  if (!entity) throw new ApiError('not_found', '找不到该市场主体。');
  let subject: string;
  let record = null;
  if (input.recordId !== null) {
    record = recordById(db, input.recordId);
    if (!record || record.entityId !== input.entityId) {
      throw new ApiError('not_found', '该市场主体的信用档案中没有这条记录。');
    }
    subject = recordLabel(record.type, record.date, record.data);
  } else if (input.gradingRunId) {
    subject = `信用风险分类结果（第 ${input.gradingRunId} 次评价）`;
  } else {
    throw new ApiError('invalid_input', '请选择异议所针对的信用记录或分类结果。');
  }
  const id = unitOfWork(db, () => {
    const newId = insertObjection(db, {
      entityId: input.entityId,
      recordId: record?.id ?? null,
      recordType: record?.type ?? null,
      recordSnapshot: record ? { date: record.date, ...record.data } : null,
      gradingRunId: input.gradingRunId ?? null,
      subject,
      objector: input.objector,
      contact: input.contact ?? null,
      channel: input.channel,
      reasons: input.reasons,
      receivedOn: input.receivedOn,
      externalRef: origin.externalRef,
      batchId: origin.batchId,
      at,
      by: actor.username,
    });
    insertStep(db, {
      caseKind: 'objection',
      caseId: newId,
      step: 'receive',
      onDate: input.receivedOn,
      at,
      by: actor.username,
      reason: input.reasons,
      detail: { channel: input.channel },
    });
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'objection.create',
      target: entity.entityCode || entity.entityName,
      detail: { objectionId: newId, recordId: record?.id ?? null, subject },
    });
    return newId;
  });
  return detailOf(db, actor, load(db, id), today);
}

/** The corrected record, validated as a credit record of its kind; a Chinese message when it is not. */
function corrected(
  type: string,
  date: string,
  data: Record<string, unknown>,
  correction: Record<string, unknown>,
) {
  const merged = { ...data, ...correction, type, date: correction.date ?? date };
  const parsed = creditRecordSchema.safeParse(merged);
  if (!parsed.success) {
    const fields = parsed.error.issues.map((i) => i.path.join('.')).join('、');
    throw new ApiError('invalid_input', `更正后的记录不完整或格式不正确：${fields}`);
  }
  const { type: _t, date: newDate, ...rest } = merged;
  return { date: String(newDate), data: rest };
}

export function stepObjection(
  db: DataDoor,
  actor: Actor,
  input: ObjectionStepInput,
  at: string,
  today: string,
): ObjectionDetail {
  authorize(actor, input.step === 'accept' ? 'repair.handle' : 'repair.decide');
  const row = load(db, input.id);
  const next = nextObjectionState(row.state, input.step, actor.role, {
    reason: input.reason ?? null,
    outcome: input.outcome ?? null,
  });
  if (!next.ok) throw new ApiError('conflict', next.message);
  checkStepDate(input.onDate, row.receivedOn, today);
  const change: ObjectionChange = { state: next.state };
  if (input.step === 'accept') change.acceptedOn = input.onDate;
  if (input.step === 'decide') {
    change.decidedOn = input.onDate;
    change.outcome = input.outcome;
    change.findings = input.reason ?? null;
    change.decisionNo = input.decisionNo ?? null;
  }
  const outcome = input.step === 'decide' ? input.outcome : undefined;
  unitOfWork(db, () => {
    if (outcome && row.recordId !== null) {
      const record = currentRecord(db, row.recordId);
      change.recordBefore = record;
      if (outcome === 'corrected') {
        if (!input.correction || Object.keys(input.correction).length === 0) {
          throw new ApiError('invalid_input', '更正须写明更正后的内容。');
        }
        const c = corrected(record.type, record.date, record.data, input.correction);
        changeRecord(db, record, c.date, c.data, at);
      } else if (outcome === 'withdrawn') {
        deleteRecord(db, record.id);
        onRecordsChanged(db, [record.entityId], at);
      } else {
        // 维持 / 无法核实: the record stays, with the objection and the verification written beside it.
        const note = `异议（${row.receivedOn}）：${row.reasons}；核实结论：${OBJECTION_OUTCOME_LABELS[outcome]}，${input.reason ?? ''}`;
        changeRecord(db, record, record.date, { ...record.data, objectionNote: note }, at);
      }
    }
    updateObjection(db, row.id, change, at);
    insertStep(db, {
      caseKind: 'objection',
      caseId: row.id,
      step: input.step,
      onDate: input.onDate,
      at,
      by: actor.username,
      reason: input.reason ?? null,
      detail: outcome ? { outcome } : {},
    });
    appendAudit(db, {
      at,
      actor: actor.username,
      action:
        input.step === 'accept'
          ? 'objection.accept'
          : input.step === 'refuse'
            ? 'objection.refuse'
            : 'objection.decide',
      target: row.entityCode || row.entityName,
      detail: {
        objectionId: row.id,
        recordId: row.recordId,
        onDate: input.onDate,
        ...(outcome ? { outcome } : {}),
      },
    });
  });
  return detailOf(db, actor, load(db, row.id), today);
}
