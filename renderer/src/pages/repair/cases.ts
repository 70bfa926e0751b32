/** Small shared pieces of the 异议与修复 page: how a deadline is coloured and how a case is named. */
import type { z } from 'zod';
import type { CASE_KINDS, deadlineSchema } from '../../../../shared/api/contracts/repair.ts';
import { OBJECTION_STEP_LABELS, type ObjectionStep } from '../../../../shared/objections/workflow.ts';
import { REPAIR_STEP_LABELS, type RepairStep } from '../../../../shared/repair/workflow.ts';
import { localIsoDate } from '../../../../shared/dates/iso-date.ts';

export type CaseDeadline = z.infer<typeof deadlineSchema>;

/** Near = orange, due today or overdue = red; a finished case has no clock. */
export function deadlineColor(d: CaseDeadline): string {
  if (!d) return 'gray';
  if (d.state === 'overdue' || d.state === 'due_today') return 'red';
  if (d.state === 'near') return 'orange';
  return 'gray';
}

export type CaseKind = (typeof CASE_KINDS)[number];

/** The due step in Chinese: the deadline names it by its code. */
function stepLabel(kind: CaseKind, step: string): string {
  const labels: Record<string, string> = kind === 'repair' ? REPAIR_STEP_LABELS : OBJECTION_STEP_LABELS;
  return labels[step as RepairStep | ObjectionStep] ?? step;
}

export function deadlineText(kind: CaseKind, d: CaseDeadline): string {
  if (!d || d.state === 'done') return '—';
  const step = stepLabel(kind, d.step);
  if (d.state === 'overdue') return `${step}已逾期（期限 ${d.deadline}）`;
  if (d.state === 'due_today') return `${step}今日到期`;
  return `${step}期限 ${d.deadline}（剩 ${d.workingDaysLeft} 个工作日）`;
}

/** Cases are named on screen by their number only, never by a bare id. */
export const caseNumber = (id: number): string => `第 ${id} 号`;

export const TAB_LABELS = { pending: '待受理', in_progress: '办理中', closed: '已办结' } as const;

/** Today as the local calendar day, the default date of every step form. */
export function localToday(): string {
  return localIsoDate(new Date());
}

/** The record as it was when the case came in, as label/value pairs for the detail panel. */
export function snapshotFields(snapshot: Record<string, unknown> | null): [string, string][] {
  if (!snapshot) return [];
  return Object.entries(snapshot)
    .filter(([, v]) => v !== null && v !== undefined && v !== '')
    .map(([k, v]) => [FIELD_LABELS[k] ?? k, Array.isArray(v) ? v.join('、') : String(v)]);
}

const FIELD_LABELS: Record<string, string> = {
  decisionNo: '决定文书号',
  penaltyKinds: '处罚种类',
  fine: '罚款金额（元）',
  confiscation: '没收金额（元）',
  violationType: '违法行为类型',
  field: '领域',
  publishedOn: '公示日期',
  publicityEnd: '公示截止日期',
  reason: '事由',
  authority: '作出机关',
  date: '日期',
  repairedOn: '修复日期',
  removedOn: '移出日期',
  removalReason: '移出事由',
};

/**
 * A case's step can change a record, re-grade the entity and move the 工作台's deadlines, so every area
 * that shows one of those is fetched again.
 */
export const CASE_CHANGED = [
  'repair',
  'objections',
  'cases',
  'entities',
  'grading',
  'app.dashboard',
] as const;

/** A link to one case: the area's tab, with the case opened beside the list (`#/objections/repairs?case=12`). */
export function caseHref(kind: 'repair' | 'objection', id: number): string {
  return `#/objections/${kind === 'repair' ? 'repairs' : 'objections'}?case=${id}`;
}

/** The case a link asked to open, if any. */
export function caseInHash(hash: string): number | null {
  const m = /[?&]case=(\d{1,15})/.exec(hash);
  return m ? Number(m[1]) : null;
}
