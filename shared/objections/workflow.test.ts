import { describe, expect, it } from 'vitest';
import { createCalendar } from '../calendar/index.ts';
import {
  DEFAULT_OBJECTION_DEADLINES,
  isObjectionOpen,
  nextObjectionState,
  objectionDeadline,
  outcomeChangesRecord,
} from './workflow.ts';

const none = { reason: null, outcome: null };

describe('objections', () => {
  it('received → 受理 → 答复 with an outcome; the record is 异议中 only while open', () => {
    const accepted = nextObjectionState('received', 'accept', 'officer', none);
    expect(accepted).toEqual({ ok: true, state: 'accepted' });
    expect(isObjectionOpen('accepted')).toBe(true);
    expect(
      nextObjectionState('accepted', 'decide', 'supervisor', {
        reason: '经核实，处罚决定书文号录入有误',
        outcome: 'corrected',
      }),
    ).toEqual({
      ok: true,
      state: 'decided',
    });
    expect(isObjectionOpen('decided')).toBe(false);
    expect(isObjectionOpen('not_accepted')).toBe(false);
  });

  it('a decision needs a supervisor, an outcome and the verification written down', () => {
    expect(
      nextObjectionState('accepted', 'decide', 'officer', { reason: 'x', outcome: 'upheld' }),
    ).toMatchObject({ ok: false });
    expect(nextObjectionState('accepted', 'decide', 'supervisor', { reason: 'x', outcome: null })).toEqual({
      ok: false,
      message: '请选择核实结论（更正、撤回、维持或无法核实）',
    });
    expect(
      nextObjectionState('accepted', 'decide', 'supervisor', { reason: ' ', outcome: 'upheld' }),
    ).toEqual({
      ok: false,
      message: '请写明核实情况',
    });
    expect(nextObjectionState('received', 'refuse', 'supervisor', none)).toEqual({
      ok: false,
      message: '不予受理须写明理由',
    });
    expect(nextObjectionState('decided', 'accept', 'admin', none)).toMatchObject({ ok: false });
  });

  it('only 更正 and 撤回 change the record', () => {
    expect(
      ['corrected', 'withdrawn', 'upheld', 'unverifiable'].map((o) => outcomeChangesRecord(o as never)),
    ).toEqual([true, true, false, false]);
  });

  it('accept within 5 working days of receipt, answer within 20 after acceptance', () => {
    const cal = createCalendar([
      { date: '2026-12-31', kind: 'holiday', name: '元旦' },
      { date: '2027-01-01', kind: 'holiday', name: '元旦' },
    ]);
    expect(
      objectionDeadline(
        cal,
        DEFAULT_OBJECTION_DEADLINES,
        'received',
        { receivedOn: '2026-12-28', acceptedOn: null },
        '2026-12-28',
      ),
    ).toMatchObject({
      step: 'accept',
      deadline: '2027-01-06', // Tue 29, Wed 30, (31 and 1 off), Mon 4, Tue 5, Wed 6
    });
    expect(
      objectionDeadline(
        cal,
        DEFAULT_OBJECTION_DEADLINES,
        'accepted',
        { receivedOn: '2026-11-02', acceptedOn: '2026-11-02' },
        '2026-12-01',
      ),
    ).toMatchObject({
      step: 'decide',
      deadline: '2026-11-30',
      state: 'overdue',
    });
    expect(
      objectionDeadline(
        cal,
        DEFAULT_OBJECTION_DEADLINES,
        'decided',
        { receivedOn: '2026-11-02', acceptedOn: '2026-11-02' },
        '2026-12-01',
      ),
    ).toBeNull();
  });
});
