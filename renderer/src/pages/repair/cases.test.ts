import { describe, expect, it } from 'vitest';
import { caseHref, caseInHash, caseNumber, deadlineColor, deadlineText } from './cases.ts';

const due = (state: 'ok' | 'near' | 'due_today' | 'overdue' | 'done', workingDaysLeft = 2) => ({
  deadline: '2026-03-04',
  workingDaysLeft,
  state,
  step: 'accept',
});

describe('the 异议与修复 page helpers', () => {
  it('colours near deadlines orange and due or past ones red', () => {
    expect(deadlineColor(due('near'))).toBe('orange');
    expect(deadlineColor(due('due_today'))).toBe('red');
    expect(deadlineColor(due('overdue'))).toBe('red');
    expect(deadlineColor(due('ok'))).toBe('gray');
    expect(deadlineColor(null)).toBe('gray');
  });

  it('names the due step in Chinese for each kind of case', () => {
    expect(deadlineText('repair', due('near'))).toBe('受理期限 2026-03-04（剩 2 个工作日）');
    expect(deadlineText('objection', { ...due('overdue', -1), step: 'decide' })).toBe(
      '核实并答复已逾期（期限 2026-03-04）',
    );
    expect(deadlineText('repair', due('done'))).toBe('—');
  });

  it('links a case by its area and number, and reads the number back', () => {
    expect(caseNumber(12)).toBe('第 12 号');
    expect(caseHref('repair', 12)).toBe('#/objections/repairs?case=12');
    expect(caseInHash(caseHref('objection', 7))).toBe(7);
    expect(caseInHash('#/objections/repairs')).toBeNull();
  });
});
