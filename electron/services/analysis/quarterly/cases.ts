/**
 * The report's 异议 / 信用修复 / 监测预警 rows: received and concluded in the quarter, open and past the
 * working-day deadline at the cut-off, and the median working days from receipt to conclusion.
 */
import type { CaseFigures } from '../../../../shared/api/contracts/analysis.ts';
import { median } from '../../../../shared/analysis/figures.ts';
import type { WorkingCalendar } from '../../../../shared/calendar/index.ts';
import { localIsoDate } from '../../../../shared/dates/iso-date.ts';
import { objectionDeadline } from '../../../../shared/objections/workflow.ts';
import { repairDeadline } from '../../../../shared/repair/workflow.ts';
import { readRepairSettings } from '../../repair/settings.ts';
import { type CaseDates, objectionDates, repairDates } from '../repository/cases.ts';
import { warningLifecycleSteps, warningsTableExists } from '../repository/warnings.ts';
import type { DataDoor } from '../../../db/sql.ts';

interface Period {
  from: string;
  cutOff: string;
}

function figures<T extends CaseDates>(
  cal: WorkingCalendar,
  cases: readonly T[],
  p: Period,
  overdue: (c: T) => boolean,
): CaseFigures {
  const inQuarter = (d: string | null) => d !== null && d >= p.from && d <= p.cutOff;
  const concluded = cases.filter((c) => inQuarter(c.concludedOn));
  return {
    received: cases.filter((c) => inQuarter(c.receivedOn)).length,
    concluded: concluded.length,
    overdue: cases.filter((c) => c.concludedOn === null && overdue(c)).length,
    medianWorkingDays: median(
      concluded.map((c) => cal.workingDaysBetween(c.receivedOn, c.concludedOn as string)),
    ),
    available: true,
    note: null,
  };
}

export function objectionFigures(db: DataDoor, cal: WorkingCalendar, p: Period): CaseFigures {
  const settings = readRepairSettings(db).objection;
  return figures(cal, objectionDates(db, p.cutOff), p, (c) => {
    const state = c.acceptedOn === null ? 'received' : 'accepted';
    const due = objectionDeadline(cal, settings, state, c, p.cutOff);
    return due?.state === 'overdue';
  });
}

export function repairFigures(db: DataDoor, cal: WorkingCalendar, p: Period): CaseFigures {
  const settings = readRepairSettings(db).repair;
  return figures(cal, repairDates(db, p.cutOff), p, (r) => {
    // The stage the application had reached on the cut-off decides which deadline was running.
    const state = r.grantedOn !== null ? 'granted' : r.acceptedOn !== null ? 'accepted' : 'applied';
    const due = repairDeadline(
      cal,
      settings,
      r.action,
      state,
      { appliedOn: r.receivedOn, acceptedOn: r.acceptedOn, decidedOn: r.grantedOn },
      p.cutOff,
    );
    return due?.state === 'overdue';
  });
}

/**
 * No rule sets a time limit for handling a warning, so the report counts one as overdue when it is still
 * open 20 working days after it was raised — the same span the publication of results is given.
 */
export const WARNING_WORKING_DAYS = 20;

/**
 * Warnings raised (first generated) and concluded (关闭 or 排除, not reopened since) by the cut-off, each
 * step dated on the local day it was taken.
 */
export function warningFigures(db: DataDoor, cal: WorkingCalendar, p: Period): CaseFigures {
  if (!warningsTableExists(db)) {
    return {
      received: 0,
      concluded: 0,
      overdue: 0,
      medianWorkingDays: null,
      available: false,
      note: '本系统尚未启用监测预警功能，本行以 0 填报。',
    };
  }
  const cases = new Map<number, CaseDates>();
  for (const s of warningLifecycleSteps(db)) {
    const on = localIsoDate(s.at);
    if (on > p.cutOff) continue;
    const c = cases.get(s.warningId);
    if (s.step === 'generate') {
      if (!c)
        cases.set(s.warningId, {
          id: s.warningId,
          receivedOn: on,
          acceptedOn: null,
          grantedOn: null,
          concludedOn: null,
        });
    } else if (c) {
      c.concludedOn = s.step === 'reopen' ? null : on;
    }
  }
  return figures(
    cal,
    [...cases.values()],
    p,
    (c) => cal.workingDaysBetween(c.receivedOn, p.cutOff) > WARNING_WORKING_DAYS,
  );
}
