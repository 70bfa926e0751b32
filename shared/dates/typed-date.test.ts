import { describe, expect, it } from 'vitest';
import { formatDateChinese, parseTypedDate } from './typed-date.ts';

describe('parseTypedDate', () => {
  it('reads the year-first forms officers type', () => {
    for (const text of [
      '2026-03-05',
      '2026-3-5',
      '2026/3/5',
      '2026.3.5',
      '2026年3月5日',
      '20260305',
      ' 2026-03-05 ',
    ]) {
      expect(parseTypedDate(text), text).toBe('2026-03-05');
    }
  });

  it('refuses month-first, partial, rolled-over and implausible dates', () => {
    for (const text of [
      '03/05/2026',
      '3/5/2026',
      '2026-03',
      '2026-3-',
      '2026-02-30',
      '2026-13-01',
      '2025-02-29',
      '1899-12-31',
      '2101-01-01',
      'March 5, 2026',
      '',
    ]) {
      expect(parseTypedDate(text), text).toBeNull();
    }
  });

  it('accepts 29 February in a leap year', () => {
    expect(parseTypedDate('2028-2-29')).toBe('2028-02-29');
  });
});

describe('formatDateChinese', () => {
  it('writes the document form without leading zeros', () => {
    expect(formatDateChinese('2026-03-05')).toBe('2026年3月5日');
    expect(formatDateChinese('2026-12-31')).toBe('2026年12月31日');
  });

  it('leaves anything that is not an ISO date as given', () => {
    expect(formatDateChinese('长期有效')).toBe('长期有效');
  });
});
