import { describe, expect, it } from 'vitest';
import { newForm, withProposals } from './form.ts';

describe('withProposals', () => {
  const blank = newForm('2026-03-02');

  it('fills an empty 文号 and grading run from the proposals', () => {
    const form = withProposals(blank, { number: '林市监抽〔2026〕3号', defaultRunId: 7 });
    expect(form.number).toBe('林市监抽〔2026〕3号');
    expect(form.gradingRunId).toBe('7');
  });

  it('keeps what the user already typed or picked', () => {
    const typed = { ...blank, number: '自拟文号', gradingRunId: '2' };
    const form = withProposals(typed, { number: '林市监抽〔2026〕3号', defaultRunId: 7 });
    expect(form.number).toBe('自拟文号');
    expect(form.gradingRunId).toBe('2');
  });

  it('returns the same form when nothing is proposed yet or nothing changes', () => {
    expect(withProposals(blank, { number: null, defaultRunId: null })).toBe(blank);
    const filled = withProposals(blank, { number: 'A', defaultRunId: 1 });
    expect(withProposals(filled, { number: 'B', defaultRunId: 2 })).toBe(filled);
  });

  it('fills each field as its answer arrives', () => {
    const numbered = withProposals(blank, { number: 'A', defaultRunId: null });
    expect(numbered.gradingRunId).toBe('');
    expect(withProposals(numbered, { number: 'A', defaultRunId: 4 }).gradingRunId).toBe('4');
  });
});
