import { writeFileSync } from 'node:fs';
import type { repairContract } from '../../../shared/api/contracts/repair.ts';
import type { Staging } from '../../services/exchange/staging.ts';
import { localIsoDate } from '../../../shared/dates/iso-date.ts';
import {
  createRepair,
  getRepair,
  listRepairApplications,
  stepRepair,
} from '../../services/repair/applications.ts';
import { attachmentContent, attachToCase } from '../../services/repair/attachments.ts';
import { caseDocument, repairNoticeFor } from '../../services/repair/case-documents.ts';
import type { CreditDocument } from '../../../shared/repair/documents.ts';
import { eligibilityForEntity } from '../../services/repair/eligibility.ts';
import {
  createObjection,
  getObjection,
  listObjectionCases,
  stepObjection,
} from '../../services/repair/objections.ts';
import { readRepairSettings, writeRepairSettings } from '../../services/repair/settings.ts';
import { authorize } from '../../services/authz.ts';
import type { AreaHandlers, DoorContext } from '../context.ts';

/** `staging` is the exchange's: attachments arrive as its uploads and leave as its downloads. */
export function repairHandlers(ctx: DoorContext, staging: Staging): AreaHandlers<typeof repairContract> {
  // Deadlines and eligibility are counted in local days.
  const today = () => localIsoDate(ctx.now());
  const offerDocx = async (doc: CreditDocument) => {
    // docx is loaded on the first document asked for, not at start-up.
    const { documentDocx } = await import('../../services/repair/docx.ts');
    const bytes = await documentDocx(doc);
    const { id, path } = staging.newDownloadPath();
    writeFileSync(path, bytes);
    return staging.offer(id, path, `${doc.title}（${doc.addressee.replace(/（.*$/, '')}）.docx`, 0);
  };
  return {
    'repair.eligibility': (input) => eligibilityForEntity(ctx.db(), ctx.user(), input.entityId, today()),
    'repair.list': (input) => listRepairApplications(ctx.db(), ctx.user(), input, today()),
    'repair.get': (input) => getRepair(ctx.db(), ctx.user(), input.id, today()),
    'repair.create': (input) => createRepair(ctx.db(), ctx.user(), input, ctx.now(), today()),
    'repair.step': (input) => stepRepair(ctx.db(), ctx.user(), input, ctx.now(), today()),
    'objections.list': (input) => listObjectionCases(ctx.db(), ctx.user(), input, today()),
    'objections.get': (input) => getObjection(ctx.db(), ctx.user(), input.id, today()),
    'objections.create': (input) => createObjection(ctx.db(), ctx.user(), input, ctx.now(), today()),
    'objections.step': (input) => stepObjection(ctx.db(), ctx.user(), input, ctx.now(), today()),
    'cases.attach': (input) => {
      authorize(ctx.user(), 'repair.handle');
      const file = staging.file(input.uploadId);
      const stored = attachToCase(ctx.db(), ctx.user(), input, file, ctx.now());
      staging.discard(input.uploadId);
      return stored;
    },
    'cases.attachment': (input) => {
      const a = attachmentContent(ctx.db(), ctx.user(), input.id);
      const { id, path } = staging.newDownloadPath();
      writeFileSync(path, a.content);
      return staging.offer(id, path, a.fileName, 0);
    },
    'cases.document': (input) =>
      caseDocument(ctx.db(), ctx.user(), input.caseKind, input.caseId, input.document),
    'cases.documentDocx': (input) =>
      offerDocx(caseDocument(ctx.db(), ctx.user(), input.caseKind, input.caseId, input.document)),
    'repair.notice': (input) =>
      repairNoticeFor(ctx.db(), ctx.user(), input.entityId, input.recordId, today()),
    'repair.noticeDocx': (input) =>
      offerDocx(repairNoticeFor(ctx.db(), ctx.user(), input.entityId, input.recordId, today())),
    'repair.settings.get': () => {
      authorize(ctx.user(), 'repair.read');
      return readRepairSettings(ctx.db());
    },
    'repair.settings.set': (input) => writeRepairSettings(ctx.db(), ctx.user(), input, ctx.now()),
  };
}
