/**
 * Many entities stored fast on either engine, for tests that search thousands of them. SQLite: the
 * store imports use (as the search tests always did). PostgreSQL: one multi-row INSERT per few thousand
 * rows — the store's three round trips per entity cost ~1 ms each, seconds per test at 10,000 rows.
 * Ids follow the order given on both engines (1, 2, … in a fresh database).
 */
import type { Entity } from '../../shared/domain/entity.ts';
import type { Db } from '../../electron/db/open.ts';
import { type DataDoor, isPg, type PgDb, run, sql, unitOfWork } from '../../electron/db/sql.ts';
import { createEntityStore, emptyCounts } from '../../electron/services/entities/store.ts';

const AT = '2026-01-01T00:00:00Z';
const BATCH = 5000;

export function storeEntities(db: DataDoor, entities: readonly Entity[]): void {
  if (isPg(db)) insertPg(db, entities);
  else storeSqlite(db, entities);
}

function storeSqlite(db: Db, entities: readonly Entity[]): void {
  const store = createEntityStore(db);
  const counts = emptyCounts();
  const ctx = { batchId: null, source: 'test', at: AT };
  db.transaction(() => {
    for (const e of entities) store.upsert(e, [], ctx, counts);
  })();
}

function insertPg(db: PgDb, entities: readonly Entity[]): void {
  unitOfWork(db, () => {
    for (let i = 0; i < entities.length; i += BATCH) {
      const rows = entities.slice(i, i + BATCH).map((e, j) => ({
        ord: i + j,
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
      }));
      run(
        db,
        sql`INSERT INTO entities (uscc, reg_no, name, kind, legal_rep, region_code, township, jurisdiction,
              industry_code, industry_name, address, established_on, status, capital_amount, capital_unit,
              capital_currency, phone, tags, created_at, updated_at)
            SELECT uscc, reg_no, name, kind, legal_rep, region_code, township, jurisdiction, industry_code,
              industry_name, address, established_on, status, capital_amount, capital_unit, capital_currency,
              phone, tags, ${AT}, ${AT}
            FROM json_to_recordset(CAST(${JSON.stringify(rows)} AS json)) AS x(ord int, uscc text, reg_no text,
              name text, kind text, legal_rep text, region_code text, township text, jurisdiction text,
              industry_code text, industry_name text, address text, established_on text, status text,
              capital_amount double precision, capital_unit text, capital_currency text, phone text, tags text)
            ORDER BY ord`,
      );
    }
  });
}
