import type { Db } from '../../db/open.ts';
import { type Actor, authorize } from '../authz.ts';
import { activeWarningCount } from './repository/warnings.ts';

/** Warnings not yet closed or dismissed, for the 工作台. */
export function openWarningCount(db: Db, actor: Actor): number {
  authorize(actor, 'monitoring.read');
  return activeWarningCount(db);
}
