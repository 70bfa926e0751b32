/** The model viewer and model import/export (admin and supervisors: models.manage). */
import type { ModelSummary } from '../../../shared/api/contracts/grading.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { DataDoor } from '../../db/sql.ts';
import { unitOfWork } from './repository/unit-of-work.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { describeModel } from './describe-model.ts';
import { allModels, findModel, type StoredModel, validateModelJson } from './model-store.ts';
import { storeModel } from './repository/models.ts';

export function summary(m: StoredModel): ModelSummary {
  return {
    id: m.model.id,
    version: m.model.version,
    name: m.model.name,
    effectiveFrom: m.model.effectiveFrom ?? null,
    builtIn: m.builtIn,
    grades: m.model.bands.map((b) => ({ grade: b.grade, label: b.label })),
  };
}

export function listModels(db: DataDoor, actor: Actor): ModelSummary[] {
  authorize(actor, 'grading.read');
  return allModels(db).map(summary);
}

export function getModel(db: DataDoor, actor: Actor, id: string, version: string | null) {
  authorize(actor, 'grading.read');
  const m = findModel(db, id, version);
  return { summary: summary(m), description: describeModel(m.model), json: JSON.stringify(m.model, null, 2) };
}

export function importModel(db: DataDoor, actor: Actor, json: string, at: string): ModelSummary {
  authorize(actor, 'models.manage');
  const model = validateModelJson(json);
  return unitOfWork(db, () => {
    const same = allModels(db).find((m) => m.model.id === model.id && m.model.version === model.version);
    if (same) {
      throw new ApiError(
        'conflict',
        same.builtIn
          ? `“${same.model.name}”的 ${model.version} 版是内置模型，不能覆盖；请修改版本号后再导入。`
          : `“${same.model.name}”的 ${model.version} 版已导入过；请修改版本号后再导入。`,
      );
    }
    const text = storeModel(db, model, at, actor.username);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'models.import',
      target: `model:${model.id}@${model.version}`,
      detail: { name: model.name, effectiveFrom: model.effectiveFrom, bytes: text.length },
    });
    return summary({ model, builtIn: false });
  });
}

export function exportModel(db: DataDoor, actor: Actor, id: string, version: string | null, at: string) {
  authorize(actor, 'models.manage');
  const { model } = findModel(db, id, version);
  appendAudit(db, {
    at,
    actor: actor.username,
    action: 'models.export',
    target: `model:${model.id}@${model.version}`,
    detail: {},
  });
  return { fileName: `${model.id}-${model.version}.json`, json: `${JSON.stringify(model, null, 2)}\n` };
}
