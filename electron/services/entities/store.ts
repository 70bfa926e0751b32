/**
 * Writes credit files: entities upserted by identifier, records de-duplicated by natural key. One
 * store per transaction: its statements are prepared once, because demo generation and imports write
 * hundreds of thousands of rows.
 */
import type { Entity } from '../../../shared/domain/entity.ts';
import { type CreditRecord, creditRecordSchema } from '../../../shared/domain/records.ts';
import type { DataDoor } from '../../db/sql.ts';
import { entityUpserter } from './repository/entities.ts';
import { recordInserter } from './repository/records.ts';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  recordsInserted: number;
  recordsUnchanged: number;
}

export function createEntityStore(db: DataDoor) {
  const entities = entityUpserter(db);
  const records = recordInserter(db);

  function upsert(
    entity: Entity,
    entityRecords: readonly CreditRecord[],
    ctx: { batchId: number | null; source: string; at: string },
    counts: UpsertCounts,
  ): number {
    const { id, outcome } = entities.upsert(entity, ctx.batchId, ctx.at);
    counts[outcome]++;
    for (const r of entityRecords) {
      if (records.insert(id, creditRecordSchema.parse(r), ctx)) counts.recordsInserted++;
      else counts.recordsUnchanged++;
    }
    return id;
  }

  return { upsert };
}

export function emptyCounts(): UpsertCounts {
  return { inserted: 0, updated: 0, unchanged: 0, recordsInserted: 0, recordsUnchanged: 0 };
}
