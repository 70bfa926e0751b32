import type { DataDoor } from '../../db/sql.ts';
import { type Actor, authorize } from '../authz.ts';
import { activeWarningCount } from './repository/warnings.ts';

/** Warnings not yet closed or dismissed, for the 工作台 (on both engines, ahead of the rest of the area). */
export function openWarningCount(db: DataDoor, actor: Actor): number {
  authorize(actor, 'monitoring.read');
  return activeWarningCount(db);
}
