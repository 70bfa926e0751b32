/**
 * Objections and repair applications as they stood on a cut-off date: when each was received, accepted,
 * granted and concluded, from the case's steps (dates of the steps, not of their entry), falling back to
 * the case's own columns for cases imported without steps.
 */
import type { RepairAction } from '../../../../shared/repair/eligibility.ts';
import { all, type DataDoor, sql } from '../../../db/sql.ts';

export interface CaseDates {
  id: number;
  receivedOn: string;
  acceptedOn: string | null;
  /** Repairs only: the grant. */
  grantedOn: string | null;
  concludedOn: string | null;
}

const stepOn = (kind: 'objection' | 'repair', alias: string, steps: readonly string[]) =>
  sql`(SELECT min(s.on_date) FROM case_steps s WHERE s.case_kind = ${kind} AND s.case_id = ${sql.raw(alias)}.id
       AND s.step IN ${sql.list(steps)})`;

/** Objections received on or before the cut-off. Step dates after the cut-off are left out. */
export function objectionDates(db: DataDoor, cutOff: string): CaseDates[] {
  const rows = all<CaseDates>(
    db,
    sql`SELECT o.id, o.received_on AS "receivedOn",
               coalesce(${stepOn('objection', 'o', ['accept'])}, o.accepted_on) AS "acceptedOn",
               NULL AS "grantedOn",
               CASE WHEN o.state IN ('decided', 'not_accepted')
                    THEN coalesce(${stepOn('objection', 'o', ['refuse', 'decide'])}, o.decided_on, o.accepted_on, o.received_on)
               END AS "concludedOn"
        FROM objections o WHERE o.received_on <= ${cutOff}`,
  );
  return rows.map((r) => cutAt(r, cutOff));
}

export interface RepairDates extends CaseDates {
  action: RepairAction;
}

/** Repair applications received on or before the cut-off. */
export function repairDates(db: DataDoor, cutOff: string): RepairDates[] {
  const rows = all<RepairDates>(
    db,
    sql`SELECT a.id, a.action, a.applied_on AS "receivedOn",
               coalesce(${stepOn('repair', 'a', ['accept'])}, a.accepted_on) AS "acceptedOn",
               CASE WHEN a.state IN ('granted', 'executed', 'revoked')
                    THEN coalesce(${stepOn('repair', 'a', ['grant'])}, a.decided_on) END AS "grantedOn",
               CASE WHEN a.state IN ('not_accepted', 'denied', 'executed', 'revoked')
                    THEN coalesce(${stepOn('repair', 'a', ['refuse', 'deny', 'execute'])}, a.closed_on) END AS "concludedOn"
        FROM repair_applications a WHERE a.applied_on <= ${cutOff}`,
  );
  return rows.map((r) => cutAt(r, cutOff));
}

function cutAt<T extends CaseDates>(r: T, cutOff: string): T {
  const by = (d: string | null) => (d !== null && d <= cutOff ? d : null);
  return { ...r, acceptedOn: by(r.acceptedOn), grantedOn: by(r.grantedOn), concludedOn: by(r.concludedOn) };
}
