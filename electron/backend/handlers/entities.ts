import type { coreContract } from '../../../shared/api/contracts/core.ts';
import { getCreditFile, listTownships } from '../../services/entities/reads.ts';
import { searchEntities } from '../../services/entities/search.ts';
import type { AreaHandlers, DoorContext } from '../context.ts';

type EntitiesContract = Pick<typeof coreContract, 'entities.search' | 'entities.get' | 'entities.townships'>;

/**
 * Reading credit files is open to every logged-in user: ctx.db() alone checks the session. Every method
 * runs on either engine (DoorContext).
 */
export function entitiesHandlers(ctx: DoorContext): AreaHandlers<EntitiesContract> {
  return {
    'entities.search': (input) => searchEntities(ctx.db(), input),
    'entities.get': (input) => getCreditFile(ctx.db(), input.id),
    'entities.townships': () => ({ townships: listTownships(ctx.db()) }),
  };
}
