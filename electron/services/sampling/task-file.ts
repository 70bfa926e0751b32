/**
 * `creditdesk sample --db F --task TASK.json`: a task given as a file — its own ratios and conflicts —
 * stored and drawn at once, exactly as the wizard stores and draws one, in one unit of work: a draw
 * that fails leaves neither the task nor the file's conflicts behind.
 */
import type { Conflict, DrawOutput, TaskInput } from '../../../shared/api/contracts/sampling.ts';
import { type PlanDocument, parsePlanDocument } from '../../../shared/sampling/index.ts';
import type { DataDoor } from '../../db/sql.ts';
import type { Actor } from '../authz.ts';
import { drawTask } from './draw-service.ts';
import { upsertConflicts } from './reference-store.ts';
import { unitOfWork } from './repository/unit-of-work.ts';
import { loadPlan } from './task-store.ts';
import { createTask, type InlineRatios } from './tasks.ts';

export interface TaskFile {
  task: TaskInput;
  ratios: InlineRatios;
  /** Added to the stored relations before the draw. */
  conflicts: readonly Conflict[];
}

export function storeAndDrawTaskFile(
  db: DataDoor,
  actor: Actor,
  file: TaskFile,
  at: string,
): { taskId: number; drawn: DrawOutput; plan: PlanDocument } {
  return unitOfWork(db, () => {
    if (file.conflicts.length > 0) upsertConflicts(db, actor, file.conflicts, at);
    const taskId = createTask(db, actor, file.task, at, file.ratios);
    const drawn = drawTask(db, actor, taskId, at);
    const plan = parsePlanDocument(JSON.parse(loadPlan(db, drawn.planId).planFile));
    return { taskId, drawn, plan };
  });
}
