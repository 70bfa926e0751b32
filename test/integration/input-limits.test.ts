/**
 * Issue 15 item 5: every text field has a maximum (shared/domain/text-limits.ts) and a workbook too big
 * to read within SPEC §10's memory budget is refused before it is parsed, with a message saying how to
 * split it.
 */
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { zipSync, strToU8 } from 'fflate';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { TEXT_MAX } from '../../shared/domain/text-limits.ts';
import { commitImport, previewImport } from '../../electron/services/exchange/import-service.ts';
import { readSpreadsheet } from '../../electron/services/exchange/read/index.ts';
import { DEFAULT_LIMITS } from '../../electron/services/exchange/read/limits.ts';
import { type Fixture, openFixture, writeSheet } from './exchange-fixture.ts';

const AT = '2026-11-01T08:00:00.000Z';
const HEADER = ['统一社会信用代码/注册号', '企业名称', '住所', '法定代表人'];

function dbBytes(f: Fixture): number {
  const size = (p: string) => {
    try {
      return statSync(p).size;
    } catch {
      return 0;
    }
  };
  return size(f.dbPath) + size(`${f.dbPath}-wal`);
}

describe('text maxima in the importers', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await openFixture();
  });
  afterEach(() => f.close());

  it('refuses a 3.5-million-character 企业名称 per row, stores the good rows, and the file stays small', () => {
    const huge = '某'.repeat(3_500_000);
    const path = writeSheet(join(f.dir, 'names.csv'), [
      HEADER,
      ['91330100716105852F', huge, '城关镇一路1号', '张三'],
      ['92330102MA2GXXXX1X', '李四便利店', '东'.repeat(TEXT_MAX.address + 1), '李四'],
      ['330382101730301', '老字号有限公司', '城关镇二路2号', '王五'],
    ]);
    const before = dbBytes(f);
    // The preview sends the wizard the cell cut short, not 3.5 million characters.
    const preview = previewImport(
      f.db,
      f.actor,
      { file: { path, fileName: 'names.csv' }, kind: 'entities' },
      AT,
    );
    const previewName = preview.rows.find((r) => r.row === 2)!.cells[1]!;
    expect(previewName).toBe(`${'某'.repeat(300)}…（共 3,500,000 字）`);
    const run = commitImport(f.db, f.actor, { file: { path, fileName: 'names.csv' }, kind: 'entities' }, AT);
    expect(run.counts).toMatchObject({ rows: 3, inserted: 1, errors: 2 });
    const issues = run.rows.flatMap((r) => r.issues);
    const name = issues.find((i) => i.row === 2);
    expect(name).toMatchObject({ column: 'B', severity: 'error' });
    expect(name!.message).toBe(
      `「企业名称」内容过长（3,500,000 字），上限 ${TEXT_MAX.name} 字，请删减后再导入`,
    );
    const address = issues.find((i) => i.row === 3 && i.severity === 'error');
    expect(address).toMatchObject({ column: 'C', severity: 'error' });
    expect(address!.message).toContain(`上限 ${TEXT_MAX.address} 字`);
    const names = f.db.prepare('SELECT name FROM entities ORDER BY id').all() as { name: string }[];
    expect(names).toEqual([{ name: '老字号有限公司' }]);
    // Before the limit the one row made the database grow by 24 MB.
    expect(dbBytes(f) - before).toBeLessThan(1024 * 1024);
  });

  it('accepts text exactly at the maximum', () => {
    const path = writeSheet(join(f.dir, 'edge.csv'), [
      HEADER,
      ['91330100716105852F', '名'.repeat(TEXT_MAX.name), '址'.repeat(TEXT_MAX.address), '张三'],
    ]);
    const run = commitImport(f.db, f.actor, { file: { path, fileName: 'edge.csv' }, kind: 'entities' }, AT);
    expect(run.counts).toMatchObject({ inserted: 1, errors: 0 });
  });
});

/** A minimal .xlsx whose one sheet has `rows` rows of `cols` numeric cells, written without SheetJS. */
function rawXlsx(rows: number, cols: number): Uint8Array {
  const row = `<row>${'<c><v>1</v></c>'.repeat(cols)}</row>`;
  const sheet = `<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>${row.repeat(rows)}</sheetData></worksheet>`;
  return zipSync(
    {
      '[Content_Types].xml': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/><Override PartName="/xl/worksheets/sheet1.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/></Types>',
      ),
      '_rels/.rels': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
      ),
      'xl/workbook.xml': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"><sheets><sheet name="名录" sheetId="1" r:id="rId1"/></sheets></workbook>',
      ),
      'xl/_rels/workbook.xml.rels': strToU8(
        '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet1.xml"/></Relationships>',
      ),
      'xl/worksheets/sheet1.xml': strToU8(sheet),
    },
    { level: 1 },
  );
}

describe('workbook size limits', () => {
  it('reads a small raw workbook (the generator is sound)', () => {
    const r = readSpreadsheet(rawXlsx(3, 4), 'small.xlsx');
    expect(r.ok).toBe(true);
    if (r.ok) expect(r.sheets[0]!.rows).toHaveLength(3);
  });

  it('refuses an .xlsx over the cell limit before parsing it, saying how to split it', () => {
    const cols = 20;
    const rows = Math.floor(DEFAULT_LIMITS.maxCells / cols) + 1000;
    const bytes = rawXlsx(rows, cols);
    const started = performance.now();
    const heapBefore = process.memoryUsage().heapUsed;
    const r = readSpreadsheet(bytes, 'county.xlsx');
    const seconds = (performance.now() - started) / 1000;
    expect(r).toMatchObject({ ok: false, code: 'too-large' });
    if (!r.ok) {
      expect(r.message).toContain(`${(rows * cols).toLocaleString('en-US')} 个单元格`);
      expect(r.message).toContain('拆分');
      expect(r.message).toMatch(/每个不超过约 [\d,]+ 行/);
    }
    // Counting streams the XML: no parse of 3 million cells (SheetJS took minutes and gigabytes).
    expect(seconds).toBeLessThan(15);
    expect(process.memoryUsage().heapUsed - heapBefore).toBeLessThan(400 * 1024 * 1024);
  });

  it('refuses a CSV over the cell limit', () => {
    const cols = 20;
    const rows = Math.floor(DEFAULT_LIMITS.maxCells / cols) + 10;
    const text = `${Array(cols).fill('1').join(',')}\n`.repeat(rows);
    const r = readSpreadsheet(strToU8(text), 'county.csv');
    expect(r).toMatchObject({ ok: false, code: 'too-large' });
    if (!r.ok) expect(r.message).toContain('拆分');
  });

  it('refuses a file over the documented size before reading it', () => {
    const r = readSpreadsheet(new Uint8Array(DEFAULT_LIMITS.maxFileBytes + 1).fill(0x31), 'big.csv');
    expect(r).toMatchObject({ ok: false, code: 'too-large' });
    if (!r.ok) expect(r.message).toContain('超过上限 100 MB');
  });
});
