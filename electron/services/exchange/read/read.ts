/**
 * readSpreadsheet: bytes + file name → sheets of cells, or a Chinese message. Never throws: every
 * failure path — unknown format, encryption, zip bombs, limits, a SheetJS exception — becomes a
 * ReadError the import wizard can show as is.
 */
import { readFileSync, statSync } from 'node:fs';
import { parseCsv, decodeText } from './csv.ts';
import { resolveLimits } from './limits.ts';
import { readXlsxFast } from './fast-xlsx/read-xlsx-fast.ts';
import { fail, MSG, zipRefusal } from './messages.ts';
import { extensionOf, sniffFormat } from './sniff.ts';
import type { ReadOptions, ReadResult, SpreadsheetFormat } from './types.ts';
import { readWorkbook } from './workbook.ts';
import { inspectZip, readDirectory } from './zip-guard.ts';

const TEXT_EXTENSIONS = new Set(['csv', 'txt', 'tsv', 'text', '']);
const SPREADSHEET_EXTENSIONS = new Set([
  'xlsx',
  'xlsm',
  'xlsb',
  'xls',
  'et',
  'ett',
  'ods',
  'xml',
  'htm',
  'html',
]);

/** Names inside a zip that tell the format apart. */
export function zipFormat(names: readonly string[], bytes: Uint8Array): SpreadsheetFormat | null {
  const set = new Set(names.map((n) => n.toLowerCase()));
  if (set.has('mimetype')) {
    const head = new TextDecoder('latin1').decode(bytes.subarray(30, 120));
    if (head.includes('opendocument.spreadsheet')) return 'ods';
  }
  if (set.has('content.xml') && set.has('meta-inf/manifest.xml')) return 'ods';
  if ([...set].some((n) => n.endsWith('workbook.bin'))) return 'xlsb';
  if (set.has('[content_types].xml')) return 'xlsx';
  return null;
}

function readCsv(bytes: Uint8Array, opts: ReadOptions): ReadResult {
  const limits = resolveLimits(opts.limits);
  const { text, encoding } = decodeText(bytes);
  const maxRows = Math.min(limits.maxRows, opts.previewRows ?? Number.POSITIVE_INFINITY);
  const parsed = parseCsv(text, { maxRows, maxColumns: limits.maxColumns, maxCells: limits.maxCells });
  if (!parsed.ok) {
    if (parsed.tooMany === 'cells')
      return fail('too-large', MSG.tooManyCells(parsed.cells ?? 0, parsed.rows ?? 0, limits.maxCells));
    if (parsed.tooMany === 'columns')
      return fail('too-many-columns', MSG.tooManyColumns('CSV', limits.maxColumns));
    if (opts.previewRows === undefined) return fail('too-many-rows', MSG.tooManyRows('CSV', limits.maxRows));
  }
  const rows = parsed.ok ? parsed.rows : [];
  const warnings: string[] = [];
  if (encoding === 'gb18030')
    warnings.push('文件按 GBK/GB18030 编码读取（不是 UTF-8）；若中文显示为乱码，请另存为 UTF-8 后重新导入');
  if (text.includes('\uFFFD'))
    warnings.push('文件中有无法识别的字符（显示为 �），可能是编码不一致或文件已损坏，请核对相关行');
  return {
    ok: true,
    format: 'csv',
    encoding,
    date1904: false,
    sheets: [{ name: 'CSV', hidden: false, rows, columnCount: parsed.ok ? parsed.columnCount : 0 }],
    warnings,
  };
}

function readBook(bytes: Uint8Array, format: SpreadsheetFormat, opts: ReadOptions): ReadResult {
  const wb = readWorkbook(bytes, {
    limits: resolveLimits(opts.limits),
    sheets: opts.sheets,
    previewRows: opts.previewRows,
  });
  if (!wb.ok) return wb;
  return { ok: true, format, date1904: wb.date1904, sheets: wb.sheets, warnings: wb.warnings };
}

function readUnsafe(bytes: Uint8Array, fileName: string, opts: ReadOptions): ReadResult {
  const limits = resolveLimits(opts.limits);
  const ext = extensionOf(fileName);
  if (bytes.length === 0) return fail('empty', MSG.empty);
  if (bytes.length > limits.maxFileBytes)
    return fail('too-large', MSG.tooLarge(bytes.length, limits.maxFileBytes));
  const sniffed = sniffFormat(bytes);
  switch (sniffed.kind) {
    case 'empty':
      return fail('empty', MSG.empty);
    case 'zip': {
      // The common .xlsx streams through our own reader; anything it declines, and every other zip
      // format, goes through the guard and SheetJS as before.
      const dir = readDirectory(bytes, limits);
      let declined: string | null = null;
      if (
        dir.ok &&
        zipFormat(
          dir.entries.map((e) => e.name),
          bytes,
        ) === 'xlsx'
      ) {
        const fast = readXlsxFast(bytes, opts, limits);
        if (!('declined' in fast)) return fast;
        declined = fast.declined;
      }
      const z = inspectZip(bytes, limits);
      if (!z.ok) return zipRefusal(z, bytes.length, limits.maxFileBytes);
      if (z.cells > limits.maxCells)
        return fail('too-large', MSG.tooManyCells(z.cells, z.rows, limits.maxCells));
      const format = zipFormat(
        z.entries.map((e) => e.name),
        bytes,
      );
      if (!format) return fail('unsupported', MSG.unsupported(ext));
      const book = readBook(bytes, format, opts);
      if (book.ok && declined !== null) book.fastPath = { declined };
      return book;
    }
    case 'cfb':
      // WPS .et files are BIFF8 compound files too; an encrypted .xlsx is a compound file holding
      // EncryptionInfo + EncryptedPackage streams — SheetJS reports it as password-protected.
      return readBook(bytes, ext === 'et' || ext === 'ett' ? 'et' : 'xls', opts);
    case 'biff':
      return readBook(bytes, 'xls', opts);
    case 'xml':
      return readBook(bytes, 'xml', opts);
    case 'html':
      return readBook(bytes, 'html', opts);
    case 'text':
      if (!TEXT_EXTENSIONS.has(ext) && !SPREADSHEET_EXTENSIONS.has(ext))
        return fail('unsupported', MSG.unsupported(ext));
      return readCsv(bytes, opts);
    case 'binary':
      if (TEXT_EXTENSIONS.has(ext) && ext !== '') return fail('unsupported', MSG.notText);
      return fail(
        SPREADSHEET_EXTENSIONS.has(ext) ? 'corrupt' : 'unsupported',
        SPREADSHEET_EXTENSIONS.has(ext) ? MSG.corrupt('') : MSG.unsupported(ext),
      );
  }
}

/** Read a spreadsheet from memory. Never throws. */
export function readSpreadsheet(bytes: Uint8Array, fileName: string, opts: ReadOptions = {}): ReadResult {
  try {
    return readUnsafe(bytes, fileName, opts);
  } catch (e) {
    // Last line of defence: a parser bug (stack overflow, RangeError on a hostile length) is a bad file.
    const detail = e instanceof Error ? e.message : String(e);
    return fail('corrupt', MSG.corrupt(detail.slice(0, 120)));
  }
}

/** Read a spreadsheet from disk; the size is checked before the file is loaded. Never throws. */
export function readSpreadsheetFile(path: string, opts: ReadOptions = {}): ReadResult {
  const limits = resolveLimits(opts.limits);
  try {
    const size = statSync(path).size;
    if (size > limits.maxFileBytes) return fail('too-large', MSG.tooLarge(size, limits.maxFileBytes));
    const bytes = readFileSync(path);
    return readSpreadsheet(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), path, opts);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('unsupported', `找不到文件：${path}`);
    if (code === 'EACCES' || code === 'EPERM') return fail('unsupported', `没有权限读取文件：${path}`);
    return fail('corrupt', MSG.corrupt(e instanceof Error ? e.message.slice(0, 120) : ''));
  }
}
