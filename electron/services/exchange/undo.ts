/**
 * Import history and undo. Undo replays a batch's log backwards: rows it inserted are deleted, rows it
 * updated get their before-image back, column for column — so the tables are exactly as before the
 * import. A batch whose rows a later (not undone) batch changed again cannot be undone first: that
 * would silently throw the later batch's changes away, so the user is told which batch to undo first.
 * Nor is a batch undone whose rows were changed since by anything else (an inspection result entered, a
 * demo re-run, a repair): its rows must still be exactly as it left them (after-images.ts).
 */
import { ApiError } from '../../../shared/api/errors.ts';
import type { DataDoor } from '../../db/sql.ts';
import { unitOfWork } from './repository/unit-of-work.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { type JobControl, NO_JOB, rowReporter } from '../jobs.ts';
import { casesOfBatch, deleteCasesOfBatch } from '../repair/repository.ts';
import { regradeChanged, resummarizeAfterDelete } from './regrade.ts';
import { rowsChangedSince } from './repository/after-images.ts';
import {
  batchById,
  batchPage,
  countBatches,
  markBatchUndone,
  type StoredBatch,
} from './repository/batches.ts';
import { withLoadCache } from './repository/engine.ts';
import { isStillReferenced } from './repository/errors.ts';
import {
  deleteInsertedRows,
  deleteLoggedRow,
  foreignRecordsOnNewEntities,
  laterBatchesTouching,
  loggedChanges,
  recordOwner,
  restoreLoggedRow,
} from './repository/undo.ts';

const CASE_KINDS: ReadonlySet<string> = new Set(['repairs', 'objections']);

export interface BatchInfo extends Omit<StoredBatch, 'changes'> {
  undoable: boolean;
}

export function listBatches(db: DataDoor, actor: Actor, page: { offset: number; limit: number }) {
  authorize(actor, 'entities.read');
  const total = countBatches(db);
  const batches: BatchInfo[] = batchPage(db, page).map(({ changes, ...b }) => ({
    ...b,
    undoable: b.undoneAt === null && b.kind !== 'demo' && changes > 0,
  }));
  return { total, batches };
}

export function undoBatch(db: DataDoor, actor: Actor, batchId: number, at: string, job: JobControl = NO_JOB) {
  authorize(actor, 'exchange.undo');
  // Deleting a large batch walks every index of its rows: a cache large enough to keep them (as the
  // import and the demo writer do) instead of writing pages out and reading them back.
  return withLoadCache(db, () => undoInTransaction(db, actor, batchId, at, job));
}

function undoInTransaction(db: DataDoor, actor: Actor, batchId: number, at: string, job: JobControl) {
  return unitOfWork(db, () => {
    const batch = batchById(db, batchId);
    if (!batch) throw new ApiError('not_found', `没有编号为 ${batchId} 的导入批次。`);
    if (batch.undoneAt)
      throw new ApiError(
        'conflict',
        `导入批次 ${batchId} 已于 ${batch.undoneAt.slice(0, 16).replace('T', ' ')} 撤销。`,
      );
    if (batch.kind === 'demo') throw new ApiError('conflict', '演示数据批次不能撤销。');
    const later = laterBatchesTouching(db, batchId);
    if (later.length > 0) {
      throw new ApiError(
        'conflict',
        `之后的导入批次（${later.join('、')}）又修改了本批次的数据，请先撤销${later.length > 1 ? '这些批次' : '该批次'}。`,
      );
    }
    // Records added later to entities this batch created (by hand or by another kind of import) would
    // be deleted with them: refuse instead.
    const foreign = foreignRecordsOnNewEntities(db, batchId);
    if (foreign.total > 0) {
      throw new ApiError(
        'conflict',
        foreign.fromBatches === foreign.total
          ? `本批次新增的主体之后又添加了 ${foreign.total} 条信用记录，请先撤销添加这些记录的批次。`
          : `本批次新增的主体之后又添加了 ${foreign.total} 条信用记录（其中 ${foreign.total - foreign.fromBatches} 条不是导入添加的，如录入的检查结果），撤销会一并删除它们，因此未撤销。`,
      );
    }
    // Rows changed since outside the exchange: restoring or deleting them would lose that change.
    const since = rowsChangedSince(db, batchId);
    if (since.count > 0) {
      throw new ApiError(
        'conflict',
        `本批次导入的数据中有 ${since.count} 行在导入后又被修改或删除（例如${since.example}），撤销会覆盖这些修改，因此未撤销，数据未作任何改动。`,
      );
    }
    // A received case someone has already worked on (accepted, decided …) is no longer just the list's row.
    // Only these kinds register cases (kinds-repair.ts).
    const cases = CASE_KINDS.has(batch.kind);
    const moved = cases ? casesOfBatch(db, batchId).find((c) => !c.untouched) : undefined;
    if (moved) {
      const what = moved.caseKind === 'repair' ? '信用修复申请' : '异议';
      throw new ApiError(
        'conflict',
        `本批次登记的${what}（第 ${moved.id} 号，${moved.entityName}${moved.externalRef ? `，申请编号 ${moved.externalRef}` : ''}）已开始办理，撤销会丢失办理记录，因此未撤销。`,
      );
    }

    const changes = loggedChanges(db, batchId);
    const entityIds = new Set<number>();
    let deleted = 0;
    let restored = 0;
    const report = rowReporter(job, changes.length, 200);
    job.progress(0, changes.length);
    try {
      let done = 0;
      for (const c of changes) {
        report(++done);
        if (c.op === 'insert' && (c.tbl === 'entities' || c.tbl === 'records')) continue; // bulk, below
        if (c.tbl === 'records') {
          const owner = recordOwner(db, c.key[0] as number);
          if (owner !== undefined) entityIds.add(owner);
        } else if (c.tbl === 'entities') entityIds.add(c.key[0] as number);
        if (c.op === 'insert') deleted += deleteLoggedRow(db, c);
        else {
          restoreLoggedRow(db, c);
          restored++;
        }
      }
      if (cases) deleted += deleteCasesOfBatch(db, batchId);
      // Rows this batch inserted: found by batch_id, deleted in slices that report as they go.
      job.progress(0, 0, '正在删除导入的数据');
      const inserted = deleteInsertedRows(db, batchId, (done, total) => {
        job.checkCancelled();
        job.progress(done, total, '正在删除导入的数据');
      });
      deleted += inserted.deleted;
      for (const id of inserted.entityIds) entityIds.add(id);
      if (inserted.deleted > 0) {
        job.progress(0, 0, '正在重新汇总评价结果');
        resummarizeAfterDelete(db);
      }
    } catch (e) {
      if (isStillReferenced(e)) {
        throw new ApiError(
          'conflict',
          '本批次导入的数据已被其他数据（如抽查计划、评价结果）引用，不能撤销。',
        );
      }
      throw e;
    }
    markBatchUndone(db, batchId, at, actor.username);
    job.progress(0, entityIds.size, '正在更新信用评价');
    regradeChanged(db, entityIds, at, (done, total) => job.progress(done, total, '正在更新信用评价'));
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'exchange.undo',
      target: `batch:${batchId}`,
      detail: { kind: batch.kind, fileName: batch.fileName, deleted, restored },
    });
    // The commit writes every changed page in one call.
    job.progress(entityIds.size, entityIds.size, '正在保存');
    return { batchId, deleted, restored };
  });
}
