/**
 * Child process of exchange-fuzz.test.ts (Node 24, type stripping): feeds readSpreadsheet truncated and
 * bit-flipped spreadsheets and zip bombs, printing `START i label` before and `DONE i json` after each
 * case, so the parent can tell a hang (no DONE in time) from a slow case and kill the process. Each
 * case's bytes are written to CASE_FILE before it runs, so the parent can replay a hung case through
 * readSpreadsheetGuarded. Cases before START are generated (the PRNG sequence stays the same) but not run.
 * Usage: node exchange-fuzz.child.ts SEED CASES_PER_SEED CORPUS_DIR START CASE_FILE
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strToU8, zipSync } from 'fflate';
import * as XLSX from 'xlsx';
import type { CP$Utils } from 'xlsx/dist/cpexcel.full.mjs';
import * as cpexcel from 'xlsx/dist/cpexcel.full.mjs';
import { readSpreadsheet } from '../../electron/services/exchange/read/index.ts';

const [seedArg, casesArg, corpus, startArg, caseFile] = process.argv.slice(2);
const start = Number(startArg ?? 0);
let state = Number(seedArg ?? 1) >>> 0;
const casesPerSeed = Number(casesArg ?? 20);

/** mulberry32: small, fast, reproducible. */
function rand(): number {
  state = (state + 0x6d2b79f5) >>> 0;
  let t = state;
  t = Math.imul(t ^ (t >>> 15), t | 1);
  t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
}
const int = (n: number) => Math.floor(rand() * n);

/** A small workbook like the real imports: a title row, a header row, a hint row, Chinese data. */
function sampleBook(): XLSX.WorkBook {
  const rows: unknown[][] = [
    ['2026年市场主体名录'],
    ['统一社会信用代码', '企业名称', '成立日期', '注册资本', '登记状态'],
    ['案例（请删除）', '示例有限公司', '2021-06-29', '51.8万元', '存续'],
  ];
  for (let i = 0; i < 40; i++)
    rows.push([`9133010071610585${i % 10}F`, `杭州第${i}食品有限公司`, 44000 + i, i * 10, '存续']);
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '名录');
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet([['说明'], ['第二张表']]), '说明');
  return wb;
}

function seeds(): { name: string; bytes: Uint8Array }[] {
  const wb = sampleBook();
  // Fixed document dates, so that the same seed gives the same bytes on every run.
  wb.Props = { CreatedDate: new Date(Date.UTC(2026, 0, 1)), ModifiedDate: new Date(Date.UTC(2026, 0, 1)) };
  const out = (['xlsx', 'biff8', 'biff5', 'ods', 'xlml'] as const).map((bookType) => ({
    name: `sample.${bookType === 'biff8' || bookType === 'biff5' || bookType === 'xlml' ? 'xls' : bookType}`,
    bytes: new Uint8Array(XLSX.write(wb, { bookType, type: 'array' }) as ArrayBuffer),
  }));
  const csv = XLSX.utils.sheet_to_csv(wb.Sheets.名录!);
  out.push({ name: 'utf8.csv', bytes: strToU8(csv) });
  out.push({
    name: 'gbk.csv',
    bytes: new Uint8Array(
      (cpexcel as unknown as { utils: CP$Utils }).utils.encode(936, csv, 'buf') as ArrayLike<number>,
    ),
  });
  if (corpus && existsSync(corpus)) {
    for (const rel of [
      'sheetjs/wps__fn.et',
      'sheetjs/biff5__merge_cells.xls',
      'sheetjs/merge_cells.ods',
      'easyexcel/compatibility__t01.xls',
      'zj_gov_templates_nolicense/spLibrary_专项检查对象导入模板.xlsx',
    ]) {
      const p = join(corpus, rel);
      if (existsSync(p)) out.push({ name: rel, bytes: new Uint8Array(readFileSync(p)) });
    }
  }
  return out;
}

function mutate(src: Uint8Array): { label: string; bytes: Uint8Array } {
  const b = new Uint8Array(src);
  switch (int(4)) {
    case 0: {
      const n = int(b.length);
      return { label: `truncate@${n}`, bytes: b.subarray(0, n) };
    }
    case 1: {
      const k = 1 + int(16);
      for (let i = 0; i < k; i++) b[int(b.length)]! ^= 1 << int(8);
      return { label: `flip×${k}`, bytes: b };
    }
    case 2: {
      // Length and offset fields are what parsers trust: overwrite 4 bytes with extreme values.
      const at = int(Math.max(1, b.length - 4));
      const v = [0xff, 0x7f, 0x00, 0x80][int(4)]!;
      b.fill(v, at, at + 4);
      return { label: `fill${v.toString(16)}@${at}`, bytes: b };
    }
    default: {
      // The tail of a zip (central directory) or the head of a compound file.
      const tail = rand() < 0.5;
      const k = 1 + int(8);
      for (let i = 0; i < k; i++) {
        const at = tail ? b.length - 1 - int(Math.min(b.length, 200)) : int(Math.min(b.length, 600));
        b[at] = int(256);
      }
      return { label: `${tail ? 'tail' : 'head'}×${k}`, bytes: b };
    }
  }
}

/** A worksheet of zeros: 64 MiB inflating from ~64 KiB (ratio ≈ 1000:1), the classic bomb shape. */
function zipBomb(lie: boolean): Uint8Array {
  const sheet = new Uint8Array(64 * 1024 * 1024);
  const files = {
    '[Content_Types].xml': strToU8(
      '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>',
    ),
    'xl/workbook.xml': strToU8('<workbook/>'),
    'xl/worksheets/sheet1.xml': sheet,
  };
  const zip = zipSync(files, { level: 9 });
  if (!lie) return zip;
  // Rewrite the declared sizes of the big entry (local header and central directory) to 1000 bytes.
  const dv = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  for (let o = 0; o + 4 <= zip.length; o++) {
    const sig = dv.getUint32(o, true);
    if (sig === 0x04034b50 && dv.getUint32(o + 22, true) === sheet.length) dv.setUint32(o + 22, 1000, true);
    if (sig === 0x02014b50 && dv.getUint32(o + 24, true) === sheet.length) dv.setUint32(o + 24, 1000, true);
  }
  return zip;
}

function run(i: number, label: string, name: string, bytes: Uint8Array): void {
  if (i < start) return;
  if (caseFile) writeFileSync(caseFile, bytes);
  process.stdout.write(`START ${i} ${label}\n`);
  const t = performance.now();
  let out: Record<string, unknown>;
  try {
    const r = readSpreadsheet(bytes, name);
    out = r.ok
      ? { ok: true, format: r.format, sheets: r.sheets.length }
      : { ok: false, code: r.code, message: r.message };
  } catch (e) {
    out = { threw: e instanceof Error ? e.message : String(e) };
  }
  out.ms = Math.round(performance.now() - t);
  out.label = label;
  process.stdout.write(`DONE ${i} ${JSON.stringify(out)}\n`);
}

let i = 0;
for (const s of seeds()) {
  run(i++, `${s.name} original`, s.name, s.bytes);
  for (let k = 0; k < casesPerSeed; k++) {
    const m = mutate(s.bytes);
    run(i++, `${s.name} ${m.label}`, s.name, m.bytes);
  }
}
run(i++, 'zip bomb (honest sizes)', 'bomb.xlsx', zipBomb(false));
run(i++, 'zip bomb (lying sizes)', 'bomb.xlsx', zipBomb(true));
process.stdout.write('END\n');
