/**
 * The streaming .xlsx reader against SheetJS on generated edge cases: every value kind, gaps, rows and
 * cells without references, 1904, rich text and phonetic guides, escapes, hidden and chart sheets —
 * cell by cell. Then what it declines (SheetJS then reads the file), the limits and zip bombs it
 * enforces while streaming, and progress.
 */
import { strToU8, zipSync } from 'fflate';
import { describe, expect, it } from 'vitest';
import * as XLSX from 'xlsx';
import { DEFAULT_LIMITS } from '../limits.ts';
import { readSpreadsheet } from '../read.ts';
import type { ReadOk } from '../types.ts';
import { differences, readBoth } from './compare.testkit.ts';
import { readXlsxFast } from './read-xlsx-fast.ts';

const NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
const REL = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG = 'http://schemas.openxmlformats.org/package/2006/relationships';

interface Part {
  name: string;
  xml: string;
  hidden?: boolean;
  chart?: boolean;
}

/** A hand-built workbook: exactly the XML each case needs, nothing a writer would normalise away. */
function workbook(
  sheets: Part[],
  opts: { sst?: string[] | string; date1904?: boolean; rootNs?: string } = {},
) {
  const files: Record<string, Uint8Array> = {};
  const ns = opts.rootNs ?? PKG;
  // SheetJS finds the parts through these content types (we go by the relationships): both are given.
  const ct = 'application/vnd.openxmlformats-officedocument.spreadsheetml';
  const overrides = [
    `<Override PartName="/xl/workbook.xml" ContentType="${ct}.sheet.main+xml"/>`,
    ...sheets.map((s, i) =>
      s.chart
        ? `<Override PartName="/xl/chartsheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.chartsheet+xml"/>`
        : `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="${ct}.worksheet+xml"/>`,
    ),
    opts.sst === undefined
      ? ''
      : `<Override PartName="/xl/sharedStrings.xml" ContentType="${ct}.sharedStrings+xml"/>`,
  ];
  files['[Content_Types].xml'] = strToU8(
    '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
      `<Default Extension="xml" ContentType="application/xml"/>${overrides.join('')}</Types>`,
  );
  files['_rels/.rels'] = strToU8(
    `<?xml version="1.0"?><Relationships xmlns="${ns}"><Relationship Id="rId1" Type="${REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
  );
  const rels = sheets.map(
    (s, i) =>
      `<Relationship Id="rId${i + 1}" Type="${REL}/${s.chart ? 'chartsheet' : 'worksheet'}" Target="${s.chart ? 'chartsheets' : 'worksheets'}/sheet${i + 1}.xml"/>`,
  );
  if (opts.sst !== undefined)
    rels.push(`<Relationship Id="rIdS" Type="${REL}/sharedStrings" Target="sharedStrings.xml"/>`);
  files['xl/_rels/workbook.xml.rels'] = strToU8(
    `<?xml version="1.0"?><Relationships xmlns="${PKG}">${rels.join('')}</Relationships>`,
  );
  files['xl/workbook.xml'] = strToU8(
    `<?xml version="1.0"?><workbook xmlns="${NS}" xmlns:r="${REL}">${opts.date1904 ? '<workbookPr date1904="1"/>' : '<workbookPr/>'}<sheets>${sheets
      .map(
        (s, i) =>
          `<sheet name="${s.name}" sheetId="${i + 1}"${s.hidden ? ' state="hidden"' : ''} r:id="rId${i + 1}"/>`,
      )
      .join('')}</sheets></workbook>`,
  );
  sheets.forEach((s, i) => {
    files[`xl/${s.chart ? 'chartsheets' : 'worksheets'}/sheet${i + 1}.xml`] = strToU8(
      s.chart
        ? `<?xml version="1.0"?><chartsheet xmlns="${NS}"/>`
        : `<?xml version="1.0"?><worksheet xmlns="${NS}"><sheetData>${s.xml}</sheetData></worksheet>`,
    );
  });
  if (opts.sst !== undefined) {
    const items =
      typeof opts.sst === 'string' ? opts.sst : opts.sst.map((t) => `<si><t>${t}</t></si>`).join('');
    files['xl/sharedStrings.xml'] = strToU8(`<?xml version="1.0"?><sst xmlns="${NS}">${items}</sst>`);
  }
  return zipSync(files);
}

function expectSame(bytes: Uint8Array): ReadOk {
  const { fast, sheetjs } = readBoth(bytes);
  if ('declined' in fast) throw new Error(`declined: ${fast.declined}`);
  if (!fast.ok) throw new Error(fast.message);
  if (!sheetjs.ok) throw new Error(`SheetJS: ${sheetjs.message}`);
  expect(differences(fast, sheetjs)).toEqual([]);
  expect(fast.fastPath).toBe('used');
  return fast;
}

describe('streaming .xlsx reader gives SheetJS’s rows', () => {
  it('every value kind, with gaps, empties and errors', () => {
    const fast = expectSame(
      workbook(
        [
          {
            name: '名录',
            xml:
              '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="D1" t="inlineStr"><is><t>备注</t></is></c></row>' +
              '<row r="2"><c r="A2" t="s"><v>2</v></c><c r="B2" s="3"><v>44927</v></c><c r="C2" t="b"><v>1</v></c><c r="D2" t="e"><v>#N/A</v></c><c r="E2" t="str"><f>A1</f><v>公式结果</v></c></row>' +
              '<row r="4"><c r="B4"><v>-1.5E-3</v></c><c r="C4" t="b"><v>0</v></c><c r="F4" s="1"/><c r="G4" t="s"><v>3</v></c></row>' +
              '<row r="6"><c r="A6" t="e"><v>#DIV/0!</v></c></row>',
          },
        ],
        { sst: ['统一社会信用代码', '企业名称', '91330100716105852F', ''] },
      ),
    );
    expect(fast.sheets[0]!.rows[1]).toEqual(['91330100716105852F', 44927, true, null, '公式结果']);
    expect(fast.sheets[0]!.rows[2]).toEqual([]);
    expect(fast.sheets[0]!.rows[3]).toEqual([null, -0.0015, false]);
  });

  it('rows and cells without r follow the previous ones; a cell naming another row goes there', () => {
    const fast = expectSame(
      workbook([
        {
          name: 'S',
          xml:
            '<row><c><v>1</v></c><c><v>2</v></c><c r="E1"><v>5</v></c><c><v>6</v></c></row>' +
            '<row r="3"><c><v>31</v></c></row><row><c r="C4"><v>43</v></c><c r="A7"><v>71</v></c></row>' +
            '<row r="5"/><row><c><v>61</v></c></row>',
        },
      ]),
    );
    expect(fast.sheets[0]!.rows[0]).toEqual([1, 2, null, null, 5, 6]);
    expect(fast.sheets[0]!.rows[4]).toEqual([61]);
    expect(fast.sheets[0]!.rows[6]).toEqual([71]);
  });

  it('rich text, phonetic guides, entities, _xHHHH_ escapes and CR LF in shared and inline strings', () => {
    const sst =
      '<si><r><rPr><b/></rPr><t>杭州</t></r><r><t xml:space="preserve"> 甲 </t></r><rPh sb="0" eb="2"><t>hangzhou</t></rPh></si>' +
      '<si><t>A &amp; B &lt;C&gt; &quot;D&quot; &#x4E2D;&#25991;</t></si>' +
      '<si><t>第一行_x000D_\r\n第二行</t></si><si><t></t></si>';
    expectSame(
      workbook(
        [
          {
            name: 'S',
            xml:
              '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1"><v>1</v></c></row>' +
              '<row r="2"><c r="A2" t="inlineStr"><is><r><t>富</t></r><r><t>文本</t></r></is></c><c r="B2" t="str"><v>x &lt; y</v></c><c r="C2" t="inlineStr"><is><t/></is></c></row>',
          },
        ],
        { sst },
      ),
    );
  });

  it('unescapes a formula string result once (SheetJS does it twice: a literal “&amp;lt;” became “<”)', () => {
    const bytes = workbook([
      { name: 'S', xml: '<row r="1"><c r="A1" t="str"><v>x &amp;lt; y</v></c></row>' },
    ]);
    const { fast, sheetjs } = readBoth(bytes);
    expect('declined' in fast || (fast.ok && fast.sheets[0]!.rows[0])).toEqual(['x &lt; y']);
    expect(sheetjs.ok && sheetjs.sheets[0]!.rows[0]).toEqual(['x < y']);
  });

  it('the 1904 date system, hidden sheets and chart sheets', () => {
    const fast = expectSame(
      workbook(
        [
          { name: '可见', xml: '<row r="1"><c r="A1"><v>43000</v></c></row>' },
          { name: '图表', xml: '', chart: true },
          { name: '隐藏', xml: '<row r="2"><c r="B2"><v>1</v></c></row>', hidden: true },
        ],
        { date1904: true },
      ),
    );
    expect(fast.date1904).toBe(true);
    expect(fast.warnings).toEqual(['已忽略 1 个图表、宏表或对话框工作表']);
  });

  it('a workbook SheetJS writes with shared strings, dates and many rows', () => {
    const rows: unknown[][] = [['统一社会信用代码', '企业名称', '成立日期', '注册资本', '是否']];
    for (let i = 0; i < 3000; i++)
      rows.push([
        `9133010071610${String(i).padStart(5, '0')}`,
        `企业${i % 97}有限公司`,
        new Date(Date.UTC(2000, 0, 1 + i)),
        i * 1.25,
        i % 2 === 0,
      ]);
    const wb = XLSX.utils.book_new();
    XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows, { cellDates: true }), '名录');
    for (const bookSST of [true, false]) {
      const bytes = new Uint8Array(
        XLSX.write(wb, { bookType: 'xlsx', type: 'array', bookSST }) as ArrayBuffer,
      );
      const fast = expectSame(bytes);
      expect(fast.sheets[0]!.rows).toHaveLength(3001);
    }
  });
});

describe('what the streaming reader leaves to SheetJS', () => {
  const cases: [string, Uint8Array][] = [
    [
      'a date-typed cell (t="d")',
      workbook([{ name: 'S', xml: '<row r="1"><c r="A1" t="d"><v>2021-06-29T00:00:00Z</v></c></row>' }]),
    ],
    [
      'a shared-string index past the table',
      workbook([{ name: 'S', xml: '<row r="1"><c r="A1" t="s"><v>7</v></c></row>' }], { sst: ['a'] }),
    ],
    [
      'strict OOXML',
      workbook([{ name: 'S', xml: '' }], {
        rootNs: 'http://purl.oclc.org/ooxml/officeDocument/relationships',
      }),
    ],
    [
      'a reference it cannot map',
      workbook([{ name: 'S', xml: '<row r="1"><c r="$A$1"><v>1</v></c></row>' }]),
    ],
  ];
  for (const [what, bytes] of cases) {
    it(`declines ${what}, and the read still ends as SheetJS ends it`, () => {
      const fast = readXlsxFast(bytes, {}, DEFAULT_LIMITS);
      expect('declined' in fast && fast.declined).toBeTruthy();
      const r = readSpreadsheet(bytes, 'x.xlsx');
      if (r.ok) expect(r.fastPath).toEqual({ declined: (fast as { declined: string }).declined });
      else expect(r.message).toMatch(/[\u4e00-\u9fff]/);
    });
  }

  it('reads the same file again through SheetJS when declined (dates in t="d" cells become serials)', () => {
    const r = readSpreadsheet(cases[0]![1], 'x.xlsx');
    expect(r.ok && r.sheets[0]!.rows[0]).toEqual([44376]);
  });
});

describe('limits and zip bombs while streaming', () => {
  const sheet = (n: number, cols = 3) =>
    workbook([
      {
        name: 'S',
        xml: Array.from(
          { length: n },
          (_, r) =>
            `<row r="${r + 1}">${Array.from({ length: cols }, (_, c) => `<c><v>${r * cols + c}</v></c>`).join('')}</row>`,
        ).join(''),
      },
    ]);

  it('too many rows, columns or cells end with the old path’s codes', () => {
    expect(readSpreadsheet(sheet(20), 'x.xlsx', { limits: { maxRows: 10 } })).toMatchObject({
      ok: false,
      code: 'too-many-rows',
    });
    expect(readSpreadsheet(sheet(2, 12), 'x.xlsx', { limits: { maxColumns: 10 } })).toMatchObject({
      ok: false,
      code: 'too-many-columns',
    });
    const cells = readSpreadsheet(sheet(100), 'x.xlsx', { limits: { maxCells: 250 } });
    expect(cells).toMatchObject({ ok: false, code: 'too-large' });
    expect(!cells.ok && cells.message).toMatch(/300 个单元格/);
  });

  it('a preview stops quietly at its rows', () => {
    const r = readSpreadsheet(sheet(50), 'x.xlsx', { previewRows: 5 });
    expect(r.ok && r.sheets[0]!.rows).toHaveLength(5);
    expect(r.ok && r.fastPath).toBe('used');
  });

  it('a worksheet inflating past the archive budget or far past its declared size is a bomb', () => {
    const big = sheet(20_000);
    const r = readSpreadsheet(big, 'x.xlsx', { limits: { maxUncompressedBytes: 200_000 } });
    expect(r).toMatchObject({ ok: false, code: 'zip-bomb' });
    // A lying header: the worksheet declares 1 KiB but inflates to megabytes.
    const lying = new Uint8Array(big);
    const view = new DataView(lying.buffer);
    const eocd = lying.length - 22;
    let o = view.getUint32(eocd + 16, true);
    for (let i = 0; i < view.getUint16(eocd + 10, true); i++) {
      const nameLen = view.getUint16(o + 28, true);
      const name = new TextDecoder().decode(lying.subarray(o + 46, o + 46 + nameLen));
      if (name === 'xl/worksheets/sheet1.xml') view.setUint32(o + 24, 1024, true);
      o += 46 + nameLen + view.getUint16(o + 30, true) + view.getUint16(o + 32, true);
    }
    const limits = { ...DEFAULT_LIMITS, maxUncompressedBytes: 1_000_000 };
    expect(readXlsxFast(lying, {}, limits)).toMatchObject({ ok: false, code: 'zip-bomb' });
    expect(readSpreadsheet(lying, 'x.xlsx', { limits })).toMatchObject({ ok: false, code: 'zip-bomb' });
  });

  it('reports rows read while a sheet streams', () => {
    const seen: number[] = [];
    const r = readSpreadsheet(sheet(30_000, 5), 'x.xlsx', { onProgress: (n) => seen.push(n) });
    expect(r.ok).toBe(true);
    expect(seen.length).toBeGreaterThan(3);
    expect(seen.every((n, i) => i === 0 || n >= seen[i - 1]!)).toBe(true);
    expect(seen.at(-1)!).toBeLessThanOrEqual(30_000);
    expect(seen.at(-1)!).toBeGreaterThan(20_000);
  });
});
