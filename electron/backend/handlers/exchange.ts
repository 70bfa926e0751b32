import type { exchangeContract } from '../../../shared/api/contracts/exchange.ts';
import type { AreaHandlers, BackendContext } from '../context.ts';

export function exchangeHandlers(_ctx: BackendContext): AreaHandlers<typeof exchangeContract> {
  return {};
}
