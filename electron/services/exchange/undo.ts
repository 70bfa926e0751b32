/**
 * Import history and undo. Undo replays a batch's log backwards: rows it inserted are deleted, rows it
 * updated get their before-image back, column for column — so the tables are exactly as before the
 * import. A batch whose rows a later (not undone) batch changed again cannot be undone first: that
 * would silently throw the later batch's changes away, so the user is told which batch to undo first.
 * Nor is a batch undone whose rows were changed since by anything else (an inspection result entered, a
 * demo re-run, a repair): its rows must still be exactly as it left them (after-images.ts).
 */
import { ApiError } from '../../../shared/api/errors.ts';
import type { Statement } from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../../db/open.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { onRecordsChanged } from '../grading/records-changed.ts';
import { rowsChangedSince } from './after-images.ts';
import { KEYED_TABLES } from './import/kinds-sampling.ts';

export interface BatchInfo {
  id: number;
  kind: string;
  fileName: string | null;
  createdAt: string;
  createdBy: string;
  counts: Record<string, number>;
  undoneAt: string | null;
  undoneBy: string | null;
  undoable: boolean;
}

interface BatchRow {
  id: number;
  kind: string;
  file_name: string | null;
  created_at: string;
  created_by: string;
  counts: string;
  undone_at: string | null;
  undone_by: string | null;
  changes: number;
}

export function listBatches(db: Db, actor: Actor, page: { offset: number; limit: number }) {
  authorize(actor, 'entities.read');
  const total = (db.prepare('SELECT count(*) AS n FROM import_batches').get() as { n: number }).n;
  const rows = db
    .prepare(
      `SELECT b.*,
         coalesce(json_extract(b.counts, '$.inserted'), 0) + coalesce(json_extract(b.counts, '$.updated'), 0) AS changes
       FROM import_batches b ORDER BY b.id DESC LIMIT ? OFFSET ?`,
    )
    .all(page.limit, page.offset) as BatchRow[];
  const batches: BatchInfo[] = rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    createdAt: r.created_at,
    createdBy: r.created_by,
    counts: JSON.parse(r.counts) as Record<string, number>,
    undoneAt: r.undone_at,
    undoneBy: r.undone_by,
    undoable: r.undone_at === null && r.kind !== 'demo' && r.changes > 0,
  }));
  return { total, batches };
}

/** Tables whose rows the log names by their INTEGER PRIMARY KEY `id`. */
const ID_TABLES = new Set(['entities', 'records', 'inspectors']);

export function undoBatch(
  db: Db,
  actor: Actor,
  batchId: number,
  at: string,
  onProgress?: (done: number, total: number) => void,
) {
  authorize(actor, 'exchange.undo');
  return db.transaction(() => {
    const batch = db.prepare('SELECT * FROM import_batches WHERE id = ?').get(batchId) as
      | BatchRow
      | undefined;
    if (!batch) throw new ApiError('not_found', `没有编号为 ${batchId} 的导入批次。`);
    if (batch.undone_at)
      throw new ApiError(
        'conflict',
        `导入批次 ${batchId} 已于 ${batch.undone_at.slice(0, 16).replace('T', ' ')} 撤销。`,
      );
    if (batch.kind === 'demo') throw new ApiError('conflict', '演示数据批次不能撤销。');
    // Later batches that changed a row this batch inserted (found by batch_id) or updated (in its log).
    const later = db
      .prepare(
        `SELECT DISTINCT c.batch_id AS id FROM exchange_changes c
         JOIN import_batches b ON b.id = c.batch_id AND b.undone_at IS NULL
         WHERE c.batch_id > @batch AND (
           (c.tbl = 'entities' AND c.row_id IN (SELECT id FROM entities WHERE batch_id = @batch))
           OR (c.tbl = 'records' AND c.row_id IN (SELECT id FROM records WHERE batch_id = @batch))
           OR EXISTS (SELECT 1 FROM exchange_changes c1 WHERE c1.batch_id = @batch AND c1.tbl = c.tbl
                        AND c1.row_id IS c.row_id AND c1.row_key IS c.row_key))
         ORDER BY c.batch_id DESC`,
      )
      .all({ batch: batchId }) as { id: number }[];
    if (later.length > 0) {
      throw new ApiError(
        'conflict',
        `之后的导入批次（${later.map((b) => b.id).join('、')}）又修改了本批次的数据，请先撤销${later.length > 1 ? '这些批次' : '该批次'}。`,
      );
    }
    // Records added later to entities this batch created (by hand or by another kind of import) would
    // be deleted with them: refuse instead.
    const foreign = db
      .prepare(
        `SELECT count(*) AS n, count(r.batch_id) AS fromBatches FROM records r
         WHERE r.entity_id IN (SELECT id FROM entities WHERE batch_id = ?) AND r.batch_id IS NOT ?`,
      )
      .get(batchId, batchId) as { n: number; fromBatches: number };
    if (foreign.n > 0) {
      throw new ApiError(
        'conflict',
        foreign.fromBatches === foreign.n
          ? `本批次新增的主体之后又添加了 ${foreign.n} 条信用记录，请先撤销添加这些记录的批次。`
          : `本批次新增的主体之后又添加了 ${foreign.n} 条信用记录（其中 ${foreign.n - foreign.fromBatches} 条不是导入添加的，如录入的检查结果），撤销会一并删除它们，因此未撤销。`,
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

    const changes = db
      .prepare(
        'SELECT tbl, row_id, row_key, op, before FROM exchange_changes WHERE batch_id = ? ORDER BY id DESC',
      )
      .all(batchId) as {
      tbl: string;
      row_id: number | null;
      row_key: string | null;
      op: string;
      before: string | null;
    }[];
    const entityIds = new Set<number>();
    let deleted = 0;
    let restored = 0;
    // A batch of 100,000 rows replays 100,000 changes: prepare each distinct statement once.
    type Params = (string | number | null)[];
    const statements = new Map<string, Statement<Params>>();
    const stmt = (sql: string): Statement<Params> => {
      let st = statements.get(sql);
      if (!st) {
        st = db.prepare<Params>(sql);
        statements.set(sql, st);
      }
      return st;
    };
    const recordOwner = db.prepare('SELECT entity_id FROM records WHERE id = ?');
    let done = 0;
    let reported = performance.now();
    onProgress?.(0, changes.length);
    try {
      for (const c of changes) {
        if (++done % 200 === 0 && performance.now() - reported >= 200) {
          reported = performance.now();
          onProgress?.(done, changes.length);
        }
        const keyCols = c.row_id === null ? KEYED_TABLES[c.tbl] : ['id'];
        if (!ID_TABLES.has(c.tbl) && !KEYED_TABLES[c.tbl])
          throw new ApiError('internal', `未知的数据表：${c.tbl}`);
        if (!keyCols) throw new ApiError('internal', `数据表 ${c.tbl} 没有登记主键`);
        const key = c.row_id === null ? (JSON.parse(c.row_key!) as (string | number)[]) : [c.row_id];
        const where = keyCols.map((k) => `${k} = ?`).join(' AND ');
        if (c.op === 'insert' && (c.tbl === 'entities' || c.tbl === 'records')) continue; // bulk, below
        if (c.tbl === 'records') {
          const r = recordOwner.get(c.row_id) as { entity_id: number } | undefined;
          if (r) entityIds.add(r.entity_id);
        } else if (c.tbl === 'entities') entityIds.add(c.row_id!);
        if (c.op === 'insert') {
          deleted += stmt(`DELETE FROM ${c.tbl} WHERE ${where}`).run(...key).changes;
        } else {
          const before = JSON.parse(c.before!) as Record<string, unknown>;
          const cols = Object.keys(before).filter((k) => k !== 'id');
          stmt(`UPDATE ${c.tbl} SET ${cols.map((k) => `${k} = ?`).join(', ')} WHERE ${where}`).run(
            ...cols.map((k) => before[k] as string | number | null),
            ...key,
          );
          restored++;
        }
      }
      // Rows this batch inserted: found by batch_id, deleted in two statements.
      for (const id of db
        .prepare('SELECT DISTINCT entity_id FROM records WHERE batch_id = ?')
        .pluck()
        .all(batchId) as number[])
        entityIds.add(id);
      deleted += db.prepare('DELETE FROM records WHERE batch_id = ?').run(batchId).changes;
      for (const id of db
        .prepare('SELECT id FROM entities WHERE batch_id = ?')
        .pluck()
        .all(batchId) as number[])
        entityIds.add(id);
      deleted += db.prepare('DELETE FROM entities WHERE batch_id = ?').run(batchId).changes;
    } catch (e) {
      if (
        e instanceof Error &&
        'code' in e &&
        String((e as { code: unknown }).code) === 'SQLITE_CONSTRAINT_FOREIGNKEY'
      ) {
        throw new ApiError(
          'conflict',
          '本批次导入的数据已被其他数据（如抽查计划、评价结果）引用，不能撤销。',
        );
      }
      throw e;
    }
    db.prepare('UPDATE import_batches SET undone_at = ?, undone_by = ? WHERE id = ?').run(
      at,
      actor.username,
      batchId,
    );
    onRecordsChanged(db, entityIds, at);
    appendAudit(db, {
      at,
      actor: actor.username,
      action: 'exchange.undo',
      target: `batch:${batchId}`,
      detail: { kind: batch.kind, fileName: batch.file_name, deleted, restored },
    });
    return { batchId, deleted, restored };
  })();
}
