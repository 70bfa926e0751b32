/**
 * 人工调整 (SPEC §5.1): a supervisor sets the grade in force of an entity's current result with a
 * reason. The computed grade and its breakdown stay as they are; the adjustment is its own row,
 * attached to the entity's result in the model's basis run (its latest run), and audited.
 */
import type { Adjustment } from '../../../shared/api/contracts/grading.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { DataDoor } from '../../db/sql.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { basisRuns, currentGrade } from './current-grades.ts';
import { modelCatalog } from './model-store.ts';
import { insertAdjustment, lockEntityForAdjustment } from './repository/adjustments.ts';
import { moveSummaryClass } from './repository/run-summary.ts';
import { setRegradeAdjustment } from './repository/current-grades.ts';
import { unitOfWork } from './repository/unit-of-work.ts';

export interface AdjustRequest {
  entityId: number;
  modelId: string;
  toGrade: string;
  reason: string;
}

export function adjustGrade(db: DataDoor, actor: Actor, req: AdjustRequest, at: string): Adjustment {
  authorize(actor, 'grading.adjust');
  const reason = req.reason.trim();
  if (reason.length < 4) throw new ApiError('invalid_input', '请填写调整理由（至少 4 个字）。');
  return unitOfWork(db, () => {
    lockEntityForAdjustment(db, req.entityId);
    const basis = basisRuns(db).find((b) => b.modelId === req.modelId);
    const cur = basis ? currentGrade(db, basis, req.entityId) : null;
    if (!basis || !cur)
      throw new ApiError('not_found', '该市场主体还没有这一模型的评价结果，请先运行信用评价。');
    const grades = modelCatalog(db)
      .grades(req.modelId, basis.modelVersion)
      .map((g) => g.grade);
    if (!grades.includes(req.toGrade)) {
      throw new ApiError(
        'invalid_input',
        `等级“${req.toGrade}”不属于该评价模型（可选：${grades.join('、')}）。`,
      );
    }
    const inForce = cur.adjustment?.toGrade ?? cur.grade;
    if (inForce === req.toGrade)
      throw new ApiError('invalid_input', `当前等级已是 ${req.toGrade}，无需调整。`);
    if (!cur.inRun) {
      throw new ApiError('conflict', '该市场主体在最近一次评价后才有评价结果，请先重新运行信用评价再调整。');
    }
    // Before the insert: the summary move reads the class the entity is counted in now.
    moveSummaryClass(db, basis.id, req.entityId, req.toGrade);
    const id = insertAdjustment(db, {
      runId: basis.id,
      entityId: req.entityId,
      fromGrade: cur.grade,
      toGrade: req.toGrade,
      reason,
      adjustedBy: actor.username,
      adjustedAt: at,
    });
    // A re-graded entity keeps its adjustment on its re-grade row; otherwise the latest adjustment of the
    // run's result is the one in force (and one back to the computed grade ends it).
    if (cur.source === 'regrade') {
      setRegradeAdjustment(db, {
        modelId: req.modelId,
        entityId: req.entityId,
        adjustmentId: req.toGrade === cur.grade ? null : id,
        at,
      });
    }
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'grading.adjust',
      target: `entity:${req.entityId}`,
      detail: {
        model: req.modelId,
        run: basis.id,
        computed: cur.grade,
        from: inForce,
        to: req.toGrade,
        reason,
      },
    });
    return {
      id,
      runId: basis.id,
      fromGrade: cur.grade,
      toGrade: req.toGrade,
      reason,
      adjustedBy: actor.username,
      adjustedAt: at,
      carried: false,
    };
  });
}
