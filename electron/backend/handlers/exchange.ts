import { CHUNK_BYTES, type exchangeContract } from '../../../shared/api/contracts/exchange.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { can } from '../../../shared/domain/permissions.ts';
import { authorize } from '../../services/authz.ts';
import { inStage } from '../../services/jobs.ts';
import { runExport } from '../../services/exchange/export/run-export.ts';
import { commitImport, importErrorReport, previewImport } from '../../services/exchange/import-service.ts';
import { forgetStaged, loadStaged } from '../../services/exchange/import/prepare.ts';
import { createStaging, type Staging } from '../../services/exchange/staging.ts';
import { listBatches, undoBatch } from '../../services/exchange/undo.ts';
import type { AreaHandlers, BackendContext } from '../context.ts';

/** `staging` is shared with other areas whose exports are fetched with exchange.download (the audit log). */
export function exchangeHandlers(
  ctx: BackendContext,
  staging: Staging = createStaging(ctx.dbPath),
): AreaHandlers<typeof exchangeContract> {
  const file = (uploadId: string) => staging.file(uploadId);
  // Uploads serve imports (科室负责人) and the attachments of repair and objection cases (执法人员).
  const authorizeUpload = () => {
    const user = ctx.user();
    if (!can(user.role, 'repair.handle')) authorize(user, 'exchange.import');
  };

  return {
    'exchange.uploadBegin': (input) => {
      authorizeUpload();
      return { uploadId: staging.begin(input.fileName, input.size), chunkBytes: CHUNK_BYTES };
    },
    'exchange.uploadChunk': (input) => {
      authorizeUpload();
      const bytes = Buffer.from(input.base64, 'base64');
      if (bytes.length > CHUNK_BYTES) throw new ApiError('invalid_input', '文件分块过大。');
      return { received: staging.chunk(input.uploadId, input.index, bytes) };
    },
    'exchange.discard': (input) => {
      authorizeUpload();
      try {
        forgetStaged(staging.file(input.uploadId).path);
      } catch {
        // incomplete or unknown: nothing cached
      }
      staging.discard(input.uploadId);
      return {};
    },
    'exchange.preview': (input) =>
      ctx.job('exchange.preview', '正在读取并校验数据', async (job) => {
        authorize(ctx.user(), 'exchange.import');
        await loadStaged(file(input.uploadId).path);
        return previewImport(
          ctx.db(),
          ctx.user(),
          { ...input, file: file(input.uploadId) },
          ctx.now(),
          inStage(job, '正在校验数据'),
        );
      }),
    'exchange.commit': (input) =>
      ctx.job('exchange.commit', '正在导入数据', async (job) => {
        authorize(ctx.user(), 'exchange.import');
        await loadStaged(file(input.uploadId).path);
        const run = commitImport(ctx.db(), ctx.user(), { ...input, file: file(input.uploadId) }, ctx.now(), {
          job: inStage(job, '正在写入数据'),
        });
        return { batchId: run.batchId, counts: run.counts };
      }),
    'exchange.errorReport': (input) =>
      ctx.job('exchange.errorReport', '正在生成错误报告', async () => {
        authorize(ctx.user(), 'exchange.import');
        await loadStaged(file(input.uploadId).path);
        const { id, path } = staging.newDownloadPath();
        const r = importErrorReport(
          ctx.db(),
          ctx.user(),
          { ...input, file: file(input.uploadId) },
          path,
          ctx.now(),
        );
        return staging.offer(id, path, r.fileName, r.rows);
      }),
    'exchange.download': (input) => {
      authorize(ctx.user(), 'entities.read');
      const r = staging.read(input.fileId, input.offset, CHUNK_BYTES);
      return {
        base64: Buffer.from(r.bytes).toString('base64'),
        nextOffset: r.nextOffset,
        size: r.size,
        done: r.done,
      };
    },
    'exchange.batches': (input) => listBatches(ctx.db(), ctx.user(), input),
    'exchange.undo': (input) =>
      ctx.job('exchange.undo', '正在撤销导入批次', (job) =>
        undoBatch(ctx.db(), ctx.user(), input.batchId, ctx.now(), job),
      ),
    'exchange.export': (input) =>
      ctx.job('exchange.export', '正在导出', (job) => {
        const { id, path } = staging.newDownloadPath();
        const r = runExport(ctx.db(), ctx.user(), input, path, {
          at: ctx.now(),
          job: inStage(job, '正在导出'),
        });
        return staging.offer(id, path, r.fileName, r.rows);
      }),
  };
}
