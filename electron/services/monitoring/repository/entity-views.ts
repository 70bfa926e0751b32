/** The entities of a warning or a cluster as the page shows them: grades in force and list status. */
import { addMonths } from '../../../../shared/dates/iso-date.ts';
import type { EntityKind } from '../../../../shared/domain/entity.ts';
import type { Db } from '../../../db/open.ts';
import { all, sql, type SqlQuery } from '../../../db/sql.ts';

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

const onList = (type: 'abnormal_list' | 'serious_violation_list', today: string): SqlQuery => {
  const cut = type === 'serious_violation_list' ? addMonths(today, -36) : '0000-00-00';
  return sql`EXISTS (SELECT 1 FROM records r WHERE r.entity_id = e.id AND r.type = ${type} AND r.date <= ${today}
      AND r.date > ${cut}
      AND (json_extract(r.data, '$.removedOn') IS NULL OR json_extract(r.data, '$.removedOn') > ${today}))`;
};

const columns = (today: string): SqlQuery =>
  sql`e.id, coalesce(e.uscc, e.reg_no) AS code, e.name, e.kind, e.township, e.address, e.legal_rep,
      (e.status = 'active' AND (e.established_on IS NULL OR e.established_on <= ${today})) AS active,
      ${onList('abnormal_list', today)} AS abnormal, ${onList('serious_violation_list', today)} AS serious`;

export function entitiesOfWarning(db: Db, warningId: number, today: string): EntityViewRow[] {
  return all<EntityViewRow>(
    db,
    sql`SELECT ${columns(today)} FROM monitoring_warning_entities we JOIN entities e ON e.id = we.entity_id
        WHERE we.warning_id = ${warningId} ORDER BY code`,
  );
}

export function entitiesOfCluster(
  db: Db,
  type: 'address' | 'person',
  key: string,
  today: string,
): (EntityViewRow & { raw: string | null })[] {
  const col = sql.raw(type === 'address' ? 'address_key' : 'person_key');
  const raw = sql.raw(type === 'address' ? 'address' : 'legal_rep');
  return all<EntityViewRow & { raw: string | null }>(
    db,
    sql`SELECT ${columns(today)}, e.${raw} AS raw FROM entities e WHERE e.${col} = ${key} ORDER BY e.id`,
  );
}

/** Grades in force (after adjustments) of these entities, per model. */
export function gradesInForce(
  db: Db,
  entityIds: readonly number[],
): { entity_id: number; model_id: string; model_version: string; grade: string }[] {
  const ids = JSON.stringify(entityIds);
  return all(
    db,
    sql`SELECT c.entity_id, c.model_id, c.model_version, coalesce(a.to_grade, c.grade) AS grade
        FROM current_grades c LEFT JOIN grading_adjustments a ON a.id = c.adjustment_id
        WHERE c.entity_id IN (SELECT value FROM json_each(${ids})) AND c.grade IS NOT NULL
        ORDER BY c.entity_id, c.model_id`,
  );
}
