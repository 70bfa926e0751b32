import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  addDays,
  addMonths,
  addMonthsToDay,
  civilFromDays,
  daysBetween,
  daysFromCivil,
  daysInMonth,
  isIsoDate,
  isLeapYear,
  isoOfDay,
  parseIsoDay,
  wholeYears,
} from './iso-date.ts';

const day = fc
  .integer({ min: daysFromCivil(1900, 1, 1), max: daysFromCivil(2100, 12, 31) })
  .map((n) => isoOfDay(n));

describe('calendar arithmetic on ISO dates', () => {
  it('knows leap years and month lengths', () => {
    expect([1900, 2000, 2023, 2024, 2100].map(isLeapYear)).toEqual([false, true, false, true, false]);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2025, 2)).toBe(28);
    expect(daysInMonth(2026, 4)).toBe(30);
    expect(daysInMonth(2026, 12)).toBe(31);
  });

  it('adds months with the day clamped to the month end', () => {
    expect(addMonths('2025-08-31', 6)).toBe('2026-02-28');
    expect(addMonths('2023-08-31', 6)).toBe('2024-02-29');
    expect(addMonths('2024-02-29', -12)).toBe('2023-02-28');
    expect(addMonths('2024-02-29', 48)).toBe('2028-02-29');
    expect(addMonths('2026-01-31', 1)).toBe('2026-02-28');
    expect(addMonths('2026-03-31', -1)).toBe('2026-02-28');
    expect(addMonths('2026-05-31', 1)).toBe('2026-06-30');
    expect(addMonths('2026-11-15', 2)).toBe('2027-01-15');
    expect(addMonths('2026-01-15', -13)).toBe('2024-12-15');
    expect(addMonths('2026-10-31', 0)).toBe('2026-10-31');
  });

  it('adds months to day numbers exactly as to ISO texts', () => {
    fc.assert(
      fc.property(day, fc.integer({ min: -480, max: 480 }), (iso, months) => {
        expect(isoOfDay(addMonthsToDay(parseIsoDay(iso), months))).toBe(addMonths(iso, months));
      }),
    );
  });

  it('adds days across month, year and leap-day boundaries', () => {
    expect(addDays('2024-02-28', 1)).toBe('2024-02-29');
    expect(addDays('2023-02-28', 1)).toBe('2023-03-01');
    expect(addDays('2025-12-31', 1)).toBe('2026-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(addDays('2026-11-21', 20)).toBe('2026-12-11');
    expect(addDays('2026-11-21', 0)).toBe('2026-11-21');
  });

  it('counts days between dates, the inverse of adding them', () => {
    expect(daysBetween('2024-02-28', '2024-03-01')).toBe(2);
    expect(daysBetween('2025-02-28', '2025-03-01')).toBe(1);
    expect(daysBetween('2026-01-01', '2025-01-01')).toBe(-365);
    fc.assert(
      fc.property(day, fc.integer({ min: -3000, max: 3000 }), (iso, n) => {
        expect(daysBetween(iso, addDays(iso, n))).toBe(n);
      }),
    );
  });

  it('reads and writes day numbers, rejecting dates that do not exist', () => {
    expect(daysFromCivil(1970, 1, 1)).toBe(0);
    expect(civilFromDays(0)).toEqual([1970, 1, 1]);
    expect(isoOfDay(parseIsoDay('2024-02-29'))).toBe('2024-02-29');
    expect(isoOfDay(daysFromCivil(1850, 6, 1))).toBe('1850-06-01');
    expect(() => parseIsoDay('2025-02-29')).toThrow(RangeError);
    expect(() => parseIsoDay('2026/10/31')).toThrow(RangeError);
    expect(isIsoDate('2024-02-29')).toBe(true);
    expect(isIsoDate('1900-02-29')).toBe(false);
    expect(isIsoDate('2026-13-01')).toBe(false);
    expect(isIsoDate('2026-1-01')).toBe(false);
    fc.assert(
      fc.property(day, (iso) => {
        expect(isoOfDay(parseIsoDay(iso))).toBe(iso);
      }),
    );
  });

  it('counts whole years by the birthday rule', () => {
    expect(wholeYears('2020-03-02', '2026-03-01')).toBe(5);
    expect(wholeYears('2020-03-02', '2026-03-02')).toBe(6);
    expect(wholeYears('2024-02-29', '2025-02-28')).toBe(0);
  });
});
