/** Import batches (import_batches): one per committed import or demo load, undone at most once. */
import { all, type DataDoor, dialect, get, run, runInsert, sql, value } from '../../../db/sql.ts';

export interface StoredBatch {
  id: number;
  kind: string;
  fileName: string | null;
  createdAt: string;
  createdBy: string;
  counts: Record<string, number>;
  undoneAt: string | null;
  undoneBy: string | null;
  /** Rows it inserted or updated, by its own counts. */
  changes: number;
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

const SELECT_BATCH = sql`SELECT b.id, b.kind, b.file_name, b.created_at, b.created_by, b.counts, b.undone_at, b.undone_by,
  coalesce(json_extract(b.counts, '$.inserted'), 0) + coalesce(json_extract(b.counts, '$.updated'), 0) AS changes
  FROM import_batches b`;
const SELECT_BATCH_PG = sql`SELECT b.id, b.kind, b.file_name, b.created_at, b.created_by, b.counts, b.undone_at, b.undone_by,
  (coalesce((b.counts::jsonb ->> 'inserted')::bigint, 0) + coalesce((b.counts::jsonb ->> 'updated')::bigint, 0)) AS changes
  FROM import_batches b`;
const selectBatch = (db: DataDoor) => dialect(db, { sqlite: SELECT_BATCH, postgres: SELECT_BATCH_PG });

function batchFromRow(r: BatchRow): StoredBatch {
  return {
    id: r.id,
    kind: r.kind,
    fileName: r.file_name,
    createdAt: r.created_at,
    createdBy: r.created_by,
    counts: JSON.parse(r.counts) as Record<string, number>,
    undoneAt: r.undone_at,
    undoneBy: r.undone_by,
    changes: r.changes,
  };
}

/** A new batch of an Excel import; its counts are set when it commits. */
export function insertExcelBatch(
  db: DataDoor,
  b: { kind: string; fileName: string; at: string; by: string },
): number {
  return runInsert(
    db,
    sql`INSERT INTO import_batches (kind, source, file_name, created_at, created_by)
        VALUES (${b.kind}, 'excel', ${b.fileName}, ${b.at}, ${b.by})`,
  ).newId;
}

export function setBatchCounts(db: DataDoor, batchId: number, counts: object): void {
  run(db, sql`UPDATE import_batches SET counts = ${JSON.stringify(counts)} WHERE id = ${batchId}`);
}

export function countBatches(db: DataDoor): number {
  return value<number>(db, sql`SELECT count(*) FROM import_batches`) ?? 0;
}

/** Newest first. */
export function batchPage(db: DataDoor, page: { offset: number; limit: number }): StoredBatch[] {
  return all<BatchRow>(
    db,
    sql`${selectBatch(db)} ORDER BY b.id DESC LIMIT ${page.limit} OFFSET ${page.offset}`,
  ).map(batchFromRow);
}

export function batchById(db: DataDoor, batchId: number): StoredBatch | undefined {
  const r = get<BatchRow>(db, sql`${selectBatch(db)} WHERE b.id = ${batchId}`);
  return r ? batchFromRow(r) : undefined;
}

export function markBatchUndone(db: DataDoor, batchId: number, at: string, by: string): void {
  run(db, sql`UPDATE import_batches SET undone_at = ${at}, undone_by = ${by} WHERE id = ${batchId}`);
}
