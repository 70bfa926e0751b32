/** A result entry based on a result another officer has changed since is refused (issue 17 item 3). */
import { resultText } from '../../../shared/inspection-results/index.ts';
import type { DataDoor } from '../../db/sql.ts';
import { refuseStaleEdit } from '../row-version/stale-edit.ts';
import { entityName, findResult } from './repository/results.ts';

export function refuseStaleResult(
  db: DataDoor,
  planId: number,
  entityId: number,
  expectedVersion: number | undefined,
): void {
  if (expectedVersion === undefined) return;
  const stored = findResult(db, planId, entityId);
  refuseStaleEdit(db, {
    what: `“${entityName(db, entityId)}”的检查结果`,
    expected: expectedVersion,
    current: stored?.version ?? null,
    last: () => (stored ? { by: stored.enteredBy, at: stored.enteredAt } : null),
    values: () =>
      stored
        ? [
            `检查结果：${resultText(stored.results)}`,
            `检查日期：${stored.checkedOn}`,
            stored.followUp && `后续处置：${stored.followUp}`,
            stored.note && `备注：${stored.note}`,
          ]
            .filter(Boolean)
            .join('；')
        : '',
  });
}
