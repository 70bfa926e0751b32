/**
 * The streaming .xlsx reader against SheetJS over every real .xlsx/.xlsm of ../shared/external (issue
 * 18 item 5): where the fast path reads a file, its rows must equal SheetJS's values-only rows cell by
 * cell; where it declines, it says why and SheetJS reads the file as before. The files are never copied
 * into the project; the suite skips visibly when the folder is absent. Prints a per-file summary.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { differences, readBoth } from '../../electron/services/exchange/read/fast-xlsx/compare.testkit.ts';
import { sniffFormat } from '../../electron/services/exchange/read/index.ts';

const EXTERNAL = fileURLToPath(new URL('../../../shared/external/', import.meta.url));
const present = existsSync(EXTERNAL);
if (!present)
  console.warn('SKIPPED: ../shared/external not found — fast .xlsx reader not compared with SheetJS');

function workbooks(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir).sort()) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...workbooks(p));
    else if (/\.xls[xm]$/i.test(name)) out.push(p);
  }
  return out;
}

describe.skipIf(!present)('fast .xlsx reader vs SheetJS on the real files', () => {
  it('gives the same rows cell by cell, or declines', () => {
    const summary: string[] = [];
    let same = 0;
    for (const path of workbooks(EXTERNAL)) {
      const rel = path.slice(EXTERNAL.length);
      const bytes = new Uint8Array(readFileSync(path));
      // Government systems save Excel 2003 XML under .xlsx: not a zip, never reaches this reader.
      if (sniffFormat(bytes).kind !== 'zip') {
        summary.push(`not a zip   ${rel}`);
        continue;
      }
      const { fast, sheetjs } = readBoth(bytes);
      if ('declined' in fast) {
        expect(fast.declined, rel).toMatch(/[\u4e00-\u9fff]|\w/);
        summary.push(`declined    ${rel}: ${fast.declined}`);
        continue;
      }
      expect(fast.ok, `${rel}: ${JSON.stringify(fast).slice(0, 200)}`).toBe(true);
      expect(sheetjs.ok, rel).toBe(true);
      if (!fast.ok || !sheetjs.ok) continue;
      expect(differences(fast, sheetjs), rel).toEqual([]);
      const cells = fast.sheets.reduce((n, s) => n + s.rows.reduce((m, r) => m + r.length, 0), 0);
      summary.push(`same        ${rel}: ${fast.sheets.length} sheet(s), ${cells} cells`);
      same++;
    }
    console.log(summary.join('\n'));
    // Most real files are the common case; a reader that declined everything would prove nothing.
    expect(same).toBeGreaterThan(25);
  });
});
