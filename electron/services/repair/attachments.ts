/**
 * Attachments of a case (申请书, 承诺书, evidence): an uploaded file read once, size-checked and stored in the
 * encrypted database; read back as a download. Audited both ways in name only (never the content).
 */
import { createHash } from 'node:crypto';
import { readFileSync, statSync } from 'node:fs';
import { ATTACHMENT_KIND_LABELS, MAX_ATTACHMENT_BYTES } from '../../../shared/api/contracts/repair.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { DataDoor } from '../../db/sql.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import {
  type AttachmentRow,
  attachmentWithContent,
  type CaseKind,
  insertAttachment,
  objectionById,
  repairById,
  unitOfWork,
} from './repository.ts';

export function attachToCase(
  db: DataDoor,
  actor: Actor,
  input: { caseKind: CaseKind; caseId: number; kind: AttachmentRow['kind'] },
  file: { path: string; fileName: string },
  at: string,
): AttachmentRow {
  authorize(actor, 'repair.handle');
  const owner = input.caseKind === 'repair' ? repairById(db, input.caseId) : objectionById(db, input.caseId);
  if (!owner)
    throw new ApiError(
      'not_found',
      input.caseKind === 'repair' ? '找不到该信用修复申请。' : '找不到该异议。',
    );
  const size = statSync(file.path).size;
  if (size === 0) throw new ApiError('invalid_input', `「${file.fileName}」是空文件，请重新选择。`);
  if (size > MAX_ATTACHMENT_BYTES) {
    throw new ApiError(
      'invalid_input',
      `「${file.fileName}」超过 ${MAX_ATTACHMENT_BYTES / 1024 / 1024} MB，请压缩或分页扫描后再上传。`,
    );
  }
  const content = readFileSync(file.path);
  const row = {
    caseKind: input.caseKind,
    caseId: input.caseId,
    kind: input.kind,
    fileName: file.fileName,
    size,
    addedAt: at,
    addedBy: actor.username,
  };
  const id = unitOfWork(db, () => {
    const newId = insertAttachment(db, {
      ...row,
      sha256: createHash('sha256').update(content).digest('hex'),
      content,
    });
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'cases.attach',
      target: `${input.caseKind === 'repair' ? '信用修复申请' : '异议'}第 ${input.caseId} 号`,
      detail: {
        caseKind: input.caseKind,
        caseId: input.caseId,
        kind: ATTACHMENT_KIND_LABELS[input.kind],
        fileName: file.fileName,
        size,
      },
    });
    return newId;
  });
  return { id, ...row };
}

export function attachmentContent(
  db: DataDoor,
  actor: Actor,
  id: number,
): { fileName: string; content: Uint8Array } {
  authorize(actor, 'repair.read');
  const a = attachmentWithContent(db, id);
  if (!a) throw new ApiError('not_found', '找不到该附件。');
  return { fileName: a.fileName, content: a.content };
}
