import { describe, expect, it } from 'vitest';
import { INDUSTRY_SECTIONS, sectionLabel, sectionOf } from './industry-sections.ts';

describe('GB/T 4754 sections', () => {
  it('takes the letter of a prefixed code and the division range of a bare one', () => {
    expect(sectionOf('F5212')).toBe('F');
    expect(sectionOf('5212')).toBe('F');
    expect(sectionOf('0112')).toBe('A');
    expect(sectionOf('1311')).toBe('C');
    expect(sectionOf('4399')).toBe('C');
    expect(sectionOf('7010')).toBe('K');
    expect(sectionOf('h6210')).toBe('H');
  });
  it('answers empty for what it cannot place', () => {
    expect(sectionOf(null)).toBe('');
    expect(sectionOf('')).toBe('');
    expect(sectionOf('Z9999')).toBe('');
    expect(sectionOf('9999')).toBe('');
    expect(sectionOf('x')).toBe('');
    expect(sectionLabel('')).toBe('未登记行业');
    expect(sectionLabel('F')).toBe('F 批发和零售业');
  });
  it('covers divisions 01–98 once each, in order', () => {
    const seen: number[] = [];
    for (const s of INDUSTRY_SECTIONS) for (let d = s.divisions[0]; d <= s.divisions[1]; d++) seen.push(d);
    expect(seen).toEqual(Array.from({ length: 98 }, (_, i) => i + 1));
  });
});
