/**
 * Which document a case can have now, filled from the case, the county settings and the 文号 settings;
 * the page prints it and the same text goes into the .docx.
 */
import { ApiError } from '../../../shared/api/errors.ts';
import {
  acceptanceNotice,
  type CreditDocument,
  type DocumentParty,
  objectionReply,
  refusalNotice,
  repairDecision,
  repairNotice,
} from '../../../shared/repair/documents.ts';
import { publicityTerms } from '../../../shared/repair/eligibility.ts';
import { recordLabel } from '../../../shared/repair/record-label.ts';
import type { DataDoor } from '../../db/sql.ts';
import { type Actor, authorize } from '../authz.ts';
import { getCounty } from '../settings/county.ts';
import { entityRef, lastStepReason, objectionById, recordById, repairById } from './repository.ts';
import { readRepairSettings } from './settings.ts';

import type { CASE_DOCUMENTS } from '../../../shared/api/contracts/repair.ts';

export type CaseDocumentKind = (typeof CASE_DOCUMENTS)[number];

function party(
  db: DataDoor,
  entityName: string,
  entityCode: string,
  number: string,
  date: string,
): DocumentParty {
  const county = getCounty(db);
  return { bureau: county?.bureau ?? '', number, date, entityName, entityCode };
}

/** The case's own decision number, else the settings' prefix with the year of the date and the case id. */
function numberOf(db: DataDoor, decisionNo: string | null, date: string, id: number): string {
  return decisionNo ?? `${readRepairSettings(db).numberPrefix}〔${date.slice(0, 4)}〕${id}号`;
}

function snapshotLabel(type: Parameters<typeof recordLabel>[0], snapshot: Record<string, unknown>): string {
  const { date, ...data } = snapshot;
  return recordLabel(type, String(date ?? ''), data);
}

const unavailable = () => new ApiError('conflict', '该案件当前所处阶段没有这份文书。');

export function caseDocument(
  db: DataDoor,
  actor: Actor,
  caseKind: 'repair' | 'objection',
  caseId: number,
  kind: CaseDocumentKind,
): CreditDocument {
  authorize(actor, 'repair.read');
  const s = readRepairSettings(db);
  if (caseKind === 'repair') {
    const a = repairById(db, caseId);
    if (!a) throw new ApiError('not_found', '找不到该信用修复申请。');
    const matter = {
      kind: 'repair' as const,
      receivedOn: a.appliedOn,
      subject: snapshotLabel(a.recordType, a.recordSnapshot),
      action: a.action,
    };
    const within =
      a.action === 'remove_abnormal' || a.action === 'restore_individual'
        ? s.repair.decideAbnormalWithin
        : s.repair.decideOtherWithin;
    if (kind === 'acceptance' && a.acceptedOn)
      return acceptanceNotice(
        party(db, a.entityName, a.entityCode, numberOf(db, null, a.acceptedOn, a.id), a.acceptedOn),
        matter,
        within,
      );
    if (kind === 'refusal' && a.state === 'not_accepted' && a.closedOn)
      return refusalNotice(
        party(db, a.entityName, a.entityCode, numberOf(db, null, a.closedOn, a.id), a.closedOn),
        matter,
        lastStepReason(db, 'repair', a.id, 'refuse'),
      );
    if (kind === 'decision' && a.decidedOn)
      return repairDecision(
        party(db, a.entityName, a.entityCode, numberOf(db, a.decisionNo, a.decidedOn, a.id), a.decidedOn),
        matter,
        a.state !== 'denied',
        a.state === 'denied' ? lastStepReason(db, 'repair', a.id, 'deny') : null,
      );
    throw unavailable();
  }
  const o = objectionById(db, caseId);
  if (!o) throw new ApiError('not_found', '找不到该异议。');
  const matter = { kind: 'objection' as const, receivedOn: o.receivedOn, subject: o.subject };
  if (kind === 'acceptance' && o.acceptedOn)
    return acceptanceNotice(
      party(db, o.entityName, o.entityCode, numberOf(db, null, o.acceptedOn, o.id), o.acceptedOn),
      matter,
      s.objection.verifyWithin,
    );
  if (kind === 'refusal' && o.state === 'not_accepted')
    return refusalNotice(
      party(db, o.entityName, o.entityCode, numberOf(db, null, o.receivedOn, o.id), o.receivedOn),
      matter,
      lastStepReason(db, 'objection', o.id, 'refuse'),
    );
  if (kind === 'reply' && o.decidedOn && o.outcome)
    return objectionReply(
      party(db, o.entityName, o.entityCode, numberOf(db, o.decisionNo, o.decidedOn, o.id), o.decidedOn),
      matter,
      o.outcome,
      o.findings ?? '',
    );
  throw unavailable();
}

/** 信用修复告知书 for one penalty, served with its decision (两书同达). */
export function repairNoticeFor(
  db: DataDoor,
  actor: Actor,
  entityId: number,
  recordId: number,
  today: string,
): CreditDocument {
  authorize(actor, 'repair.read');
  const entity = entityRef(db, entityId);
  const record = recordById(db, recordId);
  if (!entity || !record || record.entityId !== entityId || record.type !== 'penalty') {
    throw new ApiError('not_found', '该市场主体的信用档案中没有这条行政处罚记录。');
  }
  const s = readRepairSettings(db);
  const kinds = Array.isArray(record.data.penaltyKinds) ? record.data.penaltyKinds.map(String) : [];
  const terms = publicityTerms(
    {
      penaltyKinds: kinds,
      fine: typeof record.data.fine === 'number' ? record.data.fine : null,
      field: typeof record.data.field === 'string' ? record.data.field : null,
    },
    entity.kind,
    s,
  );
  return repairNotice(
    party(db, entity.entityName, entity.entityCode, numberOf(db, null, today, recordId), today),
    {
      decisionNo: typeof record.data.decisionNo === 'string' ? record.data.decisionNo : '（处罚决定书文号）',
      publicityMonths: terms.months,
      lowFineStandard: `法人或者其他组织罚款 ${s.lowFineOrganisation.toLocaleString('en-US')} 元以下、个体工商户罚款 ${s.lowFineIndividual.toLocaleString('en-US')} 元以下（不含本数）`,
      earliestMonths: terms.excluded.length > 0 || terms.light ? null : terms.minimumMonths,
      channel: s.channel,
    },
  );
}
