import type { adminContract } from '../../../shared/api/contracts/admin.ts';
import type { AreaHandlers, BackendContext } from '../context.ts';

export function adminHandlers(_ctx: BackendContext): AreaHandlers<typeof adminContract> {
  return {};
}
