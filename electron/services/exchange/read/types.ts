/** Types of the spreadsheet reader (see index.ts for how the import pipeline uses them). */
import type { Cell } from '../../../../shared/exchange/index.ts';

/** What the bytes turned out to be (from their content, not the file name). */
export type SpreadsheetFormat =
  | 'xlsx' // OOXML workbook (.xlsx/.xlsm; also WPS's .xlsx)
  | 'xlsb' // OOXML binary workbook
  | 'xls' // BIFF8 or BIFF5 in a compound file (.xls)
  | 'et' // WPS 表格 .et (a BIFF8 compound file with WPS extras)
  | 'ods' // OpenDocument spreadsheet
  | 'xml' // Excel 2003 XML spreadsheet (often saved as .xls by government systems)
  | 'html' // an HTML table saved as .xls (common in exports from web systems)
  | 'csv';

export type CsvEncoding = 'utf-8' | 'utf-8-bom' | 'utf-16le' | 'utf-16be' | 'gb18030';

export interface SheetData {
  name: string;
  /** Hidden or very hidden in Excel (still read; the wizard may list it last). */
  hidden: boolean;
  /** Row 0 = Excel row 1. Blank rows are [] so indexes stay Excel row numbers − 1. */
  rows: Cell[][];
  /** Widest row (cells). */
  columnCount: number;
}

export interface ReadOk {
  ok: true;
  format: SpreadsheetFormat;
  /** For CSV: the encoding detected. */
  encoding?: CsvEncoding;
  /** The workbook's date system: pass it to normalizeRow / parseDate as { date1904 }. */
  date1904: boolean;
  sheets: SheetData[];
  /** Chinese notes for the preview (e.g. “已忽略 2 个图表工作表”). */
  warnings: string[];
  /**
   * For .xlsx: whether the streaming reader read it ('streamed': in a worker while an import took its
   * rows, read/streamed/), or why it left the file to SheetJS (diagnostics and tests; never shown to
   * the user).
   */
  fastPath?: 'used' | 'streamed' | { declined: string };
}

/** Why a file could not be read. `message` is Chinese and tells the user what to do. */
export type ReadErrorCode =
  | 'empty'
  | 'too-large'
  | 'too-many-rows'
  | 'too-many-columns'
  | 'zip-bomb'
  | 'encrypted'
  | 'unsupported'
  | 'corrupt'
  | 'timeout';

export interface ReadError {
  ok: false;
  code: ReadErrorCode;
  message: string;
}

export type ReadResult = ReadOk | ReadError;

export interface ReadLimits {
  /** Largest file accepted, in bytes (default 100 MiB). */
  maxFileBytes: number;
  /** Largest total uncompressed size of a zip-based workbook (default 600 MiB). */
  maxUncompressedBytes: number;
  /** Largest compression ratio of one big zip entry (default 300: real sheets stay far below). */
  maxCompressionRatio: number;
  /** Most rows in one sheet (default 1,100,000 — Excel's own limit is 1,048,576). */
  maxRows: number;
  /** Most columns in one row (default 1,000). */
  maxColumns: number;
  /** Most zip entries (default 10,000). */
  maxZipEntries: number;
  /**
   * Most cells in a workbook's worksheets together (.xlsx counted before parsing, CSV while parsing;
   * default 3,000,000: 1.5× SPEC §10's 100,000 rows × 20 columns, which reads within its 1 GB).
   */
  maxCells: number;
}

export interface ReadOptions {
  limits?: Partial<ReadLimits>;
  /** Read only these sheets (by name); default all worksheets. */
  sheets?: readonly string[];
  /** Read at most this many rows per sheet (a preview); default all (up to limits.maxRows). */
  previewRows?: number;
  /**
   * Told the rows read so far while a large .xlsx streams in (about every 16 KiB of compressed data),
   * with the rows the sheets announce (0 when unknown). In-process reads only: a function cannot
   * cross into the guarded reader's worker thread. It must not throw (a throw ends the read as a
   * damaged file).
   */
  onProgress?: (rowsRead: number, rowsExpected: number) => void;
}
