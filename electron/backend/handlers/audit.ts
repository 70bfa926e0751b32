import type { auditContract } from '../../../shared/api/contracts/audit.ts';
import { crossCheckAnchors, currentAuditHead } from '../../services/audit/anchors.ts';
import { listAudit, verifyAudit } from '../../services/audit/read.ts';
import type { Staging } from '../../services/exchange/staging.ts';
import type { AreaHandlers, BackendContext } from '../context.ts';

/** `staging` is the exchange's: the audit export is fetched with exchange.download like other exports. */
export function auditHandlers(ctx: BackendContext, staging: Staging): AreaHandlers<typeof auditContract> {
  return {
    'audit.list': (input) => listAudit(ctx.db(), ctx.user(), input),
    'audit.export': (input) =>
      ctx.job('audit.export', '正在导出操作日志', async (job) => {
        // The workbook writer (fflate) is loaded on the first export, not at start-up.
        const { exportAudit } = await import('../../services/audit/export.ts');
        const { id, path } = staging.newDownloadPath();
        const r = exportAudit(ctx.db(), ctx.user(), input, path, ctx.now(), (done, total) =>
          job.progress(done, total, '正在导出操作日志'),
        );
        return staging.offer(id, path, r.fileName, r.rows);
      }),
    'audit.verify': () => {
      const db = ctx.db();
      const user = ctx.user();
      return ctx.job('audit.verify', '正在校验操作日志', (job) =>
        crossCheckAnchors(
          db,
          ctx.dbPath,
          verifyAudit(db, user, ctx.now(), (done, total) => job.progress(done, total)),
        ),
      );
    },
    'audit.head': () => currentAuditHead(ctx.db(), ctx.user()),
  };
}
