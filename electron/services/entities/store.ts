/**
 * Writes credit files: entities upserted by identifier, records de-duplicated by natural key.
 * Statements are prepared once per store, because demo generation and imports write hundreds of
 * thousands of rows in one transaction.
 */
import type { Entity } from '../../shared/domain/entity.ts';
import { type CreditRecord, creditRecordSchema, recordNaturalKey } from '../../shared/domain/records.ts';
import type { Db } from '../db/open.ts';

export interface UpsertCounts {
  inserted: number;
  updated: number;
  unchanged: number;
  recordsInserted: number;
  recordsUnchanged: number;
}

const ENTITY_COLUMNS = [
  'uscc',
  'reg_no',
  'name',
  'kind',
  'legal_rep',
  'region_code',
  'township',
  'jurisdiction',
  'industry_code',
  'industry_name',
  'address',
  'established_on',
  'status',
  'capital_amount',
  'capital_unit',
  'capital_currency',
  'phone',
  'tags',
] as const;

function entityValues(e: Entity): (string | number | null)[] {
  return [
    e.uscc,
    e.regNo,
    e.name,
    e.kind,
    e.legalRep,
    e.regionCode,
    e.township,
    e.jurisdiction,
    e.industryCode,
    e.industryName,
    e.address,
    e.establishedOn,
    e.status,
    e.capitalAmount,
    e.capitalUnit,
    e.capitalCurrency,
    e.phone,
    JSON.stringify(e.tags),
  ];
}

/** Splits a canonical record into its common columns and its kind-specific JSON. */
export function recordData(r: CreditRecord): Record<string, unknown> {
  const { type: _type, date: _date, ...data } = r;
  return data;
}

export function createEntityStore(db: Db) {
  const findByUscc = db.prepare('SELECT * FROM entities WHERE uscc = ?');
  const findByRegNo = db.prepare('SELECT * FROM entities WHERE reg_no = ?');
  const insert = db.prepare(
    `INSERT INTO entities (${ENTITY_COLUMNS.join(', ')}, batch_id, created_at, updated_at)
     VALUES (${ENTITY_COLUMNS.map(() => '?').join(', ')}, ?, ?, ?)`,
  );
  const update = db.prepare(
    `UPDATE entities SET ${ENTITY_COLUMNS.map((c) => `${c} = ?`).join(', ')}, updated_at = ? WHERE id = ?`,
  );
  const insertRecord = db.prepare(
    `INSERT INTO records (entity_id, type, date, natural_key, source, batch_id, data, created_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entity_id, natural_key) DO NOTHING`,
  );

  function upsert(
    entity: Entity,
    records: readonly CreditRecord[],
    ctx: { batchId: number | null; source: string; at: string },
    counts: UpsertCounts,
  ): number {
    const existing = ((entity.uscc ? findByUscc.get(entity.uscc) : undefined) ??
      (entity.regNo ? findByRegNo.get(entity.regNo) : undefined)) as Record<string, unknown> | undefined;
    const values = entityValues(entity);
    let id: number;
    if (!existing) {
      id = Number(insert.run(...values, ctx.batchId, ctx.at, ctx.at).lastInsertRowid);
      counts.inserted++;
    } else {
      id = existing.id as number;
      const same = ENTITY_COLUMNS.every((c, i) => (existing[c] ?? null) === values[i]);
      if (same) counts.unchanged++;
      else {
        update.run(...values, ctx.at, id);
        counts.updated++;
      }
    }
    for (const r of records) {
      const rec = creditRecordSchema.parse(r);
      const res = insertRecord.run(
        id,
        rec.type,
        rec.date,
        recordNaturalKey(rec),
        ctx.source,
        ctx.batchId,
        JSON.stringify(recordData(rec)),
        ctx.at,
      );
      if (res.changes > 0) counts.recordsInserted++;
      else counts.recordsUnchanged++;
    }
    return id;
  }

  return { upsert };
}

export function emptyCounts(): UpsertCounts {
  return { inserted: 0, updated: 0, unchanged: 0, recordsInserted: 0, recordsUnchanged: 0 };
}
