/**
 * From a staged file to a mapped sheet: read it (electron/services/exchange/read), choose the sheet,
 * find the header, and apply the mapping — the user's, else the one remembered for this header, else the
 * detected one. Pure reading: nothing is written here.
 */
import { closeSync, openSync, readSync, statSync } from 'node:fs';
import { ApiError } from '../../../../shared/api/errors.ts';
import type { MappingInput } from '../../../../shared/api/contracts/exchange.ts';
import {
  applyMapping,
  type Cell,
  chooseSheet,
  detectHeader,
  HEADER_SCAN_ROWS,
  type HeaderDetection,
  headerSignature,
  type ImportKind,
  mapColumns,
} from '../../../../shared/exchange/index.ts';
import type { DataDoor } from '../../../db/sql.ts';
import type { JobControl } from '../../jobs.ts';
import { type ReadOk, readSpreadsheetFile, readSpreadsheetFileGuarded } from '../read/index.ts';
import { openRowStream, type RowStream } from '../read/streamed/row-stream.ts';
import { rememberedMapping } from './mappings.ts';
import { cachedStaged, setCachedStaged, stagedCacheKey } from './staged-cache.ts';

export interface Prepared {
  fileName: string;
  /** While `stream` runs, its one sheet's rows are still arriving (see completeRead). */
  read: ReadOk;
  sheetIndex: number;
  detection: HeaderDetection;
  /** The streamed read still under way, if the file is read that way (read/streamed/row-stream.ts). */
  stream?: StreamedRead;
}

interface StreamedRead {
  rows: RowStream;
  /** The staged cache's key of the file, for the whole read once it arrived. */
  key: string;
  path: string;
}

/**
 * From this size on, an .xlsx is read in a worker while the import takes its rows (about 10,000 rows
 * of a list): below it, starting the thread and loading its modules cost more than the overlap saves.
 */
export const STREAM_MIN_BYTES = 2 * 1024 * 1024;
/**
 * Rows taken before the header is looked for: the rows detectHeader scans (HEADER_SCAN_ROWS) and the
 * blank or hint rows after a header it looks past, with room to spare.
 */
const HEAD_ROWS = HEADER_SCAN_ROWS + 34;

/**
 * Takes the rest of a streamed read and keeps it as the staged file's read, so a commit after a
 * preview reuses it as for a file read whole. Throws the read's failure, or StreamDeclined.
 */
export function completeRead(prep: Prepared, idle?: () => void): void {
  const s = prep.stream;
  if (!s) return;
  prep.stream = undefined;
  try {
    s.rows.finish(idle);
  } finally {
    s.rows.close();
  }
  setCachedStaged({ key: s.key, path: s.path, read: prep.read });
}

/** Stops a streamed read left unfinished (an error, a cancel); nothing is cached. */
export function abandonRead(prep: Prepared): void {
  prep.stream?.rows.close();
  prep.stream = undefined;
}

/** Legacy OLE compound files (.xls, WPS .et): SheetJS's BIFF formula parser can loop on damaged ones. */
function isCompoundFile(path: string): boolean {
  const head = Buffer.alloc(8);
  const fd = openSync(path, 'r');
  try {
    readSync(fd, head, 0, 8, 0);
  } finally {
    closeSync(fd);
  }
  return head.equals(Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]));
}

/**
 * Reads a staged file a user picked before the synchronous steps use it. Legacy .xls/.et files are read
 * in a worker with a time limit, because SheetJS can loop forever on some damaged ones (found by the
 * fuzz test); zip-based and text formats are already guarded before SheetJS sees them and are read
 * here, which keeps the 100,000-row import's memory lower (no copy back from a worker).
 */
export async function loadStaged(path: string): Promise<void> {
  const key = stagedCacheKey(path);
  if (cachedStaged(key) !== null || !isCompoundFile(path)) return;
  setCachedStaged(null);
  const read = await readSpreadsheetFileGuarded(path);
  if (!read.ok) throw new ApiError('invalid_input', read.message);
  setCachedStaged({ key, path, read });
}

/** Rows read, shown while a large .xlsx streams in (the progress bar's own stage). */
const READING = '正在读取文件';

export function readStaged(path: string, job?: JobControl): ReadOk {
  const key = stagedCacheKey(path);
  const cached = cachedStaged(key);
  if (cached !== null) return cached;
  setCachedStaged(null); // drop the previous workbook before parsing the next one
  const read = readSpreadsheetFile(
    path,
    job ? { onProgress: (done, expected) => job.progress(done, expected, READING) } : {},
  );
  if (!read.ok) throw new ApiError('invalid_input', read.message);
  setCachedStaged({ key, path, read });
  return read;
}

/**
 * The header at a row the user named (or whose signature has a remembered mapping), even when none of
 * its labels is known — the user then maps every column by hand.
 */
function headerAt(rows: readonly (readonly Cell[])[], kind: ImportKind, headerRow: number): HeaderDetection {
  const detected = detectHeader(rows, kind, { headerRow });
  if (detected.found) return detected;
  const columns = mapColumns(kind, rows[headerRow] ?? []);
  const bare: HeaderDetection = {
    found: true,
    headerRow,
    dataStart: headerRow + 1,
    columns,
    missingRequired: [],
    confidence: 0,
    skipped: [],
    signature: headerSignature(columns.map((c) => c.header)),
  };
  return applyMapping(kind, bare, []);
}

/** A row among the first ones whose header a person mapped before (known labels or not). */
function rememberedHeader(
  db: DataDoor,
  rows: readonly (readonly Cell[])[],
  kind: ImportKind,
): HeaderDetection | null {
  for (let r = 0; r < Math.min(rows.length, HEADER_SCAN_ROWS); r++) {
    const row = rows[r] ?? [];
    if (row.length === 0) continue;
    const saved = rememberedMapping(db, kind, headerSignature(mapColumns(kind, row).map((c) => c.header)));
    if (saved) return applyMapping(kind, headerAt(rows, kind, r), saved);
  }
  return null;
}

/**
 * Starts the streamed read of a large .xlsx not read before, with the rows its header needs taken;
 * null when the file is read whole.
 */
function startStream(
  path: string,
  minBytes: number,
  anyLoad: boolean,
  headerRow: number | undefined,
): StreamedRead | null {
  const key = stagedCacheKey(path);
  if (cachedStaged(key) !== null || statSync(path).size < minBytes) return null;
  setCachedStaged(null); // drop the previous workbook before reading the next one
  const rows = openRowStream(path, { anyLoad });
  if (!rows) return null;
  try {
    rows.fill(Math.max(HEAD_ROWS, (headerRow ?? 0) + HEAD_ROWS));
  } catch (e) {
    rows.close();
    throw e;
  }
  return { rows, key, path };
}

export interface PrepareOptions {
  sheet?: string | undefined;
  mapping?: MappingInput | undefined;
  headerRow?: number | undefined;
  job?: JobControl | undefined;
  /**
   * From this file size on (bytes), read a one-sheet .xlsx in a worker while the import takes its rows
   * (the caller then ends it with completeRead or abandonRead, and starts again reading whole on
   * StreamDeclined). Default: never.
   */
  streamFrom?: number | undefined;
  /** Stream whatever the machine's load (tests); default only with a core to spare. */
  streamAnyLoad?: boolean | undefined;
}

export function prepareImport(
  db: DataDoor,
  file: { path: string; fileName: string },
  kind: ImportKind,
  opts: PrepareOptions,
): Prepared {
  const stream =
    opts.streamFrom !== undefined
      ? startStream(file.path, opts.streamFrom, opts.streamAnyLoad === true, opts.headerRow)
      : null;
  if (!stream) return prepareRead(db, file.fileName, readStaged(file.path, opts.job), kind, opts);
  try {
    const prep = prepareRead(db, file.fileName, stream.rows.read, kind, opts);
    prep.stream = stream;
    // No import will run: the preview shows the whole sheet, as for a file read whole.
    if (!prep.detection.found || prep.detection.missingRequired.length > 0) {
      completeRead(prep);
      return prepareRead(db, file.fileName, prep.read, kind, opts);
    }
    return prep;
  } catch (e) {
    stream.rows.close();
    throw e;
  }
}

function prepareRead(
  db: DataDoor,
  fileName: string,
  read: ReadOk,
  kind: ImportKind,
  opts: PrepareOptions,
): Prepared {
  if (read.sheets.length === 0) throw new ApiError('invalid_input', '文件中没有工作表。');
  let sheetIndex: number;
  if (opts.sheet !== undefined) {
    sheetIndex = read.sheets.findIndex((s) => s.name === opts.sheet);
    if (sheetIndex < 0) throw new ApiError('invalid_input', `文件中没有名为「${opts.sheet}」的工作表。`);
  } else {
    sheetIndex = chooseSheet(read.sheets, kind)?.index ?? 0;
  }
  const rows = read.sheets[sheetIndex]!.rows;
  let detection =
    opts.headerRow !== undefined ? headerAt(rows, kind, opts.headerRow - 1) : detectHeader(rows, kind);
  if (detection.found) {
    if (opts.mapping) {
      const fields: (string | null | undefined)[] = [];
      for (const m of opts.mapping) fields[m.index] = m.field;
      detection = applyMapping(kind, detection, fields);
    } else {
      const saved = rememberedMapping(db, kind, detection.signature);
      if (saved) detection = applyMapping(kind, detection, saved);
    }
  } else {
    detection = rememberedHeader(db, rows, kind) ?? detection;
  }
  return { fileName, read, sheetIndex, detection };
}
