/**
 * Validates and writes one import (SPEC §7). Every run — preview, dry run, commit — does the same work
 * inside one transaction: rows are normalised, applied to the database and counted; a preview or dry
 * run then rolls back, so its counts (inserted / updated / unchanged) are exactly what a commit would do,
 * including rows that repeat an identifier within the file. A cancel also rolls back: nothing is left.
 */
import { ApiError } from '../../../../shared/api/errors.ts';
import type { ImportCounts } from '../../../../shared/api/contracts/exchange.ts';
import {
  type Cell,
  IMPORT_KIND_LABELS,
  type ImportKind,
  isRepeatedHeader,
  type NormalizedRow,
  normalizeRow,
  type RowIssue,
} from '../../../../shared/exchange/index.ts';
import type { DataDoor } from '../../../db/sql.ts';
import { appendAudit } from '../../audit/log.ts';
import type { IdentifierValue } from '../../../../shared/exchange/normalize/identifier.ts';
import { type Actor, authorize } from '../../authz.ts';
import { coverAnnualReportOf } from '../../grading/repository/coverage.ts';
import { regradeChanged } from '../regrade.ts';
import { type JobControl, NO_JOB, rowReporter } from '../../jobs.ts';
import { restoreNeutralized } from '../export/formula-injection.ts';
import { recordAfterImages } from '../repository/after-images.ts';
import { insertExcelBatch, setBatchCounts } from '../repository/batches.ts';
import { deferEntityIndexing } from '../repository/deferred-index.ts';
import { deferIndexesOfLoad, lookupSliceRows, withLoadCache } from '../repository/engine.ts';
import { isConstraintViolation } from '../repository/errors.ts';
import { createImportStore, type Outcome } from '../repository/import-store.ts';
import { createPlanResultStore } from '../repository/plan-results.ts';
import { createReferenceRows } from '../repository/reference-rows.ts';
import { unitOfWork } from '../repository/unit-of-work.ts';
import { APPLIERS, type Applier, type ApplyContext } from './kinds.ts';
import { rememberMapping } from './mappings.ts';
import { completeRead, type Prepared } from './prepare.ts';
import { CompactRows, type StagedRow } from './compact-rows.ts';
import { keepStagedRows, stagedRowsKey, takeStagedRows } from './staged-rows.ts';

export type RowStatus = 'error' | 'warning' | 'ok';

export interface RowResult {
  /** 0-based sheet row index. */
  index: number;
  status: RowStatus;
  outcome: Outcome | 'skipped';
  issues: RowIssue[];
}

export interface ImportRun {
  counts: ImportCounts;
  batchId: number | null;
  /** Every row with an error or a warning, plus the first OK_ROWS_KEPT rows without, in sheet order. */
  rows: RowResult[];
}

export const OK_ROWS_KEPT = 50;
/** From this many rows on, an entity import builds the name indexes in bulk at the end. */
export const DEFER_INDEX_ROWS = 1000;
/**
 * From this many rows on, the import writes with the large page cache: about where a list's pages
 * (≈ 1.3 KB an entity with its index entries) outgrow the default 64 MiB cache. Below it the default
 * cache already holds them, and uncommitted pages may spill to the WAL as usual.
 */
export const LARGE_CACHE_ROWS = 40_000;

export interface RunOptions {
  mode: 'preview' | 'commit';
  at: string;
  /** Told the progress about every 200 ms while rows are processed; a cancel rolls the transaction back. */
  job?: JobControl;
}

class Rollback extends Error {}

/** The codes a slice of entity rows names, for one lookup per code column. */
function sliceCodes(slice: readonly { n: NormalizedRow }[]): { uscc: string[]; regNo: string[] } {
  const uscc: string[] = [];
  const regNo: string[] = [];
  for (const { n } of slice) {
    for (const v of [n.values.id, n.values.regNo] as (IdentifierValue | null | undefined)[]) {
      if (!v) continue;
      if (v.kind === 'uscc') uscc.push(v.code);
      else if (v.kind === 'regno15' || v.kind === 'regno13') regNo.push(v.code);
    }
  }
  return { uscc, regNo };
}

export function supportedKinds(): ImportKind[] {
  return Object.keys(APPLIERS) as ImportKind[];
}

function unsupported(kind: ImportKind): ApiError {
  return new ApiError('invalid_input', `暂不支持导入「${IMPORT_KIND_LABELS[kind]}」。`);
}

/** Cells as read, with the apostrophe our exports put before formula-like text taken off again. */
function cleanCells(cells: readonly Cell[]): readonly Cell[] {
  // Most rows have no such cell: they are passed on as they are, without a copy.
  if (!cells.some((c) => typeof c === 'string' && c.startsWith("'"))) return cells;
  return cells.map((c) => (typeof c === 'string' && c.startsWith("'") ? restoreNeutralized(c) : c));
}

export function runImport(
  db: DataDoor,
  actor: Actor,
  kind: ImportKind,
  prep: Prepared,
  opts: RunOptions,
): ImportRun {
  authorize(actor, 'exchange.import');
  const found = APPLIERS[kind];
  if (!found) throw unsupported(kind);
  const applier: Applier = found;
  const det = prep.detection;
  if (!det.found) throw new ApiError('invalid_input', det.message ?? '未找到表头。');
  if (det.missingRequired.length > 0) {
    throw new ApiError('invalid_input', det.message ?? `缺少必填列：${det.missingRequired.join('、')}`);
  }
  const sheet = prep.read.sheets[prep.sheetIndex]!;
  const ctxCells = { date1904: prep.read.date1904 };
  const mapped = new Map(det.columns.filter((c) => c.field).map((c) => [c.field!, c]));
  // A streamed read is still under way: its total is what the sheet announces (rows read so far if
  // it announces none), and its rows arrive as the loop below asks for them.
  const stream = prep.stream?.rows ?? null;
  const total = Math.max(0, (stream ? stream.expectedRows() : sheet.rows.length) - det.dataStart);
  const counts: ImportCounts = { rows: 0, inserted: 0, updated: 0, unchanged: 0, warnings: 0, errors: 0 };
  const rows: RowResult[] = [];
  let batchId: number | null = null;
  const job = opts.job ?? NO_JOB;

  const work = () => {
    batchId = insertExcelBatch(db, { kind, fileName: prep.fileName, at: opts.at, by: actor.username });
    // Large entity lists: name indexes built in bulk at the end (see deferred-index.ts).
    const index = kind === 'entities' && total >= DEFER_INDEX_ROWS ? deferEntityIndexing(db, batchId) : null;
    // A list as large as the table it goes into: its other indexes built once at the end, sorted.
    const indexes = kind === 'entities' && total >= DEFER_INDEX_ROWS ? deferIndexesOfLoad(db, total) : null;
    const store = createImportStore(
      db,
      { id: batchId, at: opts.at, source: `导入：${prep.fileName}` },
      index ? { beforeUpdateOfNew: (id) => index.indexNow(id) } : {},
    );
    // A plan's result row names the record of its row: what the store holds is written first.
    const planResults = createPlanResultStore(db, () => store.writeHeld());
    const reference = createReferenceRows(db);
    const firstSeen = new Map<string, number>();
    let okKept = 0;
    job.progress(0, total);
    const report = rowReporter(job, total, 100);
    // Rows are normalised a slice at a time, so that an entity list looks its slice's codes up in
    // two statements instead of up to four lookups per row. A commit right after its preview takes
    // the rows the preview normalised; a preview keeps them for that commit.
    const rowsKey = stagedRowsKey(kind, prep.sheetIndex, det);
    const reused = opts.mode === 'commit' ? takeStagedRows(prep.read, rowsKey) : null;
    const kept = opts.mode === 'preview' ? new CompactRows() : null;
    let slice: StagedRow[] = [];
    let done = 0;
    const sliceRows = lookupSliceRows(db);
    const prefetch = store.prefetches(kind);
    // While the loop waits for rows of a streamed read: progress (by rows read) and cancel go on.
    const idle = () => {
      job.checkCancelled();
      job.progress(done, total);
    };
    const held = (upTo: number) => (stream ? stream.fill(upTo, idle) : sheet.rows.length);
    for (let from = det.dataStart, at = 0; from < held(from + sliceRows); from += sliceRows) {
      done = from - det.dataStart;
      const to = Math.min(sheet.rows.length, from + sliceRows);
      if (reused) {
        slice = [];
        for (; at < reused.length && reused.rowIndex(at) < to; at++) slice.push(reused.row(at));
        report(Math.floor((to - det.dataStart) / 100) * 100);
      } else {
        slice = [];
        for (let r = from; r < to; r++) {
          report(r - det.dataStart);
          const cells = sheet.rows[r] ?? [];
          if (cells.length === 0 || isRepeatedHeader(cells, det)) continue;
          const n = normalizeRow(kind, cleanCells(cells), det.columns, r, ctxCells);
          if (!n.blank) slice.push({ r, n });
        }
        if (kept) for (const { r, n } of slice) kept.push(r, n);
      }
      if (prefetch.entities) store.prefetchEntities(sliceCodes(slice));
      if (prefetch.records) store.prefetchRecords();
      const applied: Applied[] = [];
      for (const { r, n } of slice) applied.push(applyRow(r, n));
      // PostgreSQL writes the slice's rows now and may refuse some (SQLite refused them row by row).
      const refused = new Set(store.takeRefusedRows());
      for (const a of applied) tally(a, refused.has(a.r));
    }
    // The read's verdict, after every check of the whole file: a failure rolls all of this back.
    completeRead(prep, idle);
    if (kept) keepStagedRows(prep.read, rowsKey, kept);

    interface Applied {
      r: number;
      outcome: Outcome | null;
      issues: RowIssue[];
      issue: (field: string | null, severity: 'error' | 'warning', message: string) => void;
    }

    function refusal(issue: Applied['issue']): void {
      issue(
        kind === 'entities' ? 'id' : null,
        'error',
        kind === 'entities'
          ? '代码与库中另一市场主体的统一社会信用代码或注册号冲突，请核对'
          : '本行数据与库中已有数据冲突，请核对',
      );
    }

    function applyRow(r: number, n: NormalizedRow): Applied {
      const cells = sheet.rows[r] ?? [];
      store.beginRow(r);
      const issues = [...n.issues];
      const issue = (field: string | null, severity: 'error' | 'warning', message: string) => {
        issues.push({
          row: r + 1,
          column: field ? (mapped.get(field)?.letter ?? null) : null,
          field,
          severity,
          message,
        });
      };
      // The same identifier twice in one file: the later row wins, and the user is told.
      const id = n.values.id as IdentifierValue | null | undefined;
      const key = kind === 'entities' && id ? id.code : null;
      if (key) {
        const prev = firstSeen.get(key);
        if (prev !== undefined) issue('id', 'warning', `与第 ${prev} 行的代码重复，以本行为准`);
        else firstSeen.set(key, r + 1);
      }
      let outcome: Outcome | null = null;
      if (!n.hasErrors) {
        const ctx: ApplyContext = {
          db,
          actor,
          at: opts.at,
          batchId: batchId as number,
          store,
          planResults,
          reference,
          row: n,
          stated: (f) => {
            const c = mapped.get(f);
            return (
              c !== undefined &&
              cells[c.index] !== null &&
              cells[c.index] !== undefined &&
              String(cells[c.index]).trim() !== ''
            );
          },
          issue,
        };
        if (kind === 'annual_reports') {
          const batch = batchId as number;
          ctx.coveredAnnualReport = (entityId, year) => coverAnnualReportOf(db, batch, entityId, year);
        }
        try {
          // Kinds written row by row through another area's services (inspectors, 回避, items, the
          // calendar, repair cases) write inside that service's own unit of work, nested here: a
          // savepoint, so a row the database refuses is undone alone and, on PostgreSQL, does not
          // abort the import's transaction. The other kinds' writes are held by the store.
          outcome = applier(ctx);
        } catch (e) {
          // A constraint of the database or a row the writing service refuses stops this row only.
          if (isConstraintViolation(e)) refusal(issue);
          else if (e instanceof ApiError && e.code === 'invalid_input') {
            issue(null, 'error', e.message);
          } else throw e;
        }
      }
      return { r, outcome, issues, issue };
    }

    /** Counts a row and keeps it for the preview; `refused`: the database did not take its writes. */
    function tally({ r, outcome, issues, issue }: Applied, refused: boolean): void {
      counts.rows++;
      if (refused) refusal(issue);
      const hasError = issues.some((i) => i.severity === 'error');
      const hasWarning = issues.some((i) => i.severity === 'warning');
      if (hasError || outcome === null) {
        if (!hasError) issue(null, 'error', '本行无法导入');
        counts.errors++;
      } else {
        counts[outcome]++;
        if (hasWarning) counts.warnings++;
      }
      const status: RowStatus = hasError || outcome === null ? 'error' : hasWarning ? 'warning' : 'ok';
      // Rows without problems are kept only as a sample for the preview: 100,000 of them would cost
      // memory for nothing.
      if (status !== 'ok' || okKept++ < OK_ROWS_KEPT) {
        rows.push({ index: r, status, outcome: status === 'error' ? 'skipped' : outcome!, issues });
      }
    }
    job.progress(total, total);
    // A preview rolls back: the name indexes built at the end would be thrown away unread.
    if (opts.mode !== 'commit') throw new Rollback();
    // The steps after the rows are set-based, each long at 100,000 entities: each says what it does.
    indexes?.rebuild((built, of) => job.progress(built, of, '正在建立索引'));
    job.progress(0, 0, '正在建立名称索引');
    index?.finish((done, of) => job.progress(done, of, '正在建立名称索引'));
    setBatchCounts(db, batchId, counts);
    rememberMapping(db, kind, det, opts.at);
    job.progress(0, store.changedEntities.size, '正在更新信用评价');
    regradeChanged(db, store.changedEntities, opts.at, (done, of) =>
      job.progress(done, of, '正在更新信用评价'),
    );
    job.progress(total, total, '正在记录导入结果');
    recordAfterImages(db, batchId); // last: undo checks the rows are still exactly like this
    appendAudit(db, {
      at: opts.at,
      actor: actor.username,
      action: 'exchange.import',
      target: `batch:${batchId}`,
      detail: { kind, fileName: prep.fileName, sheet: sheet.name, ...counts },
    });
    // The commit writes every changed page in one call (a second or more at 100,000 rows).
    job.progress(total, total, '正在保存');
  };

  try {
    // A large list touches its indexes in no useful order: with the default cache every insert would
    // evict a dirty page a later one needs again (written out, read back, decrypted).
    if (total >= LARGE_CACHE_ROWS) withLoadCache(db, () => unitOfWork(db, work));
    else unitOfWork(db, work);
  } catch (e) {
    if (!(e instanceof Rollback)) throw e;
    batchId = null;
  }
  return { counts, batchId, rows };
}
