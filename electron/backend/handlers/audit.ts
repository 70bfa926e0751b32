import type { auditContract } from '../../../shared/api/contracts/audit.ts';
import { currentAuditHead } from '../../services/audit/anchors.ts';
import { listAudit } from '../../services/audit/read.ts';
import type { Staging } from '../../services/exchange/staging.ts';
import type { AreaHandlers, DoorContext } from '../context.ts';

/** `staging` is the exchange's: the audit export is fetched with exchange.download like other exports. */
export function auditHandlers(ctx: DoorContext, staging: Staging): AreaHandlers<typeof auditContract> {
  return {
    'audit.list': (input) => listAudit(ctx.db(), ctx.user(), input),
    'audit.export': async (input) => {
      const { id, path } = staging.newDownloadPath();
      const r = await ctx.runJob('audit.export', { filter: input, outPath: path });
      return staging.offer(id, path, r.fileName, r.rows);
    },
    'audit.verify': () => ctx.runJob('audit.verify', {}),
    'audit.head': () => currentAuditHead(ctx.db(), ctx.user()),
  };
}
