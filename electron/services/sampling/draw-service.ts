/**
 * Preview, draw and redraw (SPEC §6.4 steps 2–8). The preview shows the strata and the digest the draw
 * will commit to; the draw takes 32 bytes from the OS CSPRNG, runs the pure draw, and stores the plan
 * file with its entries in one transaction, audited. A drawn plan is locked: a redraw needs the
 * sampling.redraw permission (supervisor) and a reason, keeps the old plan, and is audited with both
 * digests and seeds.
 */
import { randomBytes } from 'node:crypto';
import type { DrawOutput, Preview } from '../../../shared/api/contracts/sampling.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import {
  buildPlanDocument,
  commitmentDigestHex,
  type DrawOutcome,
  drawPlanDetailed,
  eligibleInspectors,
  planDocumentText,
  prepareDraw,
  SamplingInputError,
} from '../../../shared/sampling/index.ts';
import type { DataDoor } from '../../db/sql.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { buildDrawInputs, type DrawInputs } from './candidates.ts';
import { nodeSha256 } from './node-sha256.ts';
import { insertPlan, type NewPlanEntry, planDrawnBy, supersedePlan } from './repository/plans.ts';
import { activeEntityCount } from './repository/pool.ts';
import { resultCount } from './repository/results.ts';
import { lockTaskForDraw, setCurrentPlan, type StoredTask } from './repository/tasks.ts';
import { unitOfWork } from './repository/unit-of-work.ts';
import { currentPlan, loadTask, loadTaskForChange, requireStatus } from './task-store.ts';

/**
 * SPEC §6.3: an A07 plan below 3% of the undirected pool gets a warning. For an undirected task the
 * pure draw already compares with its candidates; a 定向 task is compared here with every entity in
 * business, since the floor is about the whole jurisdiction.
 */
function directedFloorWarning(db: DataDoor, task: StoredTask, total: number): string[] {
  if (!task.directed || !task.items.includes('A07')) return [];
  const pool = activeEntityCount(db);
  if (pool === 0 || total * 10000 >= pool * 300) return [];
  return [
    `定向公示信息抽查（A07）抽取 ${total} 户，占辖区在业主体 ${pool} 户的 ${((total * 100) / pool).toFixed(2)}%，低于 3%；请确保本年度公示信息抽查合计不少于 3%`,
  ];
}

function inputError(e: unknown): never {
  if (e instanceof SamplingInputError) throw new ApiError('invalid_input', e.message);
  throw e;
}

export function previewTask(db: DataDoor, actor: Actor, taskId: number): Preview {
  authorize(actor, 'sampling.read');
  const task = loadTask(db, taskId);
  const inputs = buildDrawInputs(db, task);
  try {
    const prepared = prepareDraw(inputs);
    const strata = prepared.strata.map((s) => ({
      kind: s.kind,
      class: s.class,
      N: s.ids.length,
      k: s.k,
      bp: s.bp,
    }));
    const total = strata.reduce((n, s) => n + s.k, 0);
    const pool = strata.reduce((n, s) => n + s.N, 0);
    const eligible = eligibleInspectors(prepared).length;
    const warnings: string[] = [];
    if (task.items.includes('A07') && pool > 0 && total * 10000 < pool * 300)
      warnings.push(
        `公示信息抽查（A07）将抽取 ${total} 户，占候选 ${pool} 户的 ${((total * 100) / pool).toFixed(2)}%，低于 3% 的下限`,
      );
    warnings.push(...directedFloorWarning(db, task, total));
    if (inputs.unknownGrades.length > 0)
      warnings.push(
        `评价批次中有 ${inputs.unknownGrades.reduce((n, g) => n + g.count, 0)} 户的等级（${inputs.unknownGrades
          .map((g) => g.grade)
          .join('、')}）不在比例方案的等级顺序（${task.classOrder.join('、')}）中，将按未分类抽取`,
      );
    if (total > 0 && eligible < task.teamSize)
      warnings.push(`符合条件的检查人员只有 ${eligible} 名，不足每组 ${task.teamSize} 名`);
    return {
      candidates: inputs.candidates.ids.length,
      strata,
      total,
      excluded: inputs.excluded,
      eligibleInspectors: eligible,
      digest: commitmentDigestHex(prepared, nodeSha256),
      warnings,
    };
  } catch (e) {
    inputError(e);
  }
}

/** Runs the draw and stores it as the task's new current plan; returns the plan id. */
function storePlan(
  db: DataDoor,
  actor: Actor,
  task: StoredTask,
  inputs: DrawInputs,
  outcome: DrawOutcome,
  at: string,
  seq: number,
): number {
  const doc = buildPlanDocument(inputs, outcome, { drawnAt: at, drawnBy: actor.username });
  const teamOf = new Map(outcome.teams.map((t) => [t.entity, t.inspectors]));
  const entries = outcome.selected.map(
    (s, i): NewPlanEntry => ({
      entityId: inputs.entityIdAt(outcome.selectedRows[i]!),
      code: s.id,
      kind: s.kind,
      class: s.class,
      team: teamOf.get(s.id) ?? [],
    }),
  );
  const planId = insertPlan(
    db,
    {
      taskId: task.id,
      seq,
      digest: outcome.digest,
      seed: outcome.seed,
      planFile: planDocumentText(doc, outcome.prepared),
      strata: outcome.strata,
      unstaffed: outcome.unstaffed,
      excluded: inputs.excluded,
      warnings: allWarnings(db, task, outcome),
      candidates: inputs.candidates.ids.length,
      drawnAt: at,
      drawnBy: actor.username,
    },
    entries,
  );
  setCurrentPlan(db, task.id, planId, at);
  return planId;
}

function allWarnings(db: DataDoor, task: StoredTask, o: DrawOutcome): string[] {
  return [...o.warnings, ...directedFloorWarning(db, task, o.selected.length)];
}

function output(taskId: number, planId: number, o: DrawOutcome, warnings: string[]): DrawOutput {
  return {
    taskId,
    planId,
    digest: o.digest,
    seed: o.seed,
    strata: o.strata,
    selected: o.selected.length,
    unstaffed: o.unstaffed,
    warnings,
  };
}

function runDraw(inputs: DrawInputs, seed: Uint8Array | string): DrawOutcome {
  try {
    return drawPlanDetailed(inputs, seed, { hash: nodeSha256 });
  } catch (e) {
    inputError(e);
  }
}

/** A second draw of a drawn task (another officer's, or a stale screen): who drew it, and what to do. */
function alreadyDrawn(db: DataDoor, planId: number): ApiError {
  const by = planDrawnBy(db, planId);
  return new ApiError(
    'conflict',
    `该任务已由${by ? ` ${by} ` : '其他人员'}抽取，计划已锁定，请刷新查看；如需重抽请由科室负责人说明理由后重新抽取。`,
  );
}

export interface DrawOptions {
  /** The digest shown in the preview; the draw refuses when its inputs changed since. */
  expectedDigest?: string | null;
  /** Only to reproduce a draw in tests; a real draw always takes fresh CSPRNG bytes. */
  seed?: string;
}

export function drawTask(
  db: DataDoor,
  actor: Actor,
  taskId: number,
  at: string,
  opts: DrawOptions = {},
): DrawOutput {
  authorize(actor, 'sampling.manage');
  return unitOfWork(db, () => {
    // Another draw of this task finishes first; the task is then read as it left it.
    lockTaskForDraw(db, taskId);
    const task = loadTaskForChange(db, taskId);
    if (task.currentPlanId !== null) throw alreadyDrawn(db, task.currentPlanId);
    requireStatus(task, ['draft'], '抽取');
    const inputs = buildDrawInputs(db, task);
    const outcome = runDraw(inputs, opts.seed ?? randomBytes(32));
    if (opts.expectedDigest && opts.expectedDigest !== outcome.digest)
      throw new ApiError(
        'conflict',
        '预览后抽取条件已发生变化（主体、等级或检查人员有更新），请重新预览后再抽取。',
      );
    if (outcome.selected.length === 0)
      throw new ApiError('invalid_input', '按当前条件不会抽中任何主体，请检查范围和比例。');
    const planId = storePlan(db, actor, task, inputs, outcome, at, 1);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.draw',
      target: task.number,
      detail: {
        taskId,
        planId,
        digest: outcome.digest,
        seed: outcome.seed,
        selected: outcome.selected.length,
        unstaffed: outcome.unstaffed.length,
      },
    });
    return output(taskId, planId, outcome, allWarnings(db, task, outcome));
  });
}

export function redrawTask(
  db: DataDoor,
  actor: Actor,
  taskId: number,
  reason: string,
  at: string,
  opts: { seed?: string } = {},
): DrawOutput {
  authorize(actor, 'sampling.redraw');
  if (reason.trim().length < 4) throw new ApiError('invalid_input', '请说明重新抽取的理由（至少 4 个字）');
  return unitOfWork(db, () => {
    // As for a draw: a second redraw (or a draw) of this task waits, then sees the plan this one stored.
    lockTaskForDraw(db, taskId);
    const task = loadTaskForChange(db, taskId);
    requireStatus(task, ['drawn', 'in_progress'], '重新抽取');
    const old = currentPlan(db, task);
    if (resultCount(db, old.id) > 0) throw new ApiError('conflict', '该计划已录入检查结果，不能重新抽取。');
    supersedePlan(db, old.id, actor.username, reason.trim(), at);
    const inputs = buildDrawInputs(db, { ...task, currentPlanId: null });
    const outcome = runDraw(inputs, opts.seed ?? randomBytes(32));
    if (outcome.selected.length === 0)
      throw new ApiError('invalid_input', '按当前条件不会抽中任何主体，请检查范围和比例。');
    const planId = storePlan(db, actor, task, inputs, outcome, at, old.seq + 1);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'sampling.redraw',
      target: task.number,
      detail: {
        taskId,
        reason: reason.trim(),
        oldPlanId: old.id,
        oldDigest: old.digest,
        oldSeed: old.seed,
        planId,
        digest: outcome.digest,
        seed: outcome.seed,
      },
    });
    return output(taskId, planId, outcome, allWarnings(db, task, outcome));
  });
}
