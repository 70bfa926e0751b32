import type { samplingContract } from '../../../shared/api/contracts/sampling.ts';
import type { AreaHandlers, BackendContext } from '../context.ts';

export function samplingHandlers(_ctx: BackendContext): AreaHandlers<typeof samplingContract> {
  return {};
}
