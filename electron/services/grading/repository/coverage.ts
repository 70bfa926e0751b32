/**
 * Which report years of annual reports were loaded, per entity kind (table annual_report_coverage,
 * migration 007): written by annual-report imports and the demo county, read when credit files are
 * built for grading. A batch that was undone no longer covers anything.
 */
import type { EntityKind } from '../../../../shared/domain/entity.ts';
import type { GradingCoverage } from '../../../../shared/grading/types.ts';
import { all, type BulkStatement, bulk, type DataDoor, dialect, run, sql } from '../../../db/sql.ts';

type CoverParams = { batch: number; year: number; entity: number };
/** Prepared once per connection: an import calls it for every annual report row. */
const coverEntity = new WeakMap<DataDoor, BulkStatement<CoverParams>>();

/** Batch `batchId` brought the `year` annual report of entity `entityId`: it covers that year for its kind. */
export function coverAnnualReportOf(db: DataDoor, batchId: number, entityId: number, year: number): void {
  let stmt = coverEntity.get(db);
  if (!stmt) {
    stmt = bulk<CoverParams>(
      db,
      dialect(db, {
        sqlite: `INSERT OR IGNORE INTO annual_report_coverage (batch_id, entity_kind, year)
                 SELECT @batch, kind, @year FROM entities WHERE id = @entity`,
        postgres: `INSERT INTO annual_report_coverage (batch_id, entity_kind, year)
                   SELECT @batch, kind, @year FROM entities WHERE id = @entity ON CONFLICT DO NOTHING`,
      }),
    );
    coverEntity.set(db, stmt);
  }
  stmt.run({ batch: batchId, year, entity: entityId });
}

/** Batch `batchId` loaded the annual reports of these years for these kinds (the demo county). */
export function coverAnnualReports(
  db: DataDoor,
  batchId: number,
  kinds: readonly EntityKind[],
  years: readonly number[],
): void {
  for (const kind of kinds) {
    for (const year of years) {
      run(
        db,
        dialect(db, {
          sqlite: sql`INSERT OR IGNORE INTO annual_report_coverage (batch_id, entity_kind, year)
                      VALUES (${batchId}, ${kind}, ${year})`,
          postgres: sql`INSERT INTO annual_report_coverage (batch_id, entity_kind, year)
                        VALUES (${batchId}, ${kind}, ${year}) ON CONFLICT DO NOTHING`,
        }),
      );
    }
  }
}

/**
 * The loaded report years of each entity kind, one frozen coverage object per kind: every file of a
 * kind shares it, so the engine works out its years once per run rather than once per file.
 */
export function annualReportCoverage(db: DataDoor): Record<EntityKind, GradingCoverage> {
  const rows = all<{ kind: EntityKind; year: number }>(
    db,
    sql`SELECT DISTINCT c.entity_kind AS kind, c.year FROM annual_report_coverage c
        JOIN import_batches b ON b.id = c.batch_id
        WHERE b.undone_at IS NULL ORDER BY c.entity_kind, c.year`,
  );
  const years: Record<EntityKind, number[]> = { enterprise: [], cooperative: [], individual: [], other: [] };
  for (const r of rows) years[r.kind]?.push(r.year);
  const out = {} as Record<EntityKind, GradingCoverage>;
  for (const k of Object.keys(years) as EntityKind[]) {
    out[k] = Object.freeze({ annualReports: Object.freeze(years[k]) });
  }
  return out;
}
