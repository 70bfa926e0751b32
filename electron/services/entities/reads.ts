/** Reads of the credit file, the township list, and every entity for the command line. */
import type { EntityRow, StoredRecord } from '../../../shared/api/contract.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { Entity } from '../../../shared/domain/entity.ts';
import type { DataDoor } from '../../db/sql.ts';
import { findEntity, streamEntityRows, townshipCounts } from './repository/entities.ts';
import { recordsOf } from './repository/records.ts';

export function getCreditFile(
  db: DataDoor,
  id: number,
): { id: number; entity: Entity; records: StoredRecord[] } {
  const entity = findEntity(db, id);
  if (!entity) throw new ApiError('not_found', '未找到该市场主体，可能已被删除。');
  return { id, entity, records: recordsOf(db, id) };
}

export function listTownships(db: DataDoor): { name: string; count: number }[] {
  return townshipCounts(db);
}

/** Streams every entity in id order for the command line, without loading the table into memory. */
export function iterateEntityRows(db: DataDoor): Iterable<EntityRow> {
  return streamEntityRows(db);
}
