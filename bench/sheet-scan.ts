/**
 * The exchange bench's floor readers (bench/exchange.bench.ts): the least a reader of the generated
 * .xlsx can do — inflate the worksheet part and pull each cell's raw text out with indexOf. Two
 * variants, kept apart so the bare floor pays for nothing it does not need.
 */
import { readFileSync } from 'node:fs';
import { unzipSync } from 'fflate';

/**
 * The floor's reader: inflate the worksheet part, decode it, and pull each cell's raw value text out
 * with indexOf — no entities, no types, no shared strings (our writer uses inline strings), no checks.
 */
export function scanSheet(file: string): string[][] {
  const parts = unzipSync(readFileSync(file), { filter: (f) => f.name === 'xl/worksheets/sheet1.xml' });
  const xml = new TextDecoder().decode(parts['xl/worksheets/sheet1.xml']);
  const rows: string[][] = [];
  let p = xml.indexOf('<sheetData');
  for (;;) {
    const r = xml.indexOf('<row', p);
    if (r < 0) break;
    const rEnd = xml.indexOf('</row>', r);
    const row: string[] = [];
    let c = xml.indexOf('<c ', r);
    while (c >= 0 && c < rEnd) {
      const open = xml.indexOf('>', c);
      if (xml.charCodeAt(open - 1) === 0x2f) {
        c = xml.indexOf('<c ', open);
        continue;
      }
      const close = xml.indexOf('</c>', open);
      // The value is the cell's first child: <v>…</v>, or <is><t>…</t></is> for an inline string.
      if (xml.startsWith('<v>', open + 1)) row.push(xml.slice(open + 4, xml.indexOf('</v>', open)));
      else if (xml.startsWith('<is><t', open + 1)) {
        const t = xml.indexOf('>', open + 6);
        row.push(xml.slice(t + 1, xml.indexOf('</t>', t)));
      }
      c = xml.indexOf('<c ', close);
    }
    rows.push(row);
    p = rEnd + 6;
  }
  return rows;
}

/** Column number of a cell reference's letters ("AB12" → 27), 0-based. */
function columnOf(ref: string): number {
  let col = 0;
  for (let i = 0; i < ref.length; i++) {
    const ch = ref.charCodeAt(i);
    if (ch < 0x41 || ch > 0x5a) break;
    col = col * 26 + (ch - 0x40);
  }
  return col - 1;
}

/**
 * The floor's scan, each value put at its cell reference's column: the schema floor inserts named
 * columns, so a skipped empty cell must not shift the row (the bare floor does not care).
 */
export function scanSheetPlaced(file: string): (string | null)[][] {
  const parts = unzipSync(readFileSync(file), { filter: (f) => f.name === 'xl/worksheets/sheet1.xml' });
  const xml = new TextDecoder().decode(parts['xl/worksheets/sheet1.xml']);
  const rows: (string | null)[][] = [];
  let p = xml.indexOf('<sheetData');
  for (;;) {
    const r = xml.indexOf('<row', p);
    if (r < 0) break;
    const rEnd = xml.indexOf('</row>', r);
    const row: (string | null)[] = [];
    let c = xml.indexOf('<c ', r);
    while (c >= 0 && c < rEnd) {
      const open = xml.indexOf('>', c);
      if (xml.charCodeAt(open - 1) === 0x2f) {
        c = xml.indexOf('<c ', open);
        continue;
      }
      const ref = xml.indexOf(' r="', c);
      const col = ref >= 0 && ref < open ? columnOf(xml.slice(ref + 4, ref + 8)) : row.length;
      const close = xml.indexOf('</c>', open);
      if (xml.startsWith('<v>', open + 1)) row[col] = xml.slice(open + 4, xml.indexOf('</v>', open));
      else if (xml.startsWith('<is><t', open + 1)) {
        const t = xml.indexOf('>', open + 6);
        row[col] = xml.slice(t + 1, xml.indexOf('</t>', t));
      }
      c = xml.indexOf('<c ', close);
    }
    rows.push(row);
    p = rEnd + 6;
  }
  return rows;
}
