/** How the 监测预警 screens show levels, statuses and subjects. */
import type { WarningStatus } from '../../../../shared/api/contracts/monitoring.ts';

export const LEVEL_COLORS: Record<string, string> = { 高: 'red', 中: 'orange', 低: 'yellow' };

export const STATUS_COLORS: Record<WarningStatus, string> = {
  open: 'blue',
  confirmed: 'grape',
  disposed: 'teal',
  dismissed: 'gray',
  closed: 'gray',
};

export const SUBJECT_LABELS = { address: '同一住所', person: '同一人员', entity: '市场主体' } as const;

/** Warnings are named on screen by their number only, never by a bare id. */
export const warningNumber = (id: number): string => `预警 ${id} 号`;

/** Everything a lifecycle step, a run or a task made from warnings can change. */
export const WARNINGS_CHANGED = ['monitoring', 'app.dashboard'] as const;
export const TASK_FROM_WARNINGS_CHANGED = ['monitoring', 'sampling', 'app.dashboard'] as const;
