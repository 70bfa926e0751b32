/**
 * 抽查检查结果公示表 in the GSXT column order (SPEC §6.6): 序号 | 检查实施机关 | 类型 | 日期 | 结果
 * (+ 备注), followed by the entity's code and name so the sheet can be checked against the plan.
 * Built from the `inspection` records of a plan (or a date range).
 */
import { ApiError } from '../../../../shared/api/errors.ts';
import { resultLabel } from '../../../../shared/inspection-results/index.ts';
import type { Db } from '../../../db/open.ts';
import { getCounty } from '../../settings/county.ts';
import type { XlsxSheet } from './xlsx-writer.ts';

export const PUBLICATION_TYPE = '“双随机、一公开”抽查';

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
  function* rows() {
    let n = 0;
    for (const r of stmt.iterate(params) as Iterable<{
      date: string;
      data: string;
      uscc: string | null;
      reg_no: string | null;
      name: string;
    }>) {
      n++;
      const d = JSON.parse(r.data) as {
        results?: string[];
        followUp?: string | null;
        authority?: string | null;
      };
      yield [
        n,
        d.authority || bureau,
        PUBLICATION_TYPE,
        r.date,
        (d.results ?? []).map(resultLabel).join('；'),
        d.followUp ?? '',
        r.uscc ?? r.reg_no,
        r.name,
      ];
    }
  }
  const label = filter.plan ?? `${filter.from}至${filter.to}`;
  return {
    total,
    fileName: `抽查结果公示表_${label}.xlsx`,
    sheets: [
      {
        name: '抽查结果公示',
        columns: [
          { header: '序号', width: 8 },
          { header: '检查实施机关', width: 28 },
          { header: '类型', width: 22 },
          { header: '日期', width: 12, text: true },
          { header: '结果', width: 40 },
          { header: '备注', width: 24 },
          { header: '统一社会信用代码/注册号', width: 24, text: true },
          { header: '企业名称', width: 36 },
        ],
        rows: rows(),
      },
    ],
  };
}
