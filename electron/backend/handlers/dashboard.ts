import type { dashboardContract } from '../../../shared/api/contracts/dashboard.ts';
import { dashboard } from '../../services/dashboard/dashboard.ts';
import type { AreaHandlers, DoorContext } from '../context.ts';

export function dashboardHandlers(ctx: DoorContext): AreaHandlers<typeof dashboardContract> {
  return { 'app.dashboard': () => dashboard(ctx.db(), ctx.dbPath, ctx.user(), ctx.now()) };
}
