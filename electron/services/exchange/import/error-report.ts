/**
 * The error report (SPEC §7): the header and the original rows that could not be imported, plus a
 * 错误说明 column, so the user corrects the cells in Excel and imports the same file again. Title and
 * hint rows are left out (the header is found again on re-import). Code columns stay text; date cells
 * that arrived as Excel serials are written as dates the importer reads back.
 */
import { excelSerialToIso } from '../../../../shared/exchange/index.ts';
import { vocabularyOf } from '../../../../shared/exchange/vocabulary.ts';
import type { ImportKind } from '../../../../shared/exchange/types.ts';
import type { CellValue } from '../export/xlsx-writer.ts';
import { writeXlsx } from '../export/xlsx-writer.ts';
import type { Prepared } from './prepare.ts';
import type { ImportRun } from './run-import.ts';

export const ERROR_COLUMN = '错误说明';

export function writeErrorReport(
  kind: ImportKind,
  prep: Prepared,
  run: ImportRun,
  path: string,
): { rows: number; fileName: string } {
  const sheet = prep.read.sheets[prep.sheetIndex]!;
  const det = prep.detection;
  const types = new Map(vocabularyOf(kind).fields.map((f) => [f.field, f.type]));
  const fieldOf = new Map(det.columns.map((c) => [c.index, c.field]));
  const width = Math.max(
    det.columns.length,
    ...run.rows.filter((r) => r.status === 'error').map((r) => sheet.rows[r.index]?.length ?? 0),
  );
  const headerCells = sheet.rows[det.headerRow] ?? [];
  const columns = Array.from({ length: width }, (_, i) => {
    const field = fieldOf.get(i) ?? null;
    const type = field ? types.get(field) : undefined;
    return {
      header: headerCells[i] === null || headerCells[i] === undefined ? '' : String(headerCells[i]),
      text: type !== 'number' && type !== 'integer' && type !== 'amount',
    };
  });
  columns.push({ header: ERROR_COLUMN, text: true });
  function* rows(): Generator<CellValue[]> {
    for (const r of run.rows) {
      if (r.status !== 'error') continue;
      const cells = sheet.rows[r.index] ?? [];
      const out: CellValue[] = [];
      for (let i = 0; i < width; i++) {
        const c = cells[i] ?? null;
        const field = fieldOf.get(i) ?? null;
        if (typeof c === 'number' && field && types.get(field) === 'date')
          out.push(excelSerialToIso(c, prep.read.date1904) ?? c);
        else if (typeof c === 'number' && columns[i]?.text) out.push(String(c));
        else out.push(c);
      }
      out.push(
        r.issues
          .map(
            (i) =>
              `${i.severity === 'error' ? '错误' : '提示'}：${i.column ? `${i.column} 列 ` : ''}${i.message}`,
          )
          .join('；\n'),
      );
      yield out;
    }
  }
  const rowsWritten = writeXlsx(path, [{ name: '错误数据', columns, rows: rows() }]);
  const base = prep.fileName.replace(/\.[^.]+$/, '');
  return { rows: rowsWritten, fileName: `${base}_错误报告.xlsx` };
}
