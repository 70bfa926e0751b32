/** Small pieces the sampling screens share: labels, badges, downloads. */
import { Alert, Badge } from '@mantine/core';
import {
  TASK_STATUS_LABELS,
  type TaskFilter,
  type TaskStatus,
  type TaskSummary,
} from '../../../../shared/api/contracts/sampling.ts';
import { DEADLINE_STATE_LABELS } from '../../../../shared/calendar/index.ts';
import { localDateTime, localIsoDate } from '../../../../shared/dates/iso-date.ts';
import { ENTITY_KIND_LABELS } from '../../../../shared/domain/entity.ts';

/**
 * What a step of a task makes stale: the task, its list and deadlines, the inspection records its
 * results become in the entities' credit files, and the 工作台's to-do counts.
 */
export const TASK_CHANGED = ['sampling', 'entities', 'app.dashboard'] as const;

export function ErrorNote({ error }: { error: string | null }) {
  if (!error) return null;
  return (
    <Alert color="red" variant="light" data-testid="inspections-error">
      {error}
    </Alert>
  );
}

const STATUS_COLORS: Record<TaskStatus, string> = {
  draft: 'gray',
  drawn: 'blue',
  in_progress: 'cyan',
  results_entered: 'indigo',
  reviewed: 'violet',
  published: 'teal',
};

export function StatusBadge({ status }: { status: TaskStatus }) {
  return (
    <Badge color={STATUS_COLORS[status]} variant="light" radius="sm" data-testid="task-status">
      {TASK_STATUS_LABELS[status]}
    </Badge>
  );
}

const DEADLINE_COLORS = {
  ok: 'gray',
  near: 'orange',
  due_today: 'red',
  overdue: 'red',
  done: 'teal',
} as const;

export function DeadlineBadge({ deadline }: { deadline: TaskSummary['deadline'] }) {
  const text =
    deadline.state === 'done'
      ? DEADLINE_STATE_LABELS.done
      : deadline.state === 'overdue'
        ? `已逾期 ${-deadline.workingDaysLeft} 个工作日`
        : deadline.state === 'due_today'
          ? '今日到期'
          : `剩 ${deadline.workingDaysLeft} 个工作日`;
  return (
    <Badge
      color={DEADLINE_COLORS[deadline.state]}
      variant={deadline.state === 'overdue' || deadline.state === 'due_today' ? 'filled' : 'light'}
      radius="sm"
      data-testid="deadline-badge"
    >
      {text}
    </Badge>
  );
}

/** Saves a file given as base64 (a workbook unless `type` says otherwise) through the browser's download. */
export function downloadBase64(
  fileName: string,
  base64: string,
  type = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
): void {
  const bin = atob(base64);
  const bytes = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
  const blob = new Blob([bytes], { type });
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = fileName;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export const pct = (bp: number) => `${(bp / 100).toLocaleString('zh-CN', { maximumFractionDigits: 2 })}%`;

export function classText(c: string | null): string {
  return c === null ? '未分类' : `${c} 类`;
}

/** Today on this computer, YYYY-MM-DD. */
export function localToday(): string {
  return localIsoDate(new Date());
}

/** A stored ISO timestamp as local date and time, e.g. 2026-11-21 14:56. */
export function formatTime(iso: string | null | undefined): string {
  return iso ? localDateTime(iso) : '';
}

/** 定向 filter in words, e.g. 农民专业合作社；城关镇. */
export function filterText(f: TaskFilter): string {
  const parts = [
    f.kinds.map((k) => ENTITY_KIND_LABELS[k]).join('、'),
    f.townships.join('、'),
    f.jurisdictions.join('、'),
    f.industryPrefixes.length ? `行业 ${f.industryPrefixes.join('、')}` : '',
    f.tags.join('、'),
  ].filter(Boolean);
  return parts.join('；') || '不限';
}
