import type { coreContract } from '../../../shared/api/contracts/core.ts';
import { getCreditFile, listJurisdictions, listTownships } from '../../services/entities/reads.ts';
import { searchEntities } from '../../services/entities/search.ts';
import { entityScopeOf } from '../../services/users/entity-scope.ts';
import type { AreaHandlers, DoorContext } from '../context.ts';

type EntitiesContract = Pick<
  typeof coreContract,
  'entities.search' | 'entities.get' | 'entities.townships' | 'entities.jurisdictions'
>;

/**
 * Reading credit files is open to every logged-in user: ctx.db() alone checks the session. An officer
 * whose 管辖单位 is set reads only that unit's entities (the signed-in user's scope: the desk's session
 * or the server request's). Every method runs on either engine (DoorContext).
 */
export function entitiesHandlers(ctx: DoorContext): AreaHandlers<EntitiesContract> {
  const scope = () => entityScopeOf(ctx.db(), ctx.user());
  return {
    'entities.search': (input) => searchEntities(ctx.db(), input, scope()),
    'entities.get': (input) => getCreditFile(ctx.db(), input.id, scope()),
    'entities.townships': () => ({ townships: listTownships(ctx.db()) }),
    'entities.jurisdictions': () => ({ jurisdictions: listJurisdictions(ctx.db()) }),
  };
}
