/**
 * The credit-repair application (信用修复申请) as a state machine: which step may follow which, who may
 * take it, and by when it is due on the working-day calendar. Pure; the service stores the steps.
 *
 * 申请 → 受理 / 不予受理 → 核实 → 准予 / 不予 → 执行; an executed grant obtained by fraud can be revoked.
 * Officers register, accept, verify and carry out; a supervisor refuses and decides (SPEC §8).
 */
import { type DeadlineStatus, deadlineStatus, type WorkingCalendar } from '../calendar/index.ts';
import { ROLE_LABELS, type Role } from '../domain/users.ts';
import type { RepairAction } from './eligibility.ts';

export const REPAIR_STATES = [
  'applied',
  'accepted',
  'not_accepted',
  'verified',
  'granted',
  'denied',
  'executed',
  'revoked',
] as const;
export type RepairState = (typeof REPAIR_STATES)[number];

export const REPAIR_STATE_LABELS: Record<RepairState, string> = {
  applied: '待受理',
  accepted: '已受理',
  not_accepted: '不予受理',
  verified: '已核实',
  granted: '准予修复',
  denied: '不予修复',
  executed: '已执行',
  revoked: '已撤销修复',
};

export const REPAIR_STEPS = ['accept', 'refuse', 'verify', 'grant', 'deny', 'execute', 'revoke'] as const;
export type RepairStep = (typeof REPAIR_STEPS)[number];

export const REPAIR_STEP_LABELS: Record<RepairStep, string> = {
  accept: '受理',
  refuse: '不予受理',
  verify: '核实',
  grant: '准予修复',
  deny: '不予修复',
  execute: '执行修复',
  revoke: '撤销修复（以欺骗等不正当手段取得）',
};

/** The three ways a bureau verifies (核实) what the applicant says. */
export const VERIFY_METHODS = ['online', 'written', 'on_site'] as const;
export type VerifyMethod = (typeof VERIFY_METHODS)[number];
export const VERIFY_METHOD_LABELS: Record<VerifyMethod, string> = {
  online: '网上核实',
  written: '书面核实',
  on_site: '实地核实',
};

interface StepRule {
  from: readonly RepairState[];
  to: RepairState;
  /** The lowest role that may take the step. */
  role: Role;
  /** A written reason is required (refusals and revocations are served in writing). */
  reason: boolean;
}

const RULES: Record<RepairStep, StepRule> = {
  accept: { from: ['applied'], to: 'accepted', role: 'officer', reason: false },
  refuse: { from: ['applied'], to: 'not_accepted', role: 'supervisor', reason: true },
  verify: { from: ['accepted'], to: 'verified', role: 'officer', reason: false },
  grant: { from: ['verified'], to: 'granted', role: 'supervisor', reason: false },
  deny: { from: ['verified'], to: 'denied', role: 'supervisor', reason: true },
  execute: { from: ['granted'], to: 'executed', role: 'officer', reason: false },
  revoke: { from: ['executed'], to: 'revoked', role: 'supervisor', reason: true },
};

const ROLE_RANK: Record<Role, number> = { viewer: 0, officer: 1, supervisor: 2, admin: 3 };

/** Where the application ends up after `step`, or a Chinese reason why the step cannot be taken. */
export function nextRepairState(
  state: RepairState,
  step: RepairStep,
  role: Role,
  reason: string | null,
): { ok: true; state: RepairState } | { ok: false; message: string } {
  const rule = RULES[step];
  if (!rule.from.includes(state)) {
    return {
      ok: false,
      message: `申请当前为「${REPAIR_STATE_LABELS[state]}」，不能进行「${REPAIR_STEP_LABELS[step]}」`,
    };
  }
  if (ROLE_RANK[role] < ROLE_RANK[rule.role]) {
    return {
      ok: false,
      message: `「${REPAIR_STEP_LABELS[step]}」须由${ROLE_LABELS[rule.role]}或更高权限的用户办理`,
    };
  }
  if (rule.reason && !reason?.trim()) {
    return { ok: false, message: `「${REPAIR_STEP_LABELS[step]}」须写明理由` };
  }
  return { ok: true, state: rule.to };
}

/** Steps the role may take now, for the buttons of the page. */
export function availableRepairSteps(state: RepairState, role: Role): RepairStep[] {
  return REPAIR_STEPS.filter(
    (s) => RULES[s].from.includes(state) && ROLE_RANK[role] >= ROLE_RANK[RULES[s].role],
  );
}

/** The application has ended: nothing is due any more. */
export function isRepairClosed(state: RepairState): boolean {
  return state === 'not_accepted' || state === 'denied' || state === 'executed' || state === 'revoked';
}

/**
 * Working-day time limits, all settings. The repair measures' own limits were not retrievable; these are
 * the defaults of domain-facts §9.1, marked there as unverified, so a bureau sets its province's.
 */
export interface RepairDeadlineSettings {
  /** Decide 受理 / 不予受理 after the application. */
  acceptWithin: number;
  /** Decide a removal from the abnormal list (or restoring an individual) after acceptance. */
  decideAbnormalWithin: number;
  /** Decide stopping penalty publicity, or early removal from the serious list, after acceptance. */
  decideOtherWithin: number;
  /** Carry out a grant after the decision. */
  executeWithin: number;
}

export const DEFAULT_REPAIR_DEADLINES: RepairDeadlineSettings = {
  acceptWithin: 2,
  decideAbnormalWithin: 5,
  decideOtherWithin: 15,
  executeWithin: 3,
};

/** The dates the application's steps happened on, as far as it has gone. */
export interface RepairDates {
  appliedOn: string;
  acceptedOn: string | null;
  decidedOn: string | null;
}

/**
 * What is due next and by when: acceptance after the application, the decision after acceptance
 * (verification included), execution after a grant. Null once the application is closed.
 */
export function repairDeadline(
  cal: WorkingCalendar,
  settings: RepairDeadlineSettings,
  action: RepairAction,
  state: RepairState,
  dates: RepairDates,
  today: string,
): (DeadlineStatus & { step: RepairStep }) | null {
  if (isRepairClosed(state)) return null;
  if (state === 'applied') {
    const due = cal.addWorkingDays(dates.appliedOn, settings.acceptWithin);
    return { ...deadlineStatus(cal, due, today, false), step: 'accept' };
  }
  if (state === 'granted') {
    const due = cal.addWorkingDays(dates.decidedOn ?? today, settings.executeWithin);
    return { ...deadlineStatus(cal, due, today, false), step: 'execute' };
  }
  const listing = action === 'remove_abnormal' || action === 'restore_individual';
  const within = listing ? settings.decideAbnormalWithin : settings.decideOtherWithin;
  const due = cal.addWorkingDays(dates.acceptedOn ?? dates.appliedOn, within);
  return { ...deadlineStatus(cal, due, today, false), step: state === 'accepted' ? 'verify' : 'grant' };
}
