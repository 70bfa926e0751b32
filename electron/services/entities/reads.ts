/** Reads of the credit file, the township list, and every entity for the command line. */
import type { EntityRow, StoredRecord } from '../../shared/api/contract.ts';
import { ApiError } from '../../shared/api/errors.ts';
import type { Entity } from '../../shared/domain/entity.ts';
import type { Db } from '../db/open.ts';
import { ROW_COLUMNS } from './entity-search.ts';

interface EntityDbRow {
  id: number;
  uscc: string | null;
  reg_no: string | null;
  name: string;
  kind: Entity['kind'];
  legal_rep: string | null;
  region_code: string | null;
  township: string | null;
  jurisdiction: string | null;
  industry_code: string | null;
  industry_name: string | null;
  address: string | null;
  established_on: string | null;
  status: Entity['status'];
  capital_amount: number | null;
  capital_unit: string | null;
  capital_currency: string | null;
  phone: string | null;
  tags: string;
}

export function entityFromRow(r: EntityDbRow): Entity {
  return {
    uscc: r.uscc,
    regNo: r.reg_no,
    name: r.name,
    kind: r.kind,
    legalRep: r.legal_rep,
    regionCode: r.region_code,
    township: r.township,
    jurisdiction: r.jurisdiction,
    industryCode: r.industry_code,
    industryName: r.industry_name,
    address: r.address,
    establishedOn: r.established_on,
    status: r.status,
    capitalAmount: r.capital_amount,
    capitalUnit: r.capital_unit,
    capitalCurrency: r.capital_currency,
    phone: r.phone,
    tags: JSON.parse(r.tags) as string[],
  };
}

export function getCreditFile(db: Db, id: number): { id: number; entity: Entity; records: StoredRecord[] } {
  const row = db.prepare('SELECT * FROM entities WHERE id = ?').get(id) as EntityDbRow | undefined;
  if (!row) throw new ApiError('not_found', '未找到该市场主体，可能已被删除。');
  const records = (
    db
      .prepare(
        `SELECT id, type, date, source, batch_id AS batchId, data FROM records
         WHERE entity_id = ? ORDER BY date DESC, id DESC`,
      )
      .all(id) as (Omit<StoredRecord, 'data'> & { data: string })[]
  ).map((r) => ({ ...r, data: JSON.parse(r.data) as Record<string, unknown> }));
  return { id, entity: entityFromRow(row), records };
}

export function listTownships(db: Db): { name: string; count: number }[] {
  return db
    .prepare(
      `SELECT township AS name, count(*) AS count FROM entities WHERE township IS NOT NULL
       GROUP BY township ORDER BY count DESC, township`,
    )
    .all() as { name: string; count: number }[];
}

/** Streams every entity in id order for the command line, without loading the table into memory. */
export function* iterateEntityRows(db: Db): Generator<EntityRow> {
  yield* db
    .prepare(`SELECT ${ROW_COLUMNS} FROM entities e ORDER BY e.id`)
    .iterate() as IterableIterator<EntityRow>;
}
