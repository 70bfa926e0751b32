/**
 * Which entities a signed-in user reads (issue 17 item 3): an officer of one 市场监管所 whose 管辖单位 is
 * set sees only that unit's entities in the entity list, its count, the credit file and the name-list
 * export; everyone else sees the whole county. Administrators are never scoped. Grading runs, draws,
 * imports, monitoring and the reports stay county-wide: they are the bureau's work, not one unit's.
 *
 * The unit is read from the user's row on every call rather than carried in the session, so an
 * administrator's change applies to the officer's next search without signing them out.
 */
import type { DataDoor } from '../../db/sql.ts';
import type { Actor } from '../authz.ts';
import { findUser } from './repository.ts';

export interface EntityScope {
  /** Only entities of this 管辖单位; null: the whole county. */
  readonly jurisdiction: string | null;
}

/** No restriction: administrators, the command line's county-wide commands, the bureau's own jobs. */
export const COUNTY_WIDE: EntityScope = Object.freeze({ jurisdiction: null });

export function entityScopeOf(db: DataDoor, actor: Actor): EntityScope {
  if (actor.role === 'admin') return COUNTY_WIDE;
  // A removed user's row keeps its unit: a session that outlived the removal is not widened by it.
  const unit = findUser(db, actor.username)?.jurisdiction ?? null;
  return unit === null ? COUNTY_WIDE : { jurisdiction: unit };
}
