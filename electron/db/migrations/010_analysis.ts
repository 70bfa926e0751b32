import type { Migration } from '../migrate.ts';

/**
 * Per-run class counts for the analysis views (issue 14 item 3: each view ≤ 1 s at 1,000,000 entities).
 *
 * `grading_run_summary` holds, for every complete run, the entities per township × 管辖单位 × GB/T 4754
 * section × kind × class in force, so a view reads a few thousand rows instead of grouping a million
 * results. The grading service writes it in the transaction that completes a run and moves one entity
 * between classes in the transaction of each manual adjustment. Attributes are the entity's when the
 * run completed; '' stands for not recorded, as in the views.
 *
 * 009 is left to the monitoring storage; this number was given to analysis.
 */
export const m010Analysis: Migration = {
  version: 10,
  name: 'analysis',
  up(db) {
    db.exec(`
      CREATE TABLE grading_run_summary (
        run_id       INTEGER NOT NULL REFERENCES grading_runs(id) ON DELETE CASCADE,
        township     TEXT NOT NULL,
        jurisdiction TEXT NOT NULL,
        section      TEXT NOT NULL,
        kind         TEXT NOT NULL,
        grade        TEXT NOT NULL,
        entities     INTEGER NOT NULL,
        PRIMARY KEY (run_id, township, jurisdiction, section, kind, grade)
      ) STRICT, WITHOUT ROWID;

      -- Back-fill the runs completed before this version, with the grade in force (latest adjustment).
      WITH adj AS (
        SELECT run_id, entity_id, to_grade FROM grading_adjustments
        WHERE id IN (SELECT max(id) FROM grading_adjustments GROUP BY run_id, entity_id))
      INSERT INTO grading_run_summary (run_id, township, jurisdiction, section, kind, grade, entities)
      SELECT r.run_id, coalesce(e.township, ''), coalesce(e.jurisdiction, ''),
             cd_industry_section(e.industry_code), e.kind, coalesce(adj.to_grade, r.grade), count(*)
      FROM grading_results r
      JOIN grading_runs g ON g.id = r.run_id AND g.status = 'complete'
      JOIN entities e ON e.id = r.entity_id
      LEFT JOIN adj ON adj.run_id = r.run_id AND adj.entity_id = r.entity_id
      GROUP BY 1, 2, 3, 4, 5, 6;
    `);
  },
};
