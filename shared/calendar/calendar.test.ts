import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  type CalendarDay,
  createCalendar,
  dayNumber,
  PUBLICATION_WORKING_DAYS,
  publicationDeadline,
  weekday,
} from './index.ts';
import { isoOfDay as isoOf } from '../dates/iso-date.ts';
import { OFFICIAL_CALENDAR_DAYS } from './official-holidays.ts';

const official = createCalendar(OFFICIAL_CALENDAR_DAYS);

describe('working-day calendar', () => {
  it('knows weekdays', () => {
    expect(weekday('2026-11-21')).toBe(5); // a Saturday
    expect(weekday('2026-11-23')).toBe(0); // a Monday
    expect(isoOf(dayNumber('2024-02-29'))).toBe('2024-02-29');
    expect(() => dayNumber('2026-02-30')).toThrow();
  });

  it('treats official holidays as days off and make-up Saturdays/Sundays as working days', () => {
    expect(official.isWorkingDay('2026-10-05')).toBe(false); // 国庆, a Monday
    expect(official.isWorkingDay('2026-10-10')).toBe(true); // 国庆调休, a Saturday
    expect(official.isWorkingDay('2026-02-14')).toBe(true); // 春节调休, a Saturday
    expect(official.isWorkingDay('2026-02-16')).toBe(false); // 春节, a Monday
    expect(official.isWorkingDay('2026-11-21')).toBe(false); // an ordinary Saturday
  });

  it('counts 20 working days across the National Day week', () => {
    // Check ends Wed 2026-09-30. Oct 1–7 off, Sat Oct 10 worked.
    // Working days: Oct 8, 9, 10, 12–16 (5), 19–23 (5), 26–30 (5) = 3 + 15 = 18 → Nov 2, Nov 3.
    expect(official.addWorkingDays('2026-09-30', PUBLICATION_WORKING_DAYS)).toBe('2026-11-03');
    // The same span without any calendar: 20 plain weekdays → 2026-10-28.
    expect(createCalendar([]).addWorkingDays('2026-09-30', 20)).toBe('2026-10-28');
  });

  it('addWorkingDays and workingDaysBetween are inverse, and the result is always a working day', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: dayNumber('2025-01-01'), max: dayNumber('2026-12-01') }),
        fc.nat(40),
        (d, n) => {
          const start = isoOf(d);
          const end = official.addWorkingDays(start, n);
          expect(official.workingDaysBetween(start, end)).toBe(n);
          expect(official.workingDaysBetween(end, start)).toBe(n === 0 ? 0 : -n);
          if (n > 0) expect(official.isWorkingDay(end)).toBe(true);
        },
      ),
    );
  });

  it('lets a make-up workday win over a holiday listed on the same date', () => {
    const days: CalendarDay[] = [
      { date: '2026-03-07', kind: 'workday', name: 'x' },
      { date: '2026-03-07', kind: 'holiday', name: 'y' },
    ];
    expect(createCalendar(days).isWorkingDay('2026-03-07')).toBe(true);
  });

  it('reports near, due and overdue publication deadlines', () => {
    const cal = createCalendar([]);
    // Ends Fri 2026-11-06 → deadline Fri 2026-12-04.
    expect(publicationDeadline(cal, '2026-11-06', '2026-11-09', false)).toMatchObject({
      deadline: '2026-12-04',
      workingDaysLeft: 19,
      state: 'ok',
    });
    expect(publicationDeadline(cal, '2026-11-06', '2026-11-30', false).state).toBe('near');
    expect(publicationDeadline(cal, '2026-11-06', '2026-12-04', false).state).toBe('due_today');
    expect(publicationDeadline(cal, '2026-11-06', '2026-12-08', false)).toMatchObject({
      state: 'overdue',
      workingDaysLeft: -2,
    });
    expect(publicationDeadline(cal, '2026-11-06', '2026-12-08', true).state).toBe('done');
  });
});
