import type { backupContract } from '../../../shared/api/contracts/backup.ts';
import type { AreaHandlers, BackendContext } from '../context.ts';

export function backupHandlers(_ctx: BackendContext): AreaHandlers<typeof backupContract> {
  return {};
}
