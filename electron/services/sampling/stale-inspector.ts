/** A save from the inspector form over a newer save by another officer is refused (issue 17 item 3). */
import type { DataDoor } from '../../db/sql.ts';
import { entryOfActionAt } from '../audit/repository.ts';
import { refuseStaleEdit } from '../row-version/stale-edit.ts';
import { inspectorVersion, readInspectors } from './repository/inspectors.ts';

export function refuseStaleInspector(
  db: DataDoor,
  employeeNo: string,
  expectedVersion: number | undefined,
): void {
  if (expectedVersion === undefined) return;
  const stored = inspectorVersion(db, employeeNo);
  refuseStaleEdit(db, {
    what: `检查人员“${employeeNo}”`,
    expected: expectedVersion,
    current: stored?.version ?? null,
    // The table keeps no updated_by; the save that stamped updated_at is audited at that same time.
    last: () => (stored ? entryOfActionAt(db, 'sampling.inspectors.upsert', stored.updatedAt) : null),
    values: () => {
      const i = readInspectors(db).find((r) => r.employeeNo === employeeNo);
      if (!i) return '';
      return [
        `姓名：${i.name}`,
        i.unit && `单位：${i.unit}`,
        i.qualifications.length > 0 && `资格：${i.qualifications.join('、')}`,
        `状态：${i.status === 'active' ? '在岗' : '停用'}`,
      ]
        .filter(Boolean)
        .join('；');
    },
  });
}
