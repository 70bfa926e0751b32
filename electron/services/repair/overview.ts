/** For the 工作台: how many repair and objection cases are open, and which are near or past a deadline. */
import type { UrgentCase } from '../../../shared/api/contracts/dashboard.ts';
import { OBJECTION_STEP_LABELS, type ObjectionStep } from '../../../shared/objections/workflow.ts';
import { REPAIR_STEP_LABELS, type RepairStep } from '../../../shared/repair/workflow.ts';
import type { DataDoor } from '../../db/sql.ts';
import type { Actor } from '../authz.ts';
import { listRepairApplications } from './applications.ts';
import { listObjectionCases } from './objections.ts';

const URGENT = new Set(['near', 'due_today', 'overdue']);
const PAGE = 200;

interface Due {
  id: number;
  entityName: string;
  deadline: { deadline: string; state: string; workingDaysLeft: number; step: string } | null;
}

/** Every page of a tab's list: open cases of a county are tens, but none may be missed. */
function allOpen<T extends Due>(list: (offset: number) => { total: number; items: T[] }): T[] {
  const out: T[] = [];
  for (let offset = 0; ; offset += PAGE) {
    const page = list(offset);
    out.push(...page.items);
    if (offset + PAGE >= page.total) return out;
  }
}

function urgentOf(kind: UrgentCase['kind'], items: Due[], label: (step: string) => string): UrgentCase[] {
  return items.flatMap((c) =>
    c.deadline && URGENT.has(c.deadline.state)
      ? [
          {
            kind,
            id: c.id,
            entityName: c.entityName,
            step: label(c.deadline.step),
            deadline: c.deadline.deadline,
            state: c.deadline.state as UrgentCase['state'],
            workingDaysLeft: c.deadline.workingDaysLeft,
          },
        ]
      : [],
  );
}

export function caseOverview(db: DataDoor, actor: Actor, today: string) {
  const repairs = (['pending', 'in_progress'] as const).flatMap((tab) =>
    allOpen((offset) => listRepairApplications(db, actor, { tab, offset, limit: PAGE }, today)),
  );
  const objections = (['pending', 'in_progress'] as const).flatMap((tab) =>
    allOpen((offset) => listObjectionCases(db, actor, { tab, offset, limit: PAGE }, today)),
  );
  const urgentCases = [
    ...urgentOf('repair', repairs, (s) => REPAIR_STEP_LABELS[s as RepairStep]),
    ...urgentOf('objection', objections, (s) => OBJECTION_STEP_LABELS[s as ObjectionStep]),
  ].sort((a, b) => a.deadline.localeCompare(b.deadline) || a.id - b.id);
  return { openItems: { repairs: repairs.length, objections: objections.length }, urgentCases };
}
