/**
 * Reading spreadsheets — the Node half (SPEC §7). For the import pipeline (H4):
 *
 *   import { readSpreadsheet } from '../read/index.ts';
 *   const read = readSpreadsheet(bytes, fileName);     // never throws
 *   if (!read.ok) return a failure with read.message  // Chinese, tells the user what to do
 *   read.format ('xlsx' | 'xls' | 'et' | 'ods' | 'csv' | …), read.date1904, read.sheets[i].rows (Cell[][])
 *
 * The format comes from the bytes (magic numbers), not the extension. CSV/TXT: encoding detected (BOM,
 * strict UTF-8, else GB18030 — a superset of GBK), delimiter detected, every value kept as text so codes
 * never lose digits. Zip-based files (xlsx, ods) are checked entry by entry before SheetJS inflates them:
 * declared sizes, compression ratio and the real inflated size (a lying header is caught), so a zip bomb
 * ends with a message, not an out-of-memory crash. Encrypted files, broken files and files over the
 * limits (ReadLimits) end with a Chinese message. Then use shared/exchange (detectHeader, normalizeRow).
 *
 * readSpreadsheetFile(path) is the same for a file on disk (size checked before reading it).
 *
 * USE readSpreadsheetGuarded / readSpreadsheetFileGuarded (async) FOR USER FILES: the same read in a worker thread with a time limit (default
 * 180 s, code 'timeout') and a heap limit (code 'too-large'). SheetJS can spend minutes on some damaged
 * .xls/.ods files (found by the fuzz test), and only a worker can be stopped. readSpreadsheet (sync, in
 * the calling thread) is for trusted input such as files we generated ourselves.
 * Bundling note: the worker entry is reader-worker.ts; a bundle must emit it as its own entry and pass
 * its URL as `workerUrl` (from TypeScript sources it is found beside guarded.ts). If it cannot start,
 * the read falls back to in-process with a warning.
 */
export { readSpreadsheet, readSpreadsheetFile } from './read.ts';
export { type GuardOptions, readSpreadsheetFileGuarded, readSpreadsheetGuarded } from './guarded.ts';
export { DEFAULT_LIMITS } from './limits.ts';
export { sniffFormat, type Sniffed } from './sniff.ts';
export { decodeText, parseCsv } from './csv.ts';
export { inspectZip, type ZipEntryInfo } from './zip-guard.ts';
export type {
  CsvEncoding,
  ReadError,
  ReadErrorCode,
  ReadLimits,
  ReadOk,
  ReadOptions,
  ReadResult,
  SheetData,
  SpreadsheetFormat,
} from './types.ts';
