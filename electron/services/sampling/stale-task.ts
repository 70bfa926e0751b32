/** A task edit based on a version another officer has saved over since is refused (issue 17 item 3). */
import type { DataDoor } from '../../db/sql.ts';
import { lastEntryAbout } from '../audit/repository.ts';
import { refuseStaleEdit } from '../row-version/stale-edit.ts';
import type { StoredTask } from './repository/tasks.ts';

export function refuseStaleTask(db: DataDoor, task: StoredTask, expectedVersion: number | undefined): void {
  refuseStaleEdit(db, {
    what: `抽查任务“${task.number}”`,
    expected: expectedVersion,
    current: task.version,
    // Every change of a task is audited under its number (the latest entry names the current one).
    last: () => lastEntryAbout(db, task.number, 'sampling.task.'),
    values: () =>
      [
        `任务名称：${task.name}`,
        `检查事项：${task.items.join('、')}`,
        `检查期限：${task.startDate} 至 ${task.endDate}`,
        `每组人数：${task.teamSize}`,
      ].join('；'),
  });
}
