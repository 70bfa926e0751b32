import type { Migration } from '../migrate.ts';

/**
 * Which report years of annual reports were loaded, and for which entity kinds (issue 11 item 3: data
 * never loaded is not a violation). Grading counts a report year without an `annual_report` record as
 * missing only where that year was loaded for the entity's kind.
 *
 * - `annual_report_coverage`: one row per import batch, entity kind and report year the batch brought
 *   annual reports for (an annual-report import, a demo county). A batch that is undone stops covering
 *   (`import_batches.undone_at`), so nothing has to be deleted here on undo.
 * - Existing databases: every batch that brought annual-report records covers those records' years and
 *   kinds, so what was graded as missing before keeps being graded so, and nothing else newly is.
 */
export const m007AnnualReportCoverage: Migration = {
  version: 7,
  name: 'annual_report_coverage',
  up(db) {
    db.exec(`
      CREATE TABLE annual_report_coverage (
        batch_id    INTEGER NOT NULL REFERENCES import_batches(id),
        entity_kind TEXT NOT NULL CHECK (entity_kind IN ('enterprise','cooperative','individual','other')),
        year        INTEGER NOT NULL CHECK (year BETWEEN 1900 AND 2999),
        PRIMARY KEY (batch_id, entity_kind, year)
      ) STRICT, WITHOUT ROWID;

      INSERT OR IGNORE INTO annual_report_coverage (batch_id, entity_kind, year)
        SELECT DISTINCT r.batch_id, e.kind, CAST(json_extract(r.data, '$.year') AS INTEGER)
        FROM records r JOIN entities e ON e.id = r.entity_id
        WHERE r.type = 'annual_report' AND r.batch_id IS NOT NULL
          AND json_type(r.data, '$.year') = 'integer'
          AND json_extract(r.data, '$.year') BETWEEN 1900 AND 2999;
    `);
  },
};
