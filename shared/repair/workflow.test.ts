import { describe, expect, it } from 'vitest';
import { createCalendar } from '../calendar/index.ts';
import {
  availableRepairSteps,
  DEFAULT_REPAIR_DEADLINES,
  nextRepairState,
  REPAIR_STATES,
  type RepairState,
  REPAIR_STEPS,
  repairDeadline,
} from './workflow.ts';

describe('the repair application steps', () => {
  it('runs 申请 → 受理 → 核实 → 准予 → 执行 → 撤销 with the roles the bureau uses', () => {
    let state: RepairState = REPAIR_STATES[0];
    const path = [
      ['accept', 'officer', null, 'accepted'],
      ['verify', 'officer', null, 'verified'],
      ['grant', 'supervisor', null, 'granted'],
      ['execute', 'officer', null, 'executed'],
      ['revoke', 'supervisor', '申请材料系伪造', 'revoked'],
    ] as const;
    for (const [step, role, reason, to] of path) {
      const r = nextRepairState(state, step, role, reason);
      expect(r).toEqual({ ok: true, state: to });
      if (r.ok) state = r.state;
    }
  });

  it('refuses a step out of order, a decision by an officer, and a refusal without a reason', () => {
    expect(nextRepairState('applied', 'grant', 'supervisor', null)).toEqual({
      ok: false,
      message: '申请当前为「待受理」，不能进行「准予修复」',
    });
    expect(nextRepairState('verified', 'grant', 'officer', null)).toEqual({
      ok: false,
      message: '「准予修复」须由科室负责人或更高权限的用户办理',
    });
    expect(nextRepairState('applied', 'refuse', 'supervisor', '  ')).toEqual({
      ok: false,
      message: '「不予受理」须写明理由',
    });
    expect(nextRepairState('applied', 'accept', 'viewer', null).ok).toBe(false);
  });

  it('offers each role exactly the steps it may take', () => {
    expect(availableRepairSteps('applied', 'officer')).toEqual(['accept']);
    expect(availableRepairSteps('applied', 'supervisor')).toEqual(['accept', 'refuse']);
    expect(availableRepairSteps('verified', 'officer')).toEqual([]);
    expect(availableRepairSteps('executed', 'admin')).toEqual(['revoke']);
    // Every step is reachable from some state by an administrator.
    const reachable = new Set(REPAIR_STATES.flatMap((s) => availableRepairSteps(s, 'admin')));
    expect([...reachable].sort()).toEqual([...REPAIR_STEPS].sort());
  });
});

describe('repair deadlines on the working-day calendar', () => {
  // 2026 National Day: 10-01…10-08 off, 09-28 (Sun) and 10-10 (Sat) made up.
  const cal = createCalendar([
    ...['01', '02', '03', '04', '05', '06', '07', '08'].map((d) => ({
      date: `2026-10-${d}`,
      kind: 'holiday' as const,
      name: '国庆节',
    })),
    { date: '2026-09-28', kind: 'workday', name: '国庆节调休' },
    { date: '2026-10-10', kind: 'workday', name: '国庆节调休' },
  ]);

  it('acceptance is due 2 working days after the application, skipping the holiday', () => {
    const d = repairDeadline(
      cal,
      DEFAULT_REPAIR_DEADLINES,
      'stop_publicity',
      'applied',
      { appliedOn: '2026-09-30', acceptedOn: null, decidedOn: null },
      '2026-10-09',
    );
    expect(d).toMatchObject({ step: 'accept', deadline: '2026-10-10', state: 'near', workingDaysLeft: 1 });
  });

  it('the decision is due 5 working days after acceptance for the abnormal list, 15 for a penalty', () => {
    const dates = { appliedOn: '2026-11-02', acceptedOn: '2026-11-03', decidedOn: null };
    expect(
      repairDeadline(cal, DEFAULT_REPAIR_DEADLINES, 'remove_abnormal', 'accepted', dates, '2026-11-11'),
    ).toMatchObject({
      step: 'verify',
      deadline: '2026-11-10',
      state: 'overdue',
      workingDaysLeft: -1,
    });
    expect(
      repairDeadline(cal, DEFAULT_REPAIR_DEADLINES, 'stop_publicity', 'verified', dates, '2026-11-03'),
    ).toMatchObject({
      step: 'grant',
      deadline: '2026-11-24',
      state: 'ok',
    });
  });

  it('nothing is due once the application is closed', () => {
    const dates = { appliedOn: '2026-11-02', acceptedOn: '2026-11-03', decidedOn: '2026-11-05' };
    for (const s of ['executed', 'denied', 'not_accepted', 'revoked'] as const) {
      expect(
        repairDeadline(cal, DEFAULT_REPAIR_DEADLINES, 'stop_publicity', s, dates, '2026-12-01'),
      ).toBeNull();
    }
    expect(
      repairDeadline(cal, DEFAULT_REPAIR_DEADLINES, 'stop_publicity', 'granted', dates, '2026-11-10'),
    ).toMatchObject({
      step: 'execute',
      deadline: '2026-11-10',
      state: 'due_today',
    });
  });
});
