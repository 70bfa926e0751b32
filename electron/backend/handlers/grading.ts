import type { gradingContract } from '../../../shared/api/contracts/grading.ts';
import { adjustGrade } from '../../services/grading/adjust.ts';
import { editModel } from '../../services/grading/edit-model.ts';
import { exportModel, getModel, importModel, listModels } from '../../services/grading/models.ts';
import {
  gradingCompare,
  gradingDistribution,
  gradingExplain,
  gradingOfEntity,
  gradingResults,
  gradingRuns,
} from '../../services/grading/reads.ts';
import type { AreaHandlers, DoorContext } from '../context.ts';

export function gradingHandlers(ctx: DoorContext): AreaHandlers<typeof gradingContract> {
  return {
    'models.list': () => ({ models: listModels(ctx.db(), ctx.user()) }),
    'models.get': (i) => getModel(ctx.db(), ctx.user(), i.id, i.version),
    'models.import': (i) => ({ summary: importModel(ctx.db(), ctx.user(), i.json, ctx.now()) }),
    'models.edit': (i) => ({ summary: editModel(ctx.db(), ctx.user(), i, ctx.now()) }),
    'models.export': (i) => exportModel(ctx.db(), ctx.user(), i.id, i.version, ctx.now()),
    'grading.runs': () => gradingRuns(ctx.db(), ctx.user()),
    'grading.run': (i) =>
      ctx.runJob('grading.run', { modelId: i.modelId, modelVersion: i.modelVersion, asOf: i.asOf }),
    'grading.distribution': (i) => gradingDistribution(ctx.db(), ctx.user(), i.runId),
    'grading.results': (i) => gradingResults(ctx.db(), ctx.user(), i),
    'grading.compare': (i) => gradingCompare(ctx.db(), ctx.user(), i),
    'grading.explain': (i) => gradingExplain(ctx.db(), ctx.user(), i.runId, i.entityId),
    'grading.entity': (i) => gradingOfEntity(ctx.db(), ctx.user(), i.entityId),
    'grading.adjust': (i) => ({ adjustment: adjustGrade(ctx.db(), ctx.user(), i, ctx.now()) }),
  };
}
