/**
 * CSV and tab-separated text (SPEC §7: UTF-8 with or without BOM, GBK/GB18030 — detected). Parsed here
 * rather than by SheetJS so that every value stays text: SheetJS would turn an 18-digit code into a
 * number and lose its last digits, and reads BOM-less UTF-8 as Latin-1 mojibake.
 */
import type { Cell } from '../../../../shared/exchange/index.ts';
import type { CsvEncoding } from './types.ts';

export interface DecodedText {
  text: string;
  encoding: CsvEncoding;
}

/**
 * BOM first; then strict UTF-8 (GBK bytes are almost never valid UTF-8 in Chinese text); else GB18030,
 * which decodes GBK and GB2312 as well (WHATWG maps the 'gbk' label to the same decoder).
 */
export function decodeText(bytes: Uint8Array): DecodedText {
  if (bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf) {
    return { text: new TextDecoder('utf-8').decode(bytes.subarray(3)), encoding: 'utf-8-bom' };
  }
  if (bytes[0] === 0xff && bytes[1] === 0xfe) {
    return { text: new TextDecoder('utf-16le').decode(bytes.subarray(2)), encoding: 'utf-16le' };
  }
  if (bytes[0] === 0xfe && bytes[1] === 0xff) {
    return { text: new TextDecoder('utf-16be').decode(bytes.subarray(2)), encoding: 'utf-16be' };
  }
  try {
    return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes), encoding: 'utf-8' };
  } catch {
    return { text: new TextDecoder('gb18030').decode(bytes), encoding: 'gb18030' };
  }
}

/** The delimiter used most on the first line outside quotes: comma, tab or semicolon (comma on ties). */
export function detectDelimiter(text: string): string {
  const counts = new Map<string, number>([
    [',', 0],
    ['\t', 0],
    [';', 0],
  ]);
  let quoted = false;
  for (let i = 0; i < text.length && i < 64 * 1024; i++) {
    const ch = text[i]!;
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && counts.has(ch)) counts.set(ch, counts.get(ch)! + 1);
  }
  let best = ',';
  for (const [d, n] of counts) if (n > counts.get(best)!) best = d;
  return best;
}

export interface CsvLimits {
  maxRows: number;
  maxColumns: number;
  /** Most non-trailing cells in all rows together (ReadLimits.maxCells); none when absent. */
  maxCells?: number;
}

export type CsvResult =
  | { ok: true; rows: Cell[][]; columnCount: number }
  | { ok: false; tooMany: 'rows' | 'columns' | 'cells'; cells?: number; rows?: number };

/**
 * RFC 4180 with the usual leniencies: CRLF, LF or CR line ends; a quote inside an unquoted field is
 * literal; an unterminated quote runs to the end of the file. Empty fields are null; trailing empty
 * fields are dropped. Linear time, no regular expressions (no ReDoS on hostile input).
 */
export function parseCsv(text: string, limits: CsvLimits, delimiter = detectDelimiter(text)): CsvResult {
  const rows: Cell[][] = [];
  let row: Cell[] = [];
  let field = '';
  let quoted = false;
  let wasQuoted = false;
  let columnCount = 0;
  let cells = 0;
  const n = text.length;

  const endField = (): boolean => {
    row.push(field === '' && !wasQuoted ? null : field);
    field = '';
    wasQuoted = false;
    return row.length <= limits.maxColumns;
  };
  const endRow = (): boolean => {
    while (row.length > 0 && (row[row.length - 1] === null || row[row.length - 1] === '')) row.pop();
    if (row.length > columnCount) columnCount = row.length;
    cells += row.length;
    rows.push(row);
    row = [];
    return rows.length <= limits.maxRows;
  };
  const tooManyCells = (): boolean => cells > (limits.maxCells ?? Number.POSITIVE_INFINITY);

  for (let i = 0; i < n; i++) {
    const ch = text[i]!;
    if (quoted) {
      if (ch === '"') {
        if (text[i + 1] === '"') {
          field += '"';
          i++;
        } else quoted = false;
      } else field += ch;
      continue;
    }
    if (ch === '"' && field === '' && !wasQuoted) {
      quoted = true;
      wasQuoted = true;
    } else if (ch === delimiter) {
      if (!endField()) return { ok: false, tooMany: 'columns' };
    } else if (ch === '\n' || ch === '\r') {
      if (ch === '\r' && text[i + 1] === '\n') i++;
      if (!endField()) return { ok: false, tooMany: 'columns' };
      if (!endRow()) return { ok: false, tooMany: 'rows' };
      if (tooManyCells()) return { ok: false, tooMany: 'cells', cells, rows: rows.length };
    } else field += ch;
  }
  if (field !== '' || wasQuoted || row.length > 0) {
    if (!endField()) return { ok: false, tooMany: 'columns' };
    if (!endRow()) return { ok: false, tooMany: 'rows' };
  }
  while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
  return { ok: true, rows, columnCount };
}
