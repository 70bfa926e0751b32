/**
 * Into inspections (issue 13 item 4): a 定向抽查 task whose candidates are exactly the entities of a
 * set of confirmed warnings. The task is made by the sampling service like any other (its filter names
 * the entities), so it is drawn, locked and verified (`creditdesk sample verify`) the usual way over
 * that candidate set. The warnings are marked 处置 with action 检查, naming the task.
 */
import { ApiError } from '../../../shared/api/errors.ts';
import { type DataDoor, unitOfWork } from '../../db/sql.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { completeRunsLatestFirst } from '../grading/repository/runs.ts';
import { createTask } from '../sampling/tasks.ts';
import { recordDisposal } from './lifecycle.ts';
import { findWarning } from './repository/warnings.ts';

export interface ToTaskInput {
  warningIds: number[];
  kind: 'directed' | 'special';
  number: string;
  name: string;
  items: string[];
  profileId: string;
  startDate: string;
  endDate: string;
  teamSize: number;
  note?: string | undefined;
}

export function warningsToTask(
  db: DataDoor,
  actor: Actor,
  input: ToTaskInput,
  at: string,
): { taskId: number; candidates: number; warnings: number } {
  authorize(actor, 'sampling.manage');
  authorize(actor, 'monitoring.handle');
  return unitOfWork(db, () => {
    const ids = [...new Set(input.warningIds)];
    const codes = new Set<string>();
    for (const id of ids) {
      const w = findWarning(db, id);
      if (!w) throw new ApiError('not_found', '所选预警中有一条已不存在，请刷新后重试。');
      if (w.status !== 'confirmed' && w.status !== 'disposed') {
        throw new ApiError('conflict', `预警“${w.subject_display}”尚未审核确认，不能转入抽查任务。`);
      }
      for (const code of JSON.parse(w.entities) as string[]) codes.add(code);
    }
    const entities = [...codes].sort();
    const latestRun = completeRunsLatestFirst(db)[0];
    const taskId = createTask(
      db,
      actor,
      {
        number: input.number,
        name: input.name,
        items: input.items,
        directed: true,
        filter: { kinds: [], townships: [], jurisdictions: [], industryPrefixes: [], tags: [], entities },
        gradingRunId: latestRun?.id ?? null,
        profileId: input.profileId,
        startDate: input.startDate,
        endDate: input.endDate,
        teamSize: input.teamSize,
      },
      at,
    );
    const note =
      input.note?.trim() || `转入${input.kind === 'special' ? '专项检查' : '定向抽查'}任务 ${input.number}`;
    for (const id of ids) recordDisposal(db, actor, id, '检查', note, at, taskId);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'monitoring.toTask',
      target: input.number,
      detail: { taskId, kind: input.kind, warningIds: ids, entities: entities.length },
    });
    return { taskId, candidates: entities.length, warnings: ids.length };
  });
}
