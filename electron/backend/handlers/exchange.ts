import { CHUNK_BYTES, type exchangeContract } from '../../../shared/api/contracts/exchange.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { can } from '../../../shared/domain/permissions.ts';
import { authorize } from '../../services/authz.ts';
import type { ImportRequest } from '../../services/exchange/import-service.ts';
import { forgetStaged } from '../../services/exchange/import/staged-cache.ts';
import { createStaging, type Staging } from '../../services/exchange/staging.ts';
import { listBatches } from '../../services/exchange/undo.ts';
import type { AreaHandlers, DoorContext } from '../context.ts';

/** `staging` is shared with other areas whose exports are fetched with exchange.download (the audit log). */
export function exchangeHandlers(
  ctx: DoorContext,
  staging: Staging = createStaging(ctx.dbPath),
): AreaHandlers<typeof exchangeContract> {
  const file = (uploadId: string) => staging.file(uploadId);
  // The job worker gets the staged file by path; the upload's bookkeeping stays in the staging folder.
  const importRequest = ({ uploadId, ...rest }: { uploadId: string } & Omit<ImportRequest, 'file'>) => ({
    ...rest,
    file: file(uploadId),
  });
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
    'exchange.preview': (input) => {
      authorize(ctx.user(), 'exchange.import');
      return ctx.runJob('exchange.preview', importRequest(input));
    },
    'exchange.commit': (input) => {
      authorize(ctx.user(), 'exchange.import');
      return ctx.runJob('exchange.commit', importRequest(input));
    },
    'exchange.errorReport': async (input) => {
      authorize(ctx.user(), 'exchange.import');
      const { id, path } = staging.newDownloadPath();
      const r = await ctx.runJob('exchange.errorReport', { req: importRequest(input), outPath: path });
      return staging.offer(id, path, r.fileName, r.rows);
    },
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
    'exchange.undo': (input) => ctx.runJob('exchange.undo', { batchId: input.batchId }),
    'exchange.export': async (input) => {
      const { id, path } = staging.newDownloadPath();
      const r = await ctx.runJob('exchange.export', { input, outPath: path });
      return staging.offer(id, path, r.fileName, r.rows);
    },
  };
}
