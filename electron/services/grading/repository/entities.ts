/** The little the grading reads say about an entity besides its results: its name and code. */
import { type DataDoor, get, sql } from '../../../db/sql.ts';

export interface EntityLabel {
  name: string;
  uscc: string | null;
  regNo: string | null;
}

export function entityLabel(db: DataDoor, entityId: number): EntityLabel | undefined {
  return get<EntityLabel>(db, sql`SELECT name, uscc, reg_no AS "regNo" FROM entities WHERE id = ${entityId}`);
}
