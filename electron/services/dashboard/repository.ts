/** The 工作台's repository: entity counts by kind and registration status in one pass. */
import {
  ENTITY_KINDS,
  ENTITY_STATUSES,
  type EntityKind,
  type EntityStatus,
} from '../../../shared/domain/entity.ts';
import { type DataDoor, all, sql } from '../../db/sql.ts';

export interface EntityCounts {
  total: number;
  byKind: Record<EntityKind, number>;
  byStatus: Record<EntityStatus, number>;
}

export function entityCounts(db: DataDoor): EntityCounts {
  const byKind = Object.fromEntries(ENTITY_KINDS.map((k) => [k, 0])) as Record<EntityKind, number>;
  const byStatus = Object.fromEntries(ENTITY_STATUSES.map((s) => [s, 0])) as Record<EntityStatus, number>;
  let total = 0;
  const rows = all<{ kind: EntityKind; status: EntityStatus; n: number }>(
    db,
    sql`SELECT kind, status, count(*) AS n FROM entities GROUP BY kind, status`,
  );
  for (const r of rows) {
    total += r.n;
    if (r.kind in byKind) byKind[r.kind] += r.n;
    if (r.status in byStatus) byStatus[r.status] += r.n;
  }
  return { total, byKind, byStatus };
}
