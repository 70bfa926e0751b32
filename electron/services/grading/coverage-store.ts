/**
 * Which report years of annual reports were loaded, per entity kind (migration 007): written by
 * annual-report imports and the demo county, read when credit files are built for grading. A batch
 * that was undone no longer covers anything.
 */
import type { EntityKind } from '../../../shared/domain/entity.ts';
import type { GradingCoverage } from '../../../shared/grading/types.ts';
import type Database from 'better-sqlite3-multiple-ciphers';
import type { Db } from '../../db/open.ts';

const coverEntityStmt = new WeakMap<Db, Database.Statement>();

/** Batch `batchId` brought the `year` annual report of entity `entityId`: it covers that year for its kind. */
export function coverAnnualReportOf(db: Db, batchId: number, entityId: number, year: number): void {
  let stmt = coverEntityStmt.get(db);
  if (!stmt) {
    stmt = db.prepare(
      `INSERT OR IGNORE INTO annual_report_coverage (batch_id, entity_kind, year)
       SELECT ?, kind, ? FROM entities WHERE id = ?`,
    );
    coverEntityStmt.set(db, stmt);
  }
  stmt.run(batchId, year, entityId);
}

/** Batch `batchId` loaded the annual reports of these years for these kinds (the demo county). */
export function coverAnnualReports(
  db: Db,
  batchId: number,
  kinds: readonly EntityKind[],
  years: readonly number[],
): void {
  const insert = db.prepare(
    'INSERT OR IGNORE INTO annual_report_coverage (batch_id, entity_kind, year) VALUES (?, ?, ?)',
  );
  for (const kind of kinds) for (const year of years) insert.run(batchId, kind, year);
}

/**
 * The loaded report years of each entity kind, one frozen coverage object per kind: every file of a
 * kind shares it, so the engine works out its years once per run rather than once per file.
 */
export function annualReportCoverage(db: Db): Record<EntityKind, GradingCoverage> {
  const rows = db
    .prepare(
      `SELECT DISTINCT c.entity_kind AS kind, c.year FROM annual_report_coverage c
       JOIN import_batches b ON b.id = c.batch_id
       WHERE b.undone_at IS NULL ORDER BY c.entity_kind, c.year`,
    )
    .all() as { kind: EntityKind; year: number }[];
  const years: Record<EntityKind, number[]> = { enterprise: [], cooperative: [], individual: [], other: [] };
  for (const r of rows) years[r.kind]?.push(r.year);
  const out = {} as Record<EntityKind, GradingCoverage>;
  for (const k of Object.keys(years) as EntityKind[]) {
    out[k] = Object.freeze({ annualReports: Object.freeze(years[k]) });
  }
  return out;
}
