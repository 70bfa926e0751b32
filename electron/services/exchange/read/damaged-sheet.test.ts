/**
 * A sheet whose cells point past the shared-string table (hostile-file run, issue 15 item 7): SheetJS
 * drops the sheet, which used to be reported as "only charts or macro sheets". The message must say the
 * sheet is damaged and name it.
 */
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { readSpreadsheet } from './index.ts';

function workbook(sheets: Record<string, unknown[][]>): Record<string, Uint8Array> {
  const wb = XLSX.utils.book_new();
  for (const [name, rows] of Object.entries(sheets)) {
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), name);
  }
  const bytes = XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: true }) as Buffer;
  return unzipSync(new Uint8Array(bytes));
}

/** Points the first shared-string cell of a sheet at an entry the table does not have. */
function breakSharedStringIndex(files: Record<string, Uint8Array>, sheetFile: string): Uint8Array {
  const xml = strFromU8(files[sheetFile]!);
  const broken = xml.replace(/(<c [^>]*t="s"[^>]*><v>)\d+(<\/v>)/, '$199999$2');
  expect(broken).not.toBe(xml);
  return zipSync({ ...files, [sheetFile]: strToU8(broken) });
}

describe('a shared-string index past the table', () => {
  it('is reported as a damaged sheet, by name, not as a file of charts', () => {
    const files = workbook({
      名单: [
        ['企业名称', '统一社会信用代码'],
        ['甲公司', '91330000000000000X'],
      ],
    });
    const r = readSpreadsheet(breakSharedStringIndex(files, 'xl/worksheets/sheet1.xml'), '名单.xlsx');
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.code).toBe('corrupt');
    expect(r.message).toMatch(/工作表「名单」已损坏/);
    expect(r.message).not.toMatch(/图表|宏表/);
  });

  it('when other sheets are intact, they are read and the damaged one is named in a warning', () => {
    const files = workbook({ 说明: [['本表说明']], 名单: [['企业名称'], ['甲公司']] });
    const r = readSpreadsheet(breakSharedStringIndex(files, 'xl/worksheets/sheet2.xml'), '名单.xlsx');
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.sheets.map((s) => s.name)).toEqual(['说明']);
    expect(r.warnings.join('')).toMatch(/工作表「名单」已损坏/);
  });
});
