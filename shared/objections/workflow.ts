/**
 * Objections (异议) to a credit record or a grading result: received → 受理 / 不予受理 → 核实 and a decision
 * with one of four outcomes. While an objection is open the record shows 异议中 (domain-facts §9.2, the
 * 征信业管理条例 Art. 25 pattern). Pure; the service stores the steps.
 */
import { type DeadlineStatus, deadlineStatus, type WorkingCalendar } from '../calendar/index.ts';
import { ROLE_LABELS, type Role } from '../domain/users.ts';

export const OBJECTION_STATES = ['received', 'accepted', 'not_accepted', 'decided'] as const;
export type ObjectionState = (typeof OBJECTION_STATES)[number];
export const OBJECTION_STATE_LABELS: Record<ObjectionState, string> = {
  received: '待受理',
  accepted: '核实中',
  not_accepted: '不予受理',
  decided: '已答复',
};

/**
 * 更正 and 撤回 change or withdraw the record and re-grade the entity; 维持 and 无法核实 keep the record with
 * the objection and the verification noted beside it.
 */
export const OBJECTION_OUTCOMES = ['corrected', 'withdrawn', 'upheld', 'unverifiable'] as const;
export type ObjectionOutcome = (typeof OBJECTION_OUTCOMES)[number];
export const OBJECTION_OUTCOME_LABELS: Record<ObjectionOutcome, string> = {
  corrected: '更正',
  withdrawn: '撤回',
  upheld: '维持',
  unverifiable: '无法核实',
};

/** The outcome changes the credit file, so the entity is graded again at once. */
export const outcomeChangesRecord = (o: ObjectionOutcome): boolean => o === 'corrected' || o === 'withdrawn';

export const OBJECTION_CHANNELS = ['window', 'mail', 'online', 'credit_china', 'phone', 'other'] as const;
export type ObjectionChannel = (typeof OBJECTION_CHANNELS)[number];
export const OBJECTION_CHANNEL_LABELS: Record<ObjectionChannel, string> = {
  window: '窗口递交',
  mail: '邮寄',
  online: '网上提交',
  credit_china: '信用中国网站转来',
  phone: '电话',
  other: '其他',
};

export const OBJECTION_STEPS = ['accept', 'refuse', 'decide'] as const;
export type ObjectionStep = (typeof OBJECTION_STEPS)[number];
export const OBJECTION_STEP_LABELS: Record<ObjectionStep, string> = {
  accept: '受理',
  refuse: '不予受理',
  decide: '核实并答复',
};

const RULES: Record<ObjectionStep, { from: ObjectionState; to: ObjectionState; role: Role }> = {
  accept: { from: 'received', to: 'accepted', role: 'officer' },
  refuse: { from: 'received', to: 'not_accepted', role: 'supervisor' },
  decide: { from: 'accepted', to: 'decided', role: 'supervisor' },
};
const ROLE_RANK: Record<Role, number> = { viewer: 0, officer: 1, supervisor: 2, admin: 3 };

export interface ObjectionStepInput {
  reason: string | null;
  outcome: ObjectionOutcome | null;
}

/** Where the objection ends up after `step`, or a Chinese reason why not. */
export function nextObjectionState(
  state: ObjectionState,
  step: ObjectionStep,
  role: Role,
  input: ObjectionStepInput,
): { ok: true; state: ObjectionState } | { ok: false; message: string } {
  const rule = RULES[step];
  if (rule.from !== state) {
    return {
      ok: false,
      message: `异议当前为「${OBJECTION_STATE_LABELS[state]}」，不能进行「${OBJECTION_STEP_LABELS[step]}」`,
    };
  }
  if (ROLE_RANK[role] < ROLE_RANK[rule.role]) {
    return {
      ok: false,
      message: `「${OBJECTION_STEP_LABELS[step]}」须由${ROLE_LABELS[rule.role]}或更高权限的用户办理`,
    };
  }
  if (step === 'refuse' && !input.reason?.trim()) return { ok: false, message: '不予受理须写明理由' };
  if (step === 'decide') {
    if (input.outcome === null) return { ok: false, message: '请选择核实结论（更正、撤回、维持或无法核实）' };
    if (!input.reason?.trim()) return { ok: false, message: '请写明核实情况' };
  }
  return { ok: true, state: rule.to };
}

/** Steps the role may take now, for the buttons of the page. */
export function availableObjectionSteps(state: ObjectionState, role: Role): ObjectionStep[] {
  return OBJECTION_STEPS.filter(
    (s) => RULES[s].from === state && ROLE_RANK[role] >= ROLE_RANK[RULES[s].role],
  );
}

/** Open objections mark their record 异议中. */
export const isObjectionOpen = (s: ObjectionState): boolean => s === 'received' || s === 'accepted';

/** Working-day limits, all settings (domain-facts §6.4, §9.2; 45号令 Art. 11). */
export interface ObjectionDeadlineSettings {
  acceptWithin: number;
  verifyWithin: number;
  /** A withdrawn or changed penalty decision is taken off publicity within this many working days. */
  withdrawWithin: number;
}

export const DEFAULT_OBJECTION_DEADLINES: ObjectionDeadlineSettings = {
  acceptWithin: 5,
  verifyWithin: 20,
  withdrawWithin: 3,
};

/** What is due next: acceptance after receipt, the answer after acceptance; null once closed. */
export function objectionDeadline(
  cal: WorkingCalendar,
  settings: ObjectionDeadlineSettings,
  state: ObjectionState,
  dates: { receivedOn: string; acceptedOn: string | null },
  today: string,
): (DeadlineStatus & { step: ObjectionStep }) | null {
  if (state === 'received') {
    const due = cal.addWorkingDays(dates.receivedOn, settings.acceptWithin);
    return { ...deadlineStatus(cal, due, today, false), step: 'accept' };
  }
  if (state === 'accepted') {
    const due = cal.addWorkingDays(dates.acceptedOn ?? dates.receivedOn, settings.verifyWithin);
    return { ...deadlineStatus(cal, due, today, false), step: 'decide' };
  }
  return null;
}
