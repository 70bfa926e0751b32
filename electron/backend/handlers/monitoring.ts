import type { monitoringContract } from '../../../shared/api/contracts/monitoring.ts';
import { localIsoDate } from '../../../shared/dates/iso-date.ts';
import type { Staging } from '../../services/exchange/staging.ts';
import { closeWarning, disposeWarning, reviewWarning } from '../../services/monitoring/lifecycle.ts';
import {
  getMonitoringWarning,
  listMonitoringWarnings,
  monitoringCluster,
  monitoringOverview,
  monitoringRuns,
} from '../../services/monitoring/reads.ts';
import { monitoringRules, saveMonitoringRules } from '../../services/monitoring/rules.ts';
import { warningsToTask } from '../../services/monitoring/to-task.ts';
import type { AreaHandlers, DoorContext } from '../context.ts';

/** `staging` is the exchange's: the Excel export leaves as one of its downloads. */
export function monitoringHandlers(
  ctx: DoorContext,
  staging: Staging,
): AreaHandlers<typeof monitoringContract> {
  // Windows and list status are counted in local days.
  const today = () => localIsoDate(ctx.now());
  return {
    'monitoring.overview': () => monitoringOverview(ctx.db(), ctx.user()),
    'monitoring.list': (i) => listMonitoringWarnings(ctx.db(), ctx.user(), i),
    'monitoring.get': (i) => getMonitoringWarning(ctx.db(), ctx.user(), i.id, today()),
    'monitoring.cluster': (i) => monitoringCluster(ctx.db(), ctx.user(), i.type, i.key, today()),
    // In the job worker (its own connection), so searches and progress answer while the rules run.
    'monitoring.run': (i) => ctx.runJob('monitoring.run', { asOf: i.asOf ?? today() }),
    'monitoring.runs': () => monitoringRuns(ctx.db(), ctx.user()),
    'monitoring.review': (i) => reviewWarning(ctx.db(), ctx.user(), i, ctx.now(), today()),
    'monitoring.dispose': (i) => disposeWarning(ctx.db(), ctx.user(), i, ctx.now(), today()),
    'monitoring.close': (i) => closeWarning(ctx.db(), ctx.user(), i, ctx.now(), today()),
    'monitoring.rules.get': () => monitoringRules(ctx.db(), ctx.user()),
    'monitoring.rules.save': (i) => saveMonitoringRules(ctx.db(), ctx.user(), i, ctx.now()),
    'monitoring.toTask': (i) => warningsToTask(ctx.db(), ctx.user(), i, ctx.now()),
    'monitoring.export': async (i) => {
      // The workbook writer (fflate) loads on the first export, not at start-up.
      const { exportWarnings } = await import('../../services/monitoring/export.ts');
      const { id, path } = staging.newDownloadPath();
      const r = exportWarnings(ctx.db(), ctx.user(), i, path, ctx.now(), today());
      return staging.offer(id, path, r.fileName, r.rows);
    },
  };
}
