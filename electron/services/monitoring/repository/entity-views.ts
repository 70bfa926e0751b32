/** The entities of a warning or a cluster as the page shows them: grades in force and list status. */
import { addMonths } from '../../../../shared/dates/iso-date.ts';
import type { EntityKind } from '../../../../shared/domain/entity.ts';
import { idsIn, jsonTextField } from '../../../db/json-lists.ts';
import { all, type DataDoor, type SqlQuery, sql } from '../../../db/sql.ts';

export interface EntityViewRow {
  id: number;
  code: string;
  name: string;
  kind: EntityKind;
  township: string | null;
  address: string | null;
  legal_rep: string | null;
  active: number;
  abnormal: number;
  serious: number;
}

// Flags are written as CASE … THEN 1 ELSE 0: PostgreSQL's comparisons give booleans, SQLite's 0/1.
const onList = (db: DataDoor, type: 'abnormal_list' | 'serious_violation_list', today: string): SqlQuery => {
  const cut = type === 'serious_violation_list' ? addMonths(today, -36) : '0000-00-00';
  const removedOn = jsonTextField(db, 'r.data', 'removedOn');
  return sql`CASE WHEN EXISTS (SELECT 1 FROM records r WHERE r.entity_id = e.id AND r.type = ${type}
      AND r.date <= ${today} AND r.date > ${cut}
      AND (${removedOn} IS NULL OR ${removedOn} > ${today})) THEN 1 ELSE 0 END`;
};

const columns = (db: DataDoor, today: string): SqlQuery =>
  sql`e.id, coalesce(e.uscc, e.reg_no) AS code, e.name, e.kind, e.township, e.address, e.legal_rep,
      CASE WHEN e.status = 'active' AND (e.established_on IS NULL OR e.established_on <= ${today})
           THEN 1 ELSE 0 END AS active,
      ${onList(db, 'abnormal_list', today)} AS abnormal, ${onList(db, 'serious_violation_list', today)} AS serious`;

export function entitiesOfWarning(db: DataDoor, warningId: number, today: string): EntityViewRow[] {
  return all<EntityViewRow>(
    db,
    sql`SELECT ${columns(db, today)} FROM monitoring_warning_entities we JOIN entities e ON e.id = we.entity_id
        WHERE we.warning_id = ${warningId} ORDER BY code`,
  );
}

export function entitiesOfCluster(
  db: DataDoor,
  type: 'address' | 'person',
  key: string,
  today: string,
): (EntityViewRow & { raw: string | null })[] {
  const col = sql.raw(type === 'address' ? 'address_key' : 'person_key');
  const raw = sql.raw(type === 'address' ? 'address' : 'legal_rep');
  return all<EntityViewRow & { raw: string | null }>(
    db,
    sql`SELECT ${columns(db, today)}, e.${raw} AS raw FROM entities e WHERE e.${col} = ${key} ORDER BY e.id`,
  );
}

/** Grades in force (after adjustments) of these entities, per model. */
export function gradesInForce(
  db: DataDoor,
  entityIds: readonly number[],
): { entity_id: number; model_id: string; model_version: string; grade: string }[] {
  return all(
    db,
    sql`SELECT c.entity_id, c.model_id, c.model_version, coalesce(a.to_grade, c.grade) AS grade
        FROM current_grades c LEFT JOIN grading_adjustments a ON a.id = c.adjustment_id
        WHERE c.entity_id IN ${idsIn(db, entityIds)} AND c.grade IS NOT NULL
        ORDER BY c.entity_id, c.model_id`,
  );
}
