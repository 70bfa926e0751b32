import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import type { CP$Utils } from 'xlsx/dist/cpexcel.full.mjs';
import * as cpexcel from 'xlsx/dist/cpexcel.full.mjs';
import { decodeText, parseCsv } from './csv.ts';
import { DEFAULT_LIMITS, readSpreadsheet, readSpreadsheetGuarded, sniffFormat } from './index.ts';
import { inspectZip } from './zip-guard.ts';

const gbk = (s: string) =>
  new Uint8Array(
    (cpexcel as unknown as { utils: CP$Utils }).utils.encode(936, s, 'buf') as ArrayLike<number>,
  );

function book(rows: unknown[][], bookType: XLSX.BookType, date1904 = false): Uint8Array {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '名录');
  if (date1904) wb.Workbook = { ...wb.Workbook, WBProps: { date1904: true } };
  return new Uint8Array(XLSX.write(wb, { bookType, type: 'array' }) as ArrayBuffer);
}

const ROWS = [
  ['统一社会信用代码', '企业名称', '成立日期'],
  ['91330100716105852F', '杭州甲有限公司', 44927],
  ['330000000036006', '浙江乙有限公司（分公司）', 45000],
];

describe('CSV', () => {
  it('detects UTF-8 with and without BOM, and GBK/GB18030', () => {
    const text = '企业名称,统一社会信用代码\n杭州甲有限公司,91330100716105852F\n';
    expect(decodeText(new Uint8Array([0xef, 0xbb, 0xbf, ...strToU8(text)]))).toEqual({
      text,
      encoding: 'utf-8-bom',
    });
    expect(decodeText(strToU8(text))).toEqual({ text, encoding: 'utf-8' });
    expect(decodeText(gbk(text))).toEqual({ text, encoding: 'gb18030' });
    const r = readSpreadsheet(gbk(text), '名录.csv');
    expect(r.ok && r.encoding).toBe('gb18030');
    expect(r.ok && r.sheets[0]!.rows[1]).toEqual(['杭州甲有限公司', '91330100716105852F']);
    expect(r.ok && r.warnings.join()).toMatch(/GBK/);
  });
  it('keeps every value as text so 18-digit codes keep their digits', () => {
    const r = readSpreadsheet(strToU8('代码\n913301007161035748\n'), 'a.csv');
    expect(r.ok && r.sheets[0]!.rows[1]).toEqual(['913301007161035748']);
  });
  it('parses quotes, embedded separators and line breaks, and detects tab and semicolon delimiters', () => {
    const limits = { maxRows: 100, maxColumns: 10 };
    expect(parseCsv('a,"b,c","d\n""e"""\r\n1,,3,', limits)).toEqual({
      ok: true,
      rows: [
        ['a', 'b,c', 'd\n"e"'],
        ['1', null, '3'],
      ],
      columnCount: 3,
    });
    expect(parseCsv('a\tb\n1\t2', limits)).toMatchObject({
      rows: [
        ['a', 'b'],
        ['1', '2'],
      ],
    });
    expect(parseCsv('a;b\n1;2', limits)).toMatchObject({
      rows: [
        ['a', 'b'],
        ['1', '2'],
      ],
    });
    expect(parseCsv('"unterminated,x', limits)).toMatchObject({ rows: [['unterminated,x']] });
    expect(parseCsv('1\n2\n3\n', { maxRows: 2, maxColumns: 10 })).toEqual({ ok: false, tooMany: 'rows' });
  });
});

describe('workbooks', () => {
  it('reads xlsx, xls (BIFF8 and BIFF5), ods and Excel 2003 XML alike', () => {
    for (const [type, expected] of [
      ['xlsx', 'xlsx'],
      ['biff8', 'xls'],
      ['biff5', 'xls'],
      ['ods', 'ods'],
      ['xlml', 'xml'],
    ] as const) {
      const r = readSpreadsheet(book(ROWS, type), `x.${type}`);
      expect(r.ok, type).toBe(true);
      if (!r.ok) continue;
      expect(r.format, type).toBe(expected);
      const rows = r.sheets[0]!.rows;
      // SheetJS can only write BIFF5 in code page 1252, so its Chinese comes back as '_' (see the GBK test).
      if (type !== 'biff5') expect(rows[0], type).toEqual(ROWS[0]);
      expect(rows[1]![0], type).toBe('91330100716105852F');
      if (type !== 'biff5') expect(rows[2]![1], type).toBe('浙江乙有限公司（分公司）');
      expect(rows[1]![2], type).toBe(44927);
    }
  });
  it('reads a BIFF5 (Excel 95) file written in the GBK code page (936)', () => {
    // SheetJS writes BIFF5 in code page 1252 only: write a placeholder label of the same byte length,
    // then put the GBK bytes and CODEPAGE = 936 in, as a Chinese Excel 95 would have written them.
    const b = book([['QQQQQQQQ', 'x']], 'biff5');
    const buf = Buffer.from(b.buffer, b.byteOffset, b.byteLength);
    b.set(gbk('企业名称'), buf.indexOf('QQQQQQQQ'));
    const cp = buf.indexOf(Buffer.from([0x42, 0x00, 0x02, 0x00])); // CODEPAGE record, 2 bytes of data
    expect(cp).toBeGreaterThan(0);
    b.set([0xa8, 0x03], cp + 4);
    const r = readSpreadsheet(b, 'biff5.xls');
    expect(r.ok && r.sheets[0]!.rows[0]).toEqual(['企业名称', 'x']);
  });
  it('detects the format from the content, not the extension', () => {
    const r = readSpreadsheet(book(ROWS, 'xlsx'), '名录.csv');
    expect(r.ok && r.format).toBe('xlsx');
    const html = strToU8(
      '<html><body><table><tr><td>企业名称</td><td>代码</td></tr><tr><td>甲</td><td>1</td></tr></table></body></html>',
    );
    const h = readSpreadsheet(html, '导出.xls');
    expect(h.ok && h.format).toBe('html');
    expect(h.ok && h.sheets[0]!.rows[0]).toEqual(['企业名称', '代码']);
  });
  it('reports the 1904 date system', () => {
    const r = readSpreadsheet(book(ROWS, 'xlsx', true), 'x.xlsx');
    expect(r.ok && r.date1904).toBe(true);
  });
  it('refuses empty, unknown, broken and oversized input with Chinese messages', () => {
    expect(readSpreadsheet(new Uint8Array(), 'a.xlsx')).toMatchObject({ ok: false, code: 'empty' });
    expect(readSpreadsheet(new Uint8Array([1, 2, 3, 0, 0, 9]), 'a.bin')).toMatchObject({
      ok: false,
      code: 'unsupported',
    });
    const truncated = book(ROWS, 'xlsx').subarray(0, 500);
    const t = readSpreadsheet(truncated, 'a.xlsx');
    expect(t.ok).toBe(false);
    if (!t.ok) expect(t.message).toMatch(/损坏/);
    const big = readSpreadsheet(book(ROWS, 'xlsx'), 'a.xlsx', { limits: { maxFileBytes: 100 } });
    expect(big).toMatchObject({ ok: false, code: 'too-large' });
    const rows = readSpreadsheet(book(ROWS, 'xlsx'), 'a.xlsx', { limits: { maxRows: 2 } });
    expect(rows).toMatchObject({ ok: false, code: 'too-many-rows' });
    if (!rows.ok) expect(rows.message).toMatch(/超过 2 行/);
  });
  it('reads a preview of the first rows without the row limit error', () => {
    const r = readSpreadsheet(book(ROWS, 'xlsx'), 'a.xlsx', { previewRows: 2 });
    expect(r.ok && r.sheets[0]!.rows.length).toBe(2);
  });
});

describe('zip guard', () => {
  const sheet = new Uint8Array(16 * 1024 * 1024);
  const bomb = zipSync(
    { '[Content_Types].xml': strToU8('<Types/>'), 'xl/worksheets/sheet1.xml': sheet },
    { level: 9 },
  );

  it('refuses a high-ratio entry before SheetJS inflates it', () => {
    const r = readSpreadsheet(bomb, 'bomb.xlsx');
    expect(r).toMatchObject({ ok: false, code: 'zip-bomb' });
    if (!r.ok) expect(r.message).toMatch(/压缩比.*压缩炸弹/);
  });
  it('refuses an archive whose total size exceeds the limit', () => {
    const plain = zipSync(
      { '[Content_Types].xml': strToU8('<Types/>'), 'a.xml': new Uint8Array(2048) },
      { level: 0 },
    );
    const z = inspectZip(plain, { ...DEFAULT_LIMITS, maxUncompressedBytes: 1024 });
    expect(z).toMatchObject({ ok: false, reason: 'bomb' });
  });
  it('catches an entry that inflates far beyond its declared size', () => {
    const lying = new Uint8Array(bomb);
    const dv = new DataView(lying.buffer);
    for (let o = 0; o + 4 <= lying.length; o++) {
      const sig = dv.getUint32(o, true);
      if (sig === 0x04034b50 && dv.getUint32(o + 22, true) === sheet.length) dv.setUint32(o + 22, 100, true);
      if (sig === 0x02014b50 && dv.getUint32(o + 24, true) === sheet.length) dv.setUint32(o + 24, 100, true);
    }
    const z = inspectZip(lying, DEFAULT_LIMITS);
    expect(z).toMatchObject({ ok: false, reason: 'bomb' });
    if (!z.ok) expect(z.detail).toMatch(/声明解压后为 100 字节/);
  });
  it('reports encrypted zip entries as password-protected', () => {
    const z = new Uint8Array(zipSync({ '[Content_Types].xml': strToU8('<Types/>') }));
    const dv = new DataView(z.buffer);
    for (let o = 0; o + 4 <= z.length; o++) {
      const sig = dv.getUint32(o, true);
      if (sig === 0x02014b50) dv.setUint16(o + 8, dv.getUint16(o + 8, true) | 1, true);
    }
    expect(readSpreadsheet(z, 'a.xlsx')).toMatchObject({ ok: false, code: 'encrypted' });
  });
  it('passes real workbooks', () => {
    expect(inspectZip(book(ROWS, 'xlsx'), DEFAULT_LIMITS).ok).toBe(true);
  });
});

describe('sniffing and the guarded reader', () => {
  it('tells formats apart by their first bytes', () => {
    expect(sniffFormat(book(ROWS, 'xlsx')).kind).toBe('zip');
    expect(sniffFormat(book(ROWS, 'biff8')).kind).toBe('cfb');
    expect(sniffFormat(strToU8('a,b\n1,2')).kind).toBe('text');
    expect(sniffFormat(strToU8('<?xml version="1.0"?><Workbook>')).kind).toBe('xml');
    expect(sniffFormat(new Uint8Array([0, 1, 2, 3])).kind).toBe('binary');
  });
  it('reads in a worker thread and gives the same result', async () => {
    const bytes = book(ROWS, 'xlsx');
    const r = await readSpreadsheetGuarded(bytes, 'a.xlsx', { timeoutMs: 60_000 });
    expect(r).toEqual(readSpreadsheet(bytes, 'a.xlsx'));
  });
  it('stops a read that takes longer than its time limit', async () => {
    const r = await readSpreadsheetGuarded(book(ROWS, 'xlsx'), 'a.xlsx', { timeoutMs: 1 });
    expect(r).toMatchObject({ ok: false, code: 'timeout' });
    if (!r.ok) expect(r.message).toMatch(/超过 1 秒仍未完成/);
  });
  it('falls back to reading in-process, with a warning, when the worker entry is missing (a bundle without it)', async () => {
    const r = await readSpreadsheetGuarded(strToU8('a,b\n1,2'), 'a.csv', {
      workerUrl: new URL('file:///nonexistent/reader-worker.js'),
    });
    expect(r.ok && r.sheets[0]!.rows).toEqual([
      ['a', 'b'],
      ['1', '2'],
    ]);
    expect(r.ok && r.warnings.join()).toMatch(/没有超时保护/);
  });
});
