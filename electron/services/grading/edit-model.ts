/**
 * The administrator's model form (models.edit): a model version's band thresholds and indicator points
 * and caps, changed and saved as the model's next version (the version edited stays as it was, so past
 * runs still name the version they used). Validated like an imported file; audited with the changes in
 * the form's words.
 */
import type { ModelSummary } from '../../../shared/api/contracts/grading.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import {
  applyModelEdit,
  describeEdit,
  type ModelEdit,
  nextVersion,
} from '../../../shared/grading/model-edit.ts';
import type { DataDoor } from '../../db/sql.ts';
import { unitOfWork } from './repository/unit-of-work.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { allModels, findModel } from './model-store.ts';
import { storeModel } from './repository/models.ts';
import { summary } from './models.ts';

export interface EditModelRequest extends ModelEdit {
  id: string;
  baseVersion: string;
}

export function editModel(db: DataDoor, actor: Actor, req: EditModelRequest, at: string): ModelSummary {
  authorize(actor, 'models.edit');
  return unitOfWork(db, () => {
    const { model: base } = findModel(db, req.id, req.baseVersion);
    const version = nextVersion(
      allModels(db)
        .filter((m) => m.model.id === base.id)
        .map((m) => m.model.version),
    );
    const result = applyModelEdit(base, req, version);
    if (!result.ok) {
      const fields: Record<string, string> = {};
      for (const i of result.issues) fields[i.field] ??= i.message;
      const list = result.issues.map((i) => `${i.label}：${i.message}`);
      throw new ApiError('invalid_input', `有 ${list.length} 处需要修改：${list.join('；')}`, fields);
    }
    const changes = describeEdit(base, result.model);
    if (changes.length === 0) throw new ApiError('invalid_input', '没有修改任何数值，无需保存。');
    storeModel(db, result.model, at, actor.username);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'models.edit',
      target: `model:${base.id}@${version}`,
      detail: { name: base.name, from: base.version, version, changes },
    });
    return summary({ model: result.model, builtIn: false });
  });
}
