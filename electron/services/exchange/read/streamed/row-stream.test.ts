/**
 * The streamed read (a worker hands rows over while they are read) gives the rows, column count and
 * date system the whole read gives; declines what it does not take (several sheets, not .xlsx, rows out
 * of order, a worker out of its heap) so the caller reads whole; and throws the whole read's own
 * message for a file refused before any row.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { afterAll, describe, expect, it } from 'vitest';
import { ApiError } from '../../../../../shared/api/errors.ts';
import { tempDir } from '../../../../../test/helpers/tmp.ts';
import { readSpreadsheetFile } from '../read.ts';
import { openRowStream, StreamDeclined } from './row-stream.ts';

const t = tempDir();
afterAll(() => t.cleanup());

function rows(n: number): unknown[][] {
  const out: unknown[][] = [['统一社会信用代码', '企业名称', '成立日期', '金额']];
  for (let i = 0; i < n; i++) {
    out.push([
      `91330100MA${String(i).padStart(8, '0')}`,
      `示范县第${i}号商贸有限公司`,
      45000 + (i % 300),
      i * 1.5,
    ]);
    if (i % 1000 === 500) out.push([], []);
  }
  out.push([], []);
  return out;
}

function book(
  name: string,
  sheets: Record<string, unknown[][]>,
  opts: { sst?: boolean; date1904?: boolean } = {},
) {
  const wb = XLSX.utils.book_new();
  for (const [sheet, data] of Object.entries(sheets))
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(data), sheet);
  if (opts.date1904) wb.Workbook = { ...(wb.Workbook ?? {}), WBProps: { date1904: true } };
  const path = join(t.dir, name);
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: opts.sst ?? false }));
  return path;
}

function whole(path: string) {
  const r = readSpreadsheetFile(path);
  if (!r.ok) throw new Error(r.message);
  return r;
}

describe('openRowStream', () => {
  for (const opts of [{ sst: false }, { sst: true, date1904: true }]) {
    it(`gives the rows the whole read gives (${JSON.stringify(opts)})`, () => {
      const path = book(`same-${opts.sst}.xlsx`, { 名录: rows(5000) }, opts);
      const s = openRowStream(path, { anyLoad: true });
      expect(s).not.toBeNull();
      try {
        // Asked for a few rows, it holds at least those and not yet the whole sheet.
        const held = s!.fill(10);
        expect(held).toBeGreaterThanOrEqual(10);
        expect(s!.expectedRows()).toBeGreaterThanOrEqual(held);
        const read = s!.finish();
        const w = whole(path);
        expect(read.sheets[0]!.rows).toEqual(w.sheets[0]!.rows);
        expect(read.sheets[0]!.columnCount).toBe(w.sheets[0]!.columnCount);
        expect(read.sheets[0]!.name).toBe('名录');
        expect(read.date1904).toBe(w.date1904);
        expect(read.date1904).toBe(opts.date1904 === true);
        expect(read.fastPath).toBe('streamed');
        expect(s!.ended).toBe(true);
      } finally {
        s!.close();
      }
    }, 60_000);
  }

  it('declines a workbook of several sheets and a file that is not .xlsx', () => {
    expect(openRowStream(book('two.xlsx', { a: rows(10), b: rows(10) }), { anyLoad: true })).toBeNull();
    const csv = join(t.dir, 'list.csv');
    writeFileSync(csv, '统一社会信用代码,企业名称\n91330100MA00000001,甲\n');
    expect(openRowStream(csv, { anyLoad: true })).toBeNull();
  });

  it('gives a sheet up part-way when a row comes after rows already handed on', () => {
    const path = book('order.xlsx', { 名录: rows(5000) });
    const parts = unzipSync(readFileSync(path));
    const name = 'xl/worksheets/sheet1.xml';
    const xml = strFromU8(parts[name]!);
    const at = xml.indexOf('<row r="10"');
    const end = xml.indexOf('</row>', at) + 6;
    parts[name] = strToU8(
      (xml.slice(0, at) + xml.slice(end)).replace('</sheetData>', `${xml.slice(at, end)}</sheetData>`),
    );
    writeFileSync(path, zipSync(parts));
    // Read whole, the row is where its number says.
    expect(whole(path).sheets[0]!.rows[9]![0]).toBe('91330100MA00000008');
    const s = openRowStream(path, { anyLoad: true });
    expect(s).not.toBeNull();
    expect(() => s!.finish()).toThrow(StreamDeclined);
    s!.close();
  }, 60_000);

  it('throws the whole read’s message for a file refused before any row', () => {
    const path = book('bomb.xlsx', { 名录: rows(10) });
    const parts = unzipSync(readFileSync(path));
    parts['xl/media/image1.bin'] = new Uint8Array(64 * 1024 * 1024);
    writeFileSync(path, zipSync(parts, { level: 9 }));
    const w = readSpreadsheetFile(path);
    expect(w.ok).toBe(false);
    let error: unknown;
    try {
      openRowStream(path, { anyLoad: true })?.close();
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ApiError);
    expect((error as Error).message).toBe((w as { message: string }).message);
  }, 60_000);

  it('gives up on a worker out of its heap without crashing the process', () => {
    const path = book('heap.xlsx', { 名录: rows(60000) }, { sst: true });
    const t0 = performance.now();
    let outcome: string;
    try {
      const s = openRowStream(path, { anyLoad: true, heapMb: 24, stallMs: 1500 });
      if (s === null) outcome = 'null';
      else {
        s.finish();
        s.close();
        outcome = 'read';
      }
    } catch (e) {
      outcome = e instanceof StreamDeclined ? 'declined' : String(e);
    }
    expect(['null', 'declined']).toContain(outcome);
    expect(performance.now() - t0).toBeLessThan(20_000);
  }, 60_000);
});
