/** What repair applications and objections share: the status tabs, dates, the record change on a decision. */
import type { CASE_TABS } from '../../../shared/api/contracts/repair.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { DataDoor } from '../../db/sql.ts';
import { onRecordsChanged } from '../grading/records-changed.ts';
import { type CaseListQuery, type Json, recordById, setRecordData, type StoredRecord } from './repository.ts';

export type CaseTab = (typeof CASE_TABS)[number];

/** The day a step is dated: not before the case came in, not after today. */
export function checkStepDate(onDate: string, earliest: string, today: string): void {
  if (onDate < earliest) {
    throw new ApiError('invalid_input', `办理日期不能早于 ${earliest}`, { onDate: `不能早于 ${earliest}` });
  }
  if (onDate > today) {
    throw new ApiError('invalid_input', '办理日期不能晚于今天', { onDate: '不能晚于今天' });
  }
}

/** The record a decision changes, as it is now; a clear message when it is gone. */
export function currentRecord(db: DataDoor, recordId: number | null): StoredRecord {
  const r = recordId === null ? null : recordById(db, recordId);
  if (!r) throw new ApiError('conflict', '该信用记录已被删除或撤回，无法据此作出决定。');
  return r;
}

/** Writes the record's new data and re-grades its entity, in the caller's unit of work. */
export function changeRecord(db: DataDoor, r: StoredRecord, date: string, data: Json, at: string): void {
  setRecordData(db, r.id, date, data);
  onRecordsChanged(db, [r.entityId], at);
}

export function tabCounts(byState: Map<string, number>, tabs: Record<CaseTab, readonly string[]>) {
  const counts = { pending: 0, in_progress: 0, closed: 0 } as Record<CaseTab, number>;
  for (const [tab, states] of Object.entries(tabs) as [CaseTab, readonly string[]][])
    for (const s of states) counts[tab] += byState.get(s) ?? 0;
  return counts;
}

export interface CasePageQuery {
  tab: CaseTab;
  query?: string | undefined;
  offset: number;
  limit: number;
}

/** One page of a tab of either kind of case, with every tab's count for the tab headers. */
export function casePage<R, S>(
  q: CasePageQuery,
  tabs: Record<CaseTab, readonly string[]>,
  list: (l: CaseListQuery) => { total: number; rows: R[] },
  byState: Map<string, number>,
  summary: (row: R) => S,
) {
  const { total, rows } = list({
    states: tabs[q.tab],
    query: q.query?.trim() || null,
    offset: q.offset,
    limit: q.limit,
  });
  return { total, counts: tabCounts(byState, tabs), items: rows.map(summary) };
}
