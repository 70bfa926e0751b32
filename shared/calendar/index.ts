/**
 * The working-day calendar for publication deadlines (SPEC §6.5: results are published within 20
 * working days after the check ends). A day is a working day when it is Monday–Friday and not an
 * official holiday, or when it is a make-up workday (调休上班) falling on a weekend. Pure: dates are
 * ISO strings, arithmetic on day numbers, no clock and no time zone.
 */
import { isIsoDate, isoOfDay, parseIsoDay } from '../dates/iso-date.ts';

export type CalendarDayKind = 'holiday' | 'workday';

/** One exception to the Monday–Friday rule: an official holiday or a make-up workday (调休上班). */
export interface CalendarDay {
  date: string;
  kind: CalendarDayKind;
  /** e.g. 春节, 国庆节 — shown in the calendar editor. */
  name: string;
}

/** Day number (days since 1970-01-01) of an ISO date; throws on anything else, in the calendar's words. */
export function dayNumber(iso: string): number {
  if (!isIsoDate(iso)) throw new Error(`不是有效日期：${iso}`);
  return parseIsoDay(iso);
}

/** 0 = Monday … 6 = Sunday (1970-01-01 was a Thursday). */
export function weekday(iso: string): number {
  return (((dayNumber(iso) + 3) % 7) + 7) % 7;
}

export interface WorkingCalendar {
  isWorkingDay(date: string): boolean;
  /** The date `n` working days after `date` (the start day itself is not counted); n ≥ 0. */
  addWorkingDays(date: string, n: number): string;
  /** Working days in (from, to]; negative when `to` is before `from`. */
  workingDaysBetween(from: string, to: string): number;
}

export function createCalendar(days: readonly CalendarDay[]): WorkingCalendar {
  const holidays = new Set<number>();
  const workdays = new Set<number>();
  for (const d of days) {
    const n = dayNumber(d.date);
    // A date listed both ways is a data error; the make-up workday wins so a deadline is never late.
    if (d.kind === 'workday') {
      workdays.add(n);
      holidays.delete(n);
    } else if (!workdays.has(n)) holidays.add(n);
  }
  const working = (n: number) => {
    if (workdays.has(n)) return true;
    if (holidays.has(n)) return false;
    const wd = (((n + 3) % 7) + 7) % 7;
    return wd < 5;
  };
  return {
    isWorkingDay: (date) => working(dayNumber(date)),
    addWorkingDays(date, n) {
      if (!Number.isInteger(n) || n < 0) throw new Error('工作日数应为非负整数');
      let day = dayNumber(date);
      let left = n;
      while (left > 0) {
        day++;
        if (working(day)) left--;
      }
      return isoOfDay(day);
    },
    workingDaysBetween(from, to) {
      const a = dayNumber(from);
      const b = dayNumber(to);
      const [lo, hi, sign] = a <= b ? [a, b, 1] : [b, a, -1];
      let count = 0;
      for (let d = lo + 1; d <= hi; d++) if (working(d)) count++;
      return count === 0 ? 0 : sign * count;
    },
  };
}

/** Publication within 20 working days after the check ends (SPEC §6.5, domain-facts §2.4). */
export const PUBLICATION_WORKING_DAYS = 20;
/** 无法联系 → proposed listing on the abnormal list within 10 working days (domain-facts §2.6). */
export const ABNORMAL_LISTING_WORKING_DAYS = 10;
/** A plan is “near” its deadline when this many working days or fewer are left. */
export const DEADLINE_NEAR_WORKING_DAYS = 5;

export type DeadlineState = 'ok' | 'near' | 'due_today' | 'overdue' | 'done';

export interface DeadlineStatus {
  deadline: string;
  /** Working days from `today` to the deadline; negative once past it. */
  workingDaysLeft: number;
  state: DeadlineState;
}

/** Where a piece of work stands against its deadline on `today` (plans, repairs, objections). */
export function deadlineStatus(
  cal: WorkingCalendar,
  deadline: string,
  today: string,
  done: boolean,
): DeadlineStatus {
  const left = cal.workingDaysBetween(today, deadline);
  let state: DeadlineState;
  if (done) state = 'done';
  else if (today > deadline) state = 'overdue';
  else if (today === deadline) state = 'due_today';
  else if (left <= DEADLINE_NEAR_WORKING_DAYS) state = 'near';
  else state = 'ok';
  return {
    deadline,
    workingDaysLeft: today > deadline ? -cal.workingDaysBetween(deadline, today) : left,
    state,
  };
}

/** Where a plan stands against its publication deadline on `today`. */
export function publicationDeadline(
  cal: WorkingCalendar,
  checkEnd: string,
  today: string,
  published: boolean,
): DeadlineStatus {
  return deadlineStatus(cal, cal.addWorkingDays(checkEnd, PUBLICATION_WORKING_DAYS), today, published);
}

export const DEADLINE_STATE_LABELS: Record<DeadlineState, string> = {
  ok: '期限内',
  near: '临近期限',
  due_today: '今日到期',
  overdue: '已逾期',
  done: '已公示',
};
