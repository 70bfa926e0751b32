/** 检查对象名录库: every entity (a scoped officer's: their 管辖单位's), in id order, streamed. */
import type { DataDoor } from '../../../db/sql.ts';
import type { EntityScope } from '../../users/entity-scope.ts';
import { allEntities, entityCount } from '../repository/exports.ts';
import { ENTITY_COLUMNS } from './entity-columns.ts';
import type { XlsxSheet } from './xlsx-writer.ts';

export function targetPoolSheets(
  db: DataDoor,
  scope: EntityScope,
): { sheets: XlsxSheet[]; total: number; fileName: string } {
  function* rows() {
    for (const e of allEntities(db, scope.jurisdiction)) yield ENTITY_COLUMNS.map((c) => c.value(e));
  }
  return {
    total: entityCount(db, scope.jurisdiction),
    fileName: '检查对象名录库.xlsx',
    sheets: [{ name: '检查对象名录库', columns: ENTITY_COLUMNS, rows: rows() }],
  };
}
