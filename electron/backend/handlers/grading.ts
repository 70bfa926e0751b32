import type { gradingContract } from '../../../shared/api/contracts/grading.ts';
import type { AreaHandlers, BackendContext } from '../context.ts';

export function gradingHandlers(_ctx: BackendContext): AreaHandlers<typeof gradingContract> {
  return {};
}
