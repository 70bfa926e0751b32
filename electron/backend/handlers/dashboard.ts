import type { dashboardContract } from '../../../shared/api/contracts/dashboard.ts';
import { dashboard, serverDashboard } from '../../services/dashboard/dashboard.ts';
import type { AreaHandlers, BackendContext, DoorContext } from '../context.ts';

export function dashboardHandlers(ctx: BackendContext): AreaHandlers<typeof dashboardContract> {
  return { 'app.dashboard': () => dashboard(ctx.db(), ctx.dbPath, ctx.user(), ctx.now()) };
}

/** A bureau server's 工作台: the parts its areas hold (serverDashboard). */
export function serverDashboardHandlers(ctx: DoorContext): AreaHandlers<typeof dashboardContract> {
  return { 'app.dashboard': () => serverDashboard(ctx.db(), ctx.user(), ctx.now()) };
}
