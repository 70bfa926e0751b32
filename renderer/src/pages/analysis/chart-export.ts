/**
 * A chart's two exports: the picture as drawn (PNG) and the figures behind it (a one-sheet workbook),
 * both named in Chinese after the chart and the run, e.g. `分类分布（按乡镇）_2026-10-31.png`.
 */
import { downloadBase64 } from '../sampling/shared.tsx';
import type { ChartInstance } from './echarts.ts';

/** The figures of one chart as a table: header row, then one row per bar group. */
export interface ChartTable {
  columns: readonly string[];
  rows: readonly (readonly (string | number | null)[])[];
}

export const NO_TABLE: ChartTable = { columns: [], rows: [] };

/** Characters Windows refuses in a file name, and leading dots. */
// biome-ignore lint/suspicious/noControlCharactersInRegex: control characters are what a file name must lose
const UNSAFE_IN_FILE_NAME = /[\\/:*?"<>|\u0000-\u001f]+/g;

export function exportFileName(title: string, detail: string, extension: 'png' | 'xlsx'): string {
  const base = [title, detail].filter((s) => s.trim() !== '').join('_');
  return `${base.replace(UNSAFE_IN_FILE_NAME, '－').replace(/^\.+/, '').slice(0, 120)}.${extension}`;
}

/** Text a spreadsheet program would run as a formula gets an apostrophe, as every export of the app does. */
export function neutralizeCell(value: string | number | null): string | number | null {
  return typeof value === 'string' && /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

export function saveChartPng(chart: ChartInstance, fileName: string): void {
  // Twice the screen's pixels, on white: pasted into a Word report it stays sharp and is not transparent.
  const url = chart.getDataURL({ type: 'png', pixelRatio: 2, backgroundColor: '#ffffff' });
  downloadBase64(fileName, url.slice(url.indexOf(',') + 1), 'image/png');
}

export async function saveChartTable(table: ChartTable, sheetName: string, fileName: string): Promise<void> {
  // Loaded on the first export only: the spreadsheet library is larger than the page itself.
  const XLSX = await import('xlsx');
  const sheet = XLSX.utils.aoa_to_sheet([
    [...table.columns],
    ...table.rows.map((row) => row.map(neutralizeCell)),
  ]);
  sheet['!cols'] = table.columns.map((c, i) => ({
    wch: Math.max(8, c.length * 2 + 2, ...table.rows.map((r) => String(r[i] ?? '').length * 2)),
  }));
  const book = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(book, sheet, sheetName.replace(/[\\/?*[\]:]/g, '').slice(0, 31) || '数据');
  downloadBase64(fileName, XLSX.write(book, { type: 'base64', bookType: 'xlsx' }) as string);
}
