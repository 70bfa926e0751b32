/**
 * The entities table: how a row maps to an Entity, the upsert by identifier that imports and the demo
 * use, and the reads of one entity, of all of them (streamed) and of the township list.
 */
import type { EntityRow } from '../../../../shared/api/contract.ts';
import type { Entity } from '../../../../shared/domain/entity.ts';
import {
  all,
  bulk,
  type DataDoor,
  get,
  iterate,
  type SqlQuery,
  type SqlValue,
  sql,
  value,
} from '../../../db/sql.ts';

/** A row of `entities` as either engine returns it (PostgreSQL adds its generated key columns). */
export interface EntityDbRow {
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
  /** JSON array of strings. */
  tags: string;
  /** The batch that inserted the row (an update never changes it). */
  batch_id: number | null;
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

/** The columns an Entity writes, in the order of EntityDbRow. */
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
type EntityColumn = (typeof ENTITY_COLUMNS)[number];
type EntityParams = Record<EntityColumn, SqlValue>;

function entityParams(e: Entity): EntityParams {
  return {
    uscc: e.uscc,
    reg_no: e.regNo,
    name: e.name,
    kind: e.kind,
    legal_rep: e.legalRep,
    region_code: e.regionCode,
    township: e.township,
    jurisdiction: e.jurisdiction,
    industry_code: e.industryCode,
    industry_name: e.industryName,
    address: e.address,
    established_on: e.establishedOn,
    status: e.status,
    capital_amount: e.capitalAmount,
    capital_unit: e.capitalUnit,
    capital_currency: e.capitalCurrency,
    phone: e.phone,
    tags: JSON.stringify(e.tags),
  };
}

export type UpsertOutcome = 'inserted' | 'updated' | 'unchanged';

export interface EntityUpserter {
  /**
   * Stores an entity under its USCC, else its registration number: a new row, an update of the row
   * that has that code when a column differs, or nothing when all are equal.
   */
  upsert(entity: Entity, batchId: number | null, at: string): { id: number; outcome: UpsertOutcome };
}

/**
 * Statements prepared once: the demo and imports upsert hundreds of thousands of entities in one
 * transaction. `beforeUpdate` is told the stored row just before it is updated (a writer that defers
 * the name index must index a row of its own batch before its name changes).
 */
export function entityUpserter(
  db: DataDoor,
  opts: { beforeUpdate?: (row: EntityDbRow) => void } = {},
): EntityUpserter {
  const insert = bulk<EntityParams & { batch_id: number | null; at: string }>(
    db,
    `INSERT INTO entities (${ENTITY_COLUMNS.join(', ')}, batch_id, created_at, updated_at)
     VALUES (${ENTITY_COLUMNS.map((c) => `@${c}`).join(', ')}, @batch_id, @at, @at)`,
  );
  const update = bulk<EntityParams & { id: number; at: string }>(
    db,
    `UPDATE entities SET ${ENTITY_COLUMNS.map((c) => `${c} = @${c}`).join(', ')}, updated_at = @at WHERE id = @id`,
  );
  const stored = (e: Entity): EntityDbRow | undefined =>
    (e.uscc ? get<EntityDbRow>(db, sql`SELECT * FROM entities WHERE uscc = ${e.uscc}`) : undefined) ??
    (e.regNo ? get<EntityDbRow>(db, sql`SELECT * FROM entities WHERE reg_no = ${e.regNo}`) : undefined);
  return {
    upsert(entity, batchId, at) {
      const params = entityParams(entity);
      const existing = stored(entity);
      if (!existing) {
        return { id: insert.runInsert({ ...params, batch_id: batchId, at }).newId, outcome: 'inserted' };
      }
      if (ENTITY_COLUMNS.every((c) => (existing[c] ?? null) === params[c])) {
        return { id: existing.id, outcome: 'unchanged' };
      }
      opts.beforeUpdate?.(existing);
      update.run({ ...params, id: existing.id, at });
      return { id: existing.id, outcome: 'updated' };
    },
  };
}

export function findEntity(db: DataDoor, id: number): Entity | undefined {
  const row = get<EntityDbRow>(db, sql`SELECT * FROM entities WHERE id = ${id}`);
  return row && entityFromRow(row);
}

/** `jurisdiction`: only that 管辖单位's entities (a scoped officer's export); null: the whole county. */
const ofUnit = (jurisdiction: string | null): SqlQuery =>
  jurisdiction === null ? sql`` : sql`WHERE jurisdiction = ${jurisdiction}`;

export function countEntities(db: DataDoor, jurisdiction: string | null = null): number {
  return value<number>(db, sql`SELECT count(*) FROM entities ${ofUnit(jurisdiction)}`) ?? 0;
}

/** Every entity in id order, one at a time (a county holds up to a million). */
export function* iterateEntities(db: DataDoor, jurisdiction: string | null = null): Generator<Entity> {
  for (const r of iterate<EntityDbRow>(db, sql`SELECT * FROM entities ${ofUnit(jurisdiction)} ORDER BY id`))
    yield entityFromRow(r);
}

/** recordCount is counted per row shown (an index range count), not kept in a column that every write must update. */
export const ROW_COLUMNS = `e.id, coalesce(e.uscc, e.reg_no) AS code, e.uscc, e.reg_no AS "regNo", e.name, e.kind, e.status,
  e.legal_rep AS "legalRep", e.township, e.industry_name AS "industryName", e.established_on AS "establishedOn",
  (SELECT count(*) FROM records r WHERE r.entity_id = e.id) AS "recordCount"`;

/** Every entity as a list row, in id order, streamed for the command line. */
export function* streamEntityRows(db: DataDoor, jurisdiction: string | null = null): Generator<EntityRow> {
  const unit = jurisdiction === null ? sql`` : sql`WHERE e.jurisdiction = ${jurisdiction}`;
  yield* iterate<EntityRow>(db, sql`SELECT ${sql.raw(ROW_COLUMNS)} FROM entities e ${unit} ORDER BY e.id`);
}

/** The 管辖单位 named by entities, with their number of entities, the largest first (the index of migration 017). */
export function jurisdictionCounts(db: DataDoor): { name: string; count: number }[] {
  return all<{ name: string; count: number }>(
    db,
    sql`SELECT jurisdiction AS name, count(*) AS count FROM entities WHERE jurisdiction IS NOT NULL
        GROUP BY jurisdiction ORDER BY count DESC, jurisdiction`,
  );
}

/** Townships with their number of entities, the largest first. */
export function townshipCounts(db: DataDoor): { name: string; count: number }[] {
  return all<{ name: string; count: number }>(
    db,
    sql`SELECT township AS name, count(*) AS count FROM entities WHERE township IS NOT NULL
        GROUP BY township ORDER BY count DESC, township`,
  );
}
