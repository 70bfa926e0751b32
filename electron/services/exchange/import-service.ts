/**
 * The import use cases over a file on disk, shared by the backend handlers (staged uploads) and the
 * command line (a path): preview, commit, error report.
 */
import type { MappingInput, ImportPreview } from '../../../shared/api/contracts/exchange.ts';
import type { ImportKind } from '../../../shared/exchange/index.ts';
import type { DataDoor } from '../../db/sql.ts';
import { appendAudit } from '../audit/log.ts';
import { type Actor, authorize } from '../authz.ts';
import { type JobControl, NO_JOB } from '../jobs.ts';
import { writeErrorReport } from './import/error-report.ts';
import {
  abandonRead,
  completeRead,
  type Prepared,
  prepareImport,
  STREAM_MIN_BYTES,
} from './import/prepare.ts';
import { StreamDeclined } from './read/streamed/row-stream.ts';
import { buildPreview } from './import/preview.ts';
import { type ImportRun, runImport } from './import/run-import.ts';

export interface ImportRequest {
  file: { path: string; fileName: string };
  kind: ImportKind;
  sheet?: string | undefined;
  /** Excel row number of the header, when the user named it. */
  headerRow?: number | undefined;
  mapping?: MappingInput | undefined;
}

export interface StreamChoice {
  /**
   * From this file size on (bytes), a one-sheet .xlsx is read in a worker while the import takes its
   * rows (default STREAM_MIN_BYTES; tests stream small files with 0, Infinity never streams).
   */
  streamFrom?: number;
  /** Stream whatever the machine's load (tests); default only with a core to spare. */
  streamAnyLoad?: boolean;
}

/**
 * Prepares the request's file and runs `use` on it: a large one-sheet .xlsx streamed from a worker
 * while `use` takes its rows (prepare.ts), read whole and run again if the streamed read gives the
 * file up part-way (what `use` wrote then is rolled back: it runs in one transaction).
 */
function withPrepared<T>(
  db: DataDoor,
  req: ImportRequest,
  job: JobControl | undefined,
  stream: StreamChoice,
  use: (prep: Prepared) => T,
): T {
  let prep: Prepared | null = null;
  try {
    prep = prepareImport(db, req.file, req.kind, {
      ...req,
      job,
      streamFrom: stream.streamFrom ?? STREAM_MIN_BYTES,
      streamAnyLoad: stream.streamAnyLoad,
    });
    const result = use(prep);
    completeRead(prep);
    return result;
  } catch (e) {
    if (!(e instanceof StreamDeclined)) throw e;
  } finally {
    if (prep) abandonRead(prep);
  }
  return use(prepareImport(db, req.file, req.kind, { ...req, job }));
}

export function previewImport(
  db: DataDoor,
  actor: Actor,
  req: ImportRequest,
  at: string,
  job: JobControl = NO_JOB,
  opts: StreamChoice = {},
): ImportPreview {
  authorize(actor, 'exchange.import');
  return withPrepared(db, req, job, opts, (prep) => {
    const ready = prep.detection.found && prep.detection.missingRequired.length === 0;
    const run = ready ? runImport(db, actor, req.kind, prep, { mode: 'preview', at, job }) : null;
    return buildPreview(req.kind, prep, run);
  });
}

export function commitImport(
  db: DataDoor,
  actor: Actor,
  req: ImportRequest,
  at: string,
  opts: { dryRun?: boolean; job?: JobControl } & StreamChoice = {},
): ImportRun {
  authorize(actor, 'exchange.import');
  return withPrepared(db, req, opts.job, opts, (prep) =>
    runImport(db, actor, req.kind, prep, {
      mode: opts.dryRun ? 'preview' : 'commit',
      at,
      job: opts.job ?? NO_JOB,
    }),
  );
}

/**
 * Validates (without writing) and writes the error report to `path`. `run` may be given when the
 * caller just ran the import (the command line's --errors), to avoid a second pass.
 */
export function importErrorReport(
  db: DataDoor,
  actor: Actor,
  req: ImportRequest,
  path: string,
  at: string,
  run?: ImportRun,
): { rows: number; fileName: string } {
  authorize(actor, 'exchange.import');
  const prep = prepareImport(db, req.file, req.kind, req);
  const result = run ?? runImport(db, actor, req.kind, prep, { mode: 'preview', at });
  const written = writeErrorReport(req.kind, prep, result, path);
  // The report carries the rows' data out of the system: audited like an export.
  appendAudit(db, {
    at,
    actor: actor.username,
    action: 'exchange.errorReport',
    target: req.kind,
    detail: { fileName: written.fileName, source: req.file.fileName, rows: written.rows },
  });
  return written;
}
