/**
 * The publication notice (shared/inspection-results/publication-notice.ts) of the `inspection` records
 * of a plan (or a date range), in the credit file: also results imported from elsewhere.
 */
import { ApiError } from '../../../../shared/api/errors.ts';
import type { NoticeEntry } from '../../../../shared/inspection-results/publication-notice.ts';
import type { Db } from '../../../db/open.ts';
import { getCounty } from '../../settings.ts';
import { noticeSheet } from './notice-sheet.ts';
import type { XlsxSheet } from './xlsx-writer.ts';

export function publicationSheets(
  db: Db,
  filter: { plan?: string; from?: string; to?: string },
): { sheets: XlsxSheet[]; total: number; fileName: string } {
  if (!filter.plan && !(filter.from && filter.to)) {
    throw new ApiError('invalid_input', '请指定抽查任务，或起止日期。');
  }
  const where = filter.plan
    ? "r.type = 'inspection' AND json_extract(r.data, '$.plan') = @plan"
    : "r.type = 'inspection' AND r.date BETWEEN @from AND @to";
  const params = filter.plan ? { plan: filter.plan } : { from: filter.from, to: filter.to };
  const total = (
    db.prepare(`SELECT count(*) AS n FROM records r WHERE ${where}`).get(params) as { n: number }
  ).n;
  const bureau = getCounty(db)?.bureau ?? '';
  const stmt = db.prepare(
    `SELECT r.date, r.data, e.uscc, e.reg_no, e.name FROM records r JOIN entities e ON e.id = r.entity_id
     WHERE ${where} ORDER BY r.date, e.id`,
  );
  function* entries(): Generator<NoticeEntry> {
    for (const r of stmt.iterate(params) as Iterable<{
      date: string;
      data: string;
      uscc: string | null;
      reg_no: string | null;
      name: string;
    }>) {
      const d = JSON.parse(r.data) as {
        results?: string[];
        followUp?: string | null;
        authority?: string | null;
      };
      yield {
        authority: d.authority || bureau,
        date: r.date,
        results: d.results ?? [],
        followUp: d.followUp ?? null,
        code: r.uscc ?? r.reg_no,
        name: r.name,
      };
    }
  }
  const label = filter.plan ?? `${filter.from}至${filter.to}`;
  return {
    total,
    fileName: `抽查结果公示表_${label}.xlsx`,
    sheets: [noticeSheet(entries())],
  };
}
