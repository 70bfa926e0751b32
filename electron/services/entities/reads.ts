/** Reads of the credit file, the township list, and every entity for the command line. */
import type { EntityRow, StoredRecord } from '../../../shared/api/contract.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import type { Entity } from '../../../shared/domain/entity.ts';
import type { DataDoor } from '../../db/sql.ts';
import type { EntityScope } from '../users/entity-scope.ts';
import { findEntity, jurisdictionCounts, streamEntityRows, townshipCounts } from './repository/entities.ts';
import { recordsOf } from './repository/records.ts';

/** Refuses an entity outside a scoped officer's 管辖单位 (an entity with no unit is outside every unit). */
export function assertInScope(scope: EntityScope, entity: Pick<Entity, 'jurisdiction'>): void {
  if (scope.jurisdiction === null || entity.jurisdiction === scope.jurisdiction) return;
  throw new ApiError(
    'forbidden',
    `该主体不属于您的管辖单位（${scope.jurisdiction}），无权查看。如需查看，请联系管理员调整您的管辖单位。`,
  );
}

export function getCreditFile(
  db: DataDoor,
  id: number,
  scope: EntityScope,
): { id: number; entity: Entity; records: StoredRecord[] } {
  const entity = findEntity(db, id);
  if (!entity) throw new ApiError('not_found', '未找到该市场主体，可能已被删除。');
  assertInScope(scope, entity);
  return { id, entity, records: recordsOf(db, id) };
}

/** The 管辖单位 the county's entities name (an administrator picks a user's unit among them). */
export function listJurisdictions(db: DataDoor): { name: string; count: number }[] {
  return jurisdictionCounts(db);
}

export function listTownships(db: DataDoor): { name: string; count: number }[] {
  return townshipCounts(db);
}

/**
 * Streams every entity (a scoped officer's: their 管辖单位's) in id order for the command line, without
 * loading the table into memory.
 */
export function iterateEntityRows(db: DataDoor, scope: EntityScope): Iterable<EntityRow> {
  return streamEntityRows(db, scope.jurisdiction);
}
