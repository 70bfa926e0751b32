/** The records table: a credit file's records, de-duplicated per entity by their natural key. */
import type { StoredRecord } from '../../../../shared/api/contract.ts';
import { type CreditRecord, recordNaturalKey } from '../../../../shared/domain/records.ts';
import { all, bulk, type DataDoor, sql } from '../../../db/sql.ts';
import { recordData } from '../record-data.ts';

export interface RecordInserter {
  /** Adds a record to an entity's file; false when the file already holds one with the same natural key. */
  insert(
    entityId: number,
    record: CreditRecord,
    ctx: { source: string; batchId: number | null; at: string },
  ): boolean;
}

/** Prepared once: a demo county writes about six records per entity in one transaction. */
export function recordInserter(db: DataDoor): RecordInserter {
  const insert = bulk<{
    entity_id: number;
    type: string;
    date: string;
    natural_key: string;
    source: string;
    batch_id: number | null;
    data: string;
    at: string;
  }>(
    db,
    `INSERT INTO records (entity_id, type, date, natural_key, source, batch_id, data, created_at)
     VALUES (@entity_id, @type, @date, @natural_key, @source, @batch_id, @data, @at)
     ON CONFLICT (entity_id, natural_key) DO NOTHING`,
  );
  return {
    insert(entityId, record, ctx) {
      return (
        insert.run({
          entity_id: entityId,
          type: record.type,
          date: record.date,
          natural_key: recordNaturalKey(record),
          source: ctx.source,
          batch_id: ctx.batchId,
          data: JSON.stringify(recordData(record)),
          at: ctx.at,
        }).changes > 0
      );
    },
  };
}

/** An entity's records, the newest first. */
export function recordsOf(db: DataDoor, entityId: number): StoredRecord[] {
  return all<Omit<StoredRecord, 'data'> & { data: string }>(
    db,
    sql`SELECT id, type, date, source, batch_id AS "batchId", data FROM records
        WHERE entity_id = ${entityId} ORDER BY date DESC, id DESC`,
  ).map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
}
