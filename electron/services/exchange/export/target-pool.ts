/** 检查对象名录库: every entity, in id order, streamed. */
import type { Db } from '../../../db/open.ts';
import { entityFromRow } from '../../entities/repository/entities.ts';
import { ENTITY_COLUMNS } from './entity-columns.ts';
import type { XlsxSheet } from './xlsx-writer.ts';

export function targetPoolSheets(db: Db): { sheets: XlsxSheet[]; total: number; fileName: string } {
  const total = (db.prepare('SELECT count(*) AS n FROM entities').get() as { n: number }).n;
  const stmt = db.prepare('SELECT * FROM entities ORDER BY id');
  function* rows() {
    for (const r of stmt.iterate() as Iterable<Parameters<typeof entityFromRow>[0]>) {
      const e = entityFromRow(r);
      yield ENTITY_COLUMNS.map((c) => c.value(e));
    }
  }
  return {
    total,
    fileName: '检查对象名录库.xlsx',
    sheets: [{ name: '检查对象名录库', columns: ENTITY_COLUMNS, rows: rows() }],
  };
}
