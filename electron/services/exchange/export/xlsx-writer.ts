/**
 * A small streaming .xlsx writer (Office Open XML, SpreadsheetML) on top of fflate.
 *
 * Why our own: SheetJS CE writes no styles (so no "text" number format that keeps Excel from turning an
 * 18-digit code into 9.13E+17 when the user types into a template) and no data validation, and exceljs
 * does not install here. The subset needed is small: inline strings, numbers, three cell styles, column
 * widths, a frozen header, one merged banner row, a row of merged column-group headers, list validations,
 * formula cells with their computed value (the quarterly report's 完成率). Rows are streamed into a deflate
 * stream written straight to disk, so 100,000 rows never sit in memory as one string.
 */
import { closeSync, openSync, unlinkSync, writeSync } from 'node:fs';
import { Zip, ZipDeflate } from 'fflate';
import { neutralizeFormula } from './formula-injection.ts';

/**
 * A formula (without the leading `=`, in A1 references) and the value it computes, which is stored too:
 * readers that do not calculate (SheetJS, previews) show the value, Excel recalculates on opening.
 */
export interface XlsxFormula {
  formula: string;
  /** null: the formula gives empty text (a rate over zero). */
  value: number | null;
}

export type CellValue = string | number | boolean | null | undefined | XlsxFormula;

export function isFormula(v: CellValue): v is XlsxFormula {
  return typeof v === 'object' && v !== null;
}

export interface XlsxColumn {
  header: string;
  /** Width in characters (Excel's unit); defaults from the header length. */
  width?: number;
  /** Written with the 文本 number format, so Excel keeps codes and phones as typed (SPEC §7). */
  text?: boolean;
  /** Numbers shown as percentages (0.1234 → 12.34%). */
  percent?: boolean;
}

export interface XlsxSheet {
  name: string;
  columns: readonly XlsxColumn[];
  /** A first row above the header, merged across the columns (e.g. 内部资料 · 不对外公开). */
  banner?: string;
  /** A row of column-group headers above the column headers (检查结果, 后续处置 …), each merged over `span`. */
  groups?: readonly { header: string; span: number }[];
  /** Some cells are formulas: the workbook asks Excel to recalculate on opening. */
  formulas?: boolean;
  /** Drop-down lists: column index → an absolute range on another sheet, e.g. `'参数表'!$A$2:$A$6`. */
  validations?: readonly { column: number; range: string }[];
  /** How many empty styled rows to prepare below the header (blank templates). */
  blankRows?: number;
  rows: Iterable<readonly CellValue[]>;
}

const enc = new TextEncoder();
const FLUSH_BYTES = 1 << 20;

// Style indexes in styles.xml's cellXfs.
const S_TEXT = 1;
const S_HEADER = 2;
const S_BANNER = 3;
const S_PERCENT = 4;

export function columnLetter(index: number): string {
  let n = index + 1;
  let s = '';
  while (n > 0) {
    const m = (n - 1) % 26;
    s = String.fromCharCode(65 + m) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

// XML 1.0 forbids most C0 controls even escaped; a stray one would make Excel refuse the whole file.
// biome-ignore lint/suspicious/noControlCharactersInRegex: stripping control characters is the point
const INVALID_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]/g;

export function escapeXml(s: string): string {
  return s
    .replace(INVALID_XML, '')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;');
}

function cellXml(ref: string, v: CellValue, style: number): string {
  const s = style ? ` s="${style}"` : '';
  if (isFormula(v)) {
    // A formula with no number to show (a rate over zero) caches the empty text its IF gives.
    if (v.value === null || !Number.isFinite(v.value))
      return `<c r="${ref}"${s} t="str"><f>${escapeXml(v.formula)}</f><v></v></c>`;
    return `<c r="${ref}"${s}><f>${escapeXml(v.formula)}</f><v>${v.value}</v></c>`;
  }
  if (v === null || v === undefined || v === '') return style ? `<c r="${ref}"${s}/>` : '';
  if (typeof v === 'number' && Number.isFinite(v) && style !== S_TEXT)
    return `<c r="${ref}"${s}><v>${v}</v></c>`;
  if (typeof v === 'boolean') return `<c r="${ref}"${s} t="inlineStr"><is><t>${v ? '是' : '否'}</t></is></c>`;
  const text = typeof v === 'string' ? neutralizeFormula(v) : String(v);
  const space = /^\s|\s$|\n/.test(text) ? ' xml:space="preserve"' : '';
  return `<c r="${ref}"${s} t="inlineStr"><is><t${space}>${escapeXml(text)}</t></is></c>`;
}

class SheetStream {
  private parts: string[] = [];
  private size = 0;
  private readonly file: ZipDeflate;
  constructor(file: ZipDeflate) {
    this.file = file;
  }
  write(s: string): void {
    this.parts.push(s);
    this.size += s.length;
    if (this.size >= FLUSH_BYTES) this.flush();
  }
  flush(final = false): void {
    const bytes = enc.encode(this.parts.join(''));
    this.parts = [];
    this.size = 0;
    this.file.push(bytes, final);
  }
}

function sheetXml(sheet: XlsxSheet, out: SheetStream, onRow: () => void): void {
  const cols = sheet.columns;
  const last = columnLetter(Math.max(cols.length - 1, 0));
  const groupRow = sheet.groups ? (sheet.banner ? 2 : 1) : 0;
  const headerRow = (sheet.banner ? 1 : 0) + (sheet.groups ? 1 : 0) + 1;
  out.write(
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ' +
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">' +
      `<sheetViews><sheetView workbookViewId="0"><pane ySplit="${headerRow}" topLeftCell="A${headerRow + 1}" ` +
      'activePane="bottomLeft" state="frozen"/></sheetView></sheetViews>' +
      '<sheetFormatPr defaultRowHeight="15"/><cols>',
  );
  cols.forEach((c, i) => {
    const width = c.width ?? Math.max(10, Math.min(40, [...c.header].length * 2 + 4));
    const style = c.text ? ` style="${S_TEXT}"` : '';
    out.write(`<col min="${i + 1}" max="${i + 1}" width="${width}" customWidth="1"${style}/>`);
  });
  out.write('</cols><sheetData>');
  if (sheet.banner) {
    out.write(`<row r="1">${cellXml('A1', sheet.banner, S_BANNER)}</row>`);
  }
  const merges: string[] = [];
  if (sheet.banner && cols.length > 1) merges.push(`A1:${last}1`);
  if (sheet.groups) {
    let at = 0;
    let xml = `<row r="${groupRow}">`;
    for (const g of sheet.groups) {
      for (let i = 0; i < g.span; i++) {
        xml += cellXml(`${columnLetter(at + i)}${groupRow}`, i === 0 ? g.header : '', S_HEADER);
      }
      if (g.span > 1)
        merges.push(`${columnLetter(at)}${groupRow}:${columnLetter(at + g.span - 1)}${groupRow}`);
      at += g.span;
    }
    out.write(`${xml}</row>`);
  }
  out.write(
    `<row r="${headerRow}">${cols.map((c, i) => cellXml(`${columnLetter(i)}${headerRow}`, c.header, S_HEADER)).join('')}</row>`,
  );
  let r = headerRow;
  const letters = cols.map((_, i) => columnLetter(i));
  const styles = cols.map((c) => (c.text ? S_TEXT : c.percent ? S_PERCENT : 0));
  for (const row of sheet.rows) {
    r++;
    let xml = `<row r="${r}">`;
    for (let i = 0; i < row.length; i++) {
      xml += cellXml(`${letters[i] ?? columnLetter(i)}${r}`, row[i], styles[i] ?? 0);
    }
    out.write(`${xml}</row>`);
    onRow();
  }
  out.write('</sheetData>');
  if (merges.length > 0) {
    out.write(
      `<mergeCells count="${merges.length}">${merges.map((m) => `<mergeCell ref="${m}"/>`).join('')}</mergeCells>`,
    );
  }
  const validations = sheet.validations ?? [];
  if (validations.length > 0) {
    out.write(`<dataValidations count="${validations.length}">`);
    for (const v of validations) {
      const col = columnLetter(v.column);
      out.write(
        `<dataValidation type="list" allowBlank="1" showErrorMessage="1" errorTitle="输入有误" ` +
          `error="请从下拉列表中选择（可选值见「参数表」）" sqref="${col}${headerRow + 1}:${col}1048576">` +
          `<formula1>${escapeXml(v.range)}</formula1></dataValidation>`,
      );
    }
    out.write('</dataValidations>');
  }
  out.write(
    '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/></worksheet>',
  );
  out.flush(true);
}

const STYLES =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
  '<fonts count="3"><font><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>' +
  '<font><b/><sz val="11"/><name val="宋体"/><family val="3"/><charset val="134"/></font>' +
  '<font><b/><sz val="12"/><color rgb="FFC00000"/><name val="宋体"/><family val="3"/><charset val="134"/></font></fonts>' +
  '<fills count="3"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill>' +
  '<fill><patternFill patternType="solid"><fgColor rgb="FFDDEBF7"/><bgColor indexed="64"/></patternFill></fill></fills>' +
  '<borders count="2"><border><left/><right/><top/><bottom/><diagonal/></border>' +
  '<border><left style="thin"><color auto="1"/></left><right style="thin"><color auto="1"/></right>' +
  '<top style="thin"><color auto="1"/></top><bottom style="thin"><color auto="1"/></bottom><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>' +
  '<xf numFmtId="49" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/>' +
  '<xf numFmtId="49" fontId="1" fillId="2" borderId="1" xfId="0" applyNumberFormat="1" applyFont="1" applyFill="1" applyBorder="1"/>' +
  '<xf numFmtId="0" fontId="2" fillId="0" borderId="0" xfId="0" applyFont="1"/>' +
  '<xf numFmtId="10" fontId="0" fillId="0" borderId="0" xfId="0" applyNumberFormat="1"/></cellXfs>' +
  '<cellStyles count="1"><cellStyle name="常规" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

function staticParts(sheets: readonly XlsxSheet[]): Record<string, string> {
  const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
  const overrides = sheets
    .map(
      (_, i) =>
        `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
    )
    .join('');
  return {
    '[Content_Types].xml':
      `${head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
      '<Default Extension="xml" ContentType="application/xml"/>' +
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
      '<Override PartName="/xl/styles.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml"/>' +
      `${overrides}</Types>`,
    '_rels/.rels':
      `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/>' +
      '</Relationships>',
    'xl/workbook.xml':
      `${head}<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" ` +
      'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets>' +
      sheets
        .map((s, i) => `<sheet name="${escapeXml(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`)
        .join('') +
      '</sheets>' +
      (sheets.some((s) => s.formulas) ? '<calcPr calcId="0" fullCalcOnLoad="1"/>' : '') +
      '</workbook>',
    'xl/_rels/workbook.xml.rels':
      `${head}<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">` +
      sheets
        .map(
          (_, i) =>
            `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
        )
        .join('') +
      `<Relationship Id="rId${sheets.length + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/styles" Target="styles.xml"/>` +
      '</Relationships>',
    'xl/styles.xml': STYLES,
  };
}

/** Streams the workbook's zip parts to `sink`; returns the number of data rows. */
function zipWorkbook(
  sheets: readonly XlsxSheet[],
  sink: (chunk: Uint8Array) => void,
  onRow: () => void,
): number {
  let rows = 0;
  let failed: unknown = null;
  const zip = new Zip((err, chunk) => {
    if (err) failed = err;
    else sink(chunk);
  });
  for (const [name, xml] of Object.entries(staticParts(sheets))) {
    const f = new ZipDeflate(name, { level: 6 });
    zip.add(f);
    f.push(enc.encode(xml), true);
  }
  sheets.forEach((sheet, i) => {
    const f = new ZipDeflate(`xl/worksheets/sheet${i + 1}.xml`, { level: 1 });
    zip.add(f);
    sheetXml(sheet, new SheetStream(f), () => {
      rows++;
      onRow();
    });
  });
  zip.end();
  if (failed) throw failed;
  return rows;
}

/**
 * Writes the workbook to `path`. `onRow` is called after every data row (for progress and cancel: a
 * throw from it stops the export and removes the partial file). Returns the number of data rows.
 */
export function writeXlsx(path: string, sheets: readonly XlsxSheet[], onRow: () => void = () => {}): number {
  const fd = openSync(path, 'w');
  try {
    const rows = zipWorkbook(sheets, (chunk) => writeSync(fd, chunk), onRow);
    closeSync(fd);
    return rows;
  } catch (e) {
    closeSync(fd);
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
    throw e;
  }
}

/** The workbook as bytes, for a small file the renderer downloads (a task's notice). */
export function xlsxBytes(sheets: readonly XlsxSheet[]): Uint8Array {
  const chunks: Uint8Array[] = [];
  zipWorkbook(
    sheets,
    (chunk) => chunks.push(chunk),
    () => {},
  );
  const out = new Uint8Array(chunks.reduce((n, c) => n + c.length, 0));
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}
