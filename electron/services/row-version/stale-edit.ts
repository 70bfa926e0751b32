/**
 * Optimistic concurrency (issue 17 item 3): an edit names the row version it showed; when the row has
 * moved on since, the edit is refused whole and the officer is told who changed it, when, and what it
 * holds now, so nothing is silently overwritten. Callers that name no version (older callers, the CLI)
 * keep the last-writer-wins behaviour they always had.
 */
import { ApiError } from '../../../shared/api/errors.ts';
import { formatLocalTime } from '../../../shared/audit/local-time.ts';
import type { DataDoor } from '../../db/sql.ts';
import { findUser } from '../users/repository.ts';

/** Who last changed the row and when (from the row's own columns or the audit log). */
export interface LastChange {
  by: string;
  at: string;
}

export interface StaleCheck {
  /** What the row is, in words the officer knows, e.g. “主体 张三超市 的检查结果”. */
  what: string;
  /** The version the edit was based on; undefined: the caller did not say (no check). */
  expected: number | undefined;
  /** The stored version; null when the row is gone. */
  current: number | null;
  /** Null when nobody is on record (the row as first stored). */
  last: () => LastChange | null;
  /** The row's current values as one line of Chinese, e.g. “检查结果：未发现问题；检查日期：2026-05-01”. */
  values: () => string;
}

/** Whether the edit may go on; otherwise throws ApiError 'conflict' with the message the officer sees. */
export function refuseStaleEdit(db: DataDoor, check: StaleCheck): void {
  if (check.expected === undefined || check.expected === (check.current ?? 0)) return;
  throw new ApiError('conflict', staleMessage(db, check));
}

function staleMessage(db: DataDoor, check: StaleCheck): string {
  if (check.current === null) return `${check.what}已被他人撤销或删除，你的修改未保存。请刷新后重新录入。`;
  const last = check.last();
  const who = last
    ? `${findUser(db, last.by)?.displayName ?? last.by}（${formatLocalTime(last.at)}）`
    : '他人';
  const happened = check.expected === 0 ? `已由${who}先行录入` : `在你打开之后已由${who}修改`;
  return `${check.what}${happened}，你的修改未保存。当前内容：${check.values()}。请核对后再修改。`;
}
