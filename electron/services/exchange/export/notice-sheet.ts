/**
 * The publication notice as a sheet of the Excel writer: the columns and rows of
 * shared/inspection-results/publication-notice.ts, numbered as they stream past.
 */
import {
  NOTICE_COLUMNS,
  NOTICE_SHEET_NAME,
  type NoticeEntry,
  noticeRow,
} from '../../../../shared/inspection-results/publication-notice.ts';
import type { XlsxSheet } from './xlsx-writer.ts';

export function noticeSheet(entries: Iterable<NoticeEntry>): XlsxSheet {
  function* rows() {
    let n = 0;
    for (const e of entries) yield noticeRow(++n, e);
  }
  return { name: NOTICE_SHEET_NAME, columns: NOTICE_COLUMNS, rows: rows() };
}
