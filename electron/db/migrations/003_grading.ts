import type { Migration } from '../migrate.ts';

/**
 * Grading (issue 3, SPEC §5): imported models, stored runs with per-entity results, manual adjustments,
 * and each entity's current grade per model.
 *
 * - `grading_runs` / `grading_results`: history. A run is written in one transaction, so a cancelled
 *   run leaves nothing; `status` is 'complete' for every committed run (kept for readers that want to
 *   filter, and for a future resumable run). Other areas (double-random sampling) read these two tables.
 * - `grading_adjustments`: 人工调整 of one result; the latest row for (run, entity) wins. Kept apart
 *   from the results so the computed grade and its breakdown are never overwritten.
 * - `current_grades`: an entity's current grade per model where it differs from the model's latest run
 *   (the basis): written by the re-grade of one entity when its records change. An entity without a
 *   row has its basis run's result as current grade, so a run does not copy every result.
 */
export const m003Grading: Migration = {
  version: 3,
  name: 'grading',
  up(db) {
    db.exec(`
      CREATE TABLE grading_models (
        model_id    TEXT NOT NULL,
        version     TEXT NOT NULL,
        json        TEXT NOT NULL CHECK (json_valid(json)),
        imported_at TEXT NOT NULL,
        imported_by TEXT NOT NULL,
        PRIMARY KEY (model_id, version)
      ) STRICT;

      CREATE TABLE grading_runs (
        id            INTEGER PRIMARY KEY,
        model_id      TEXT NOT NULL,
        model_version TEXT NOT NULL,
        as_of         TEXT NOT NULL CHECK (as_of GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        created_by    TEXT NOT NULL,
        created_at    TEXT NOT NULL,
        finished_at   TEXT,
        status        TEXT NOT NULL CHECK (status IN ('running','complete')),
        entity_count  INTEGER NOT NULL DEFAULT 0,
        skipped_count INTEGER NOT NULL DEFAULT 0,
        -- {"A": 123, "B": 45, …}: computed grades per class, so the runs list needs no aggregate query.
        distribution  TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(distribution)),
        took_ms       INTEGER
      ) STRICT;
      CREATE INDEX grading_runs_model ON grading_runs(model_id, as_of);

      CREATE TABLE grading_results (
        run_id      INTEGER NOT NULL REFERENCES grading_runs(id) ON DELETE CASCADE,
        entity_id   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        score       REAL,
        score_grade TEXT,
        grade       TEXT NOT NULL,
        breakdown   TEXT NOT NULL CHECK (json_valid(breakdown)),
        PRIMARY KEY (run_id, entity_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX grading_results_entity ON grading_results(entity_id, run_id);

      CREATE TABLE grading_adjustments (
        id          INTEGER PRIMARY KEY,
        run_id      INTEGER NOT NULL,
        entity_id   INTEGER NOT NULL,
        from_grade  TEXT NOT NULL,
        to_grade    TEXT NOT NULL,
        reason      TEXT NOT NULL CHECK (length(trim(reason)) > 0),
        adjusted_by TEXT NOT NULL,
        adjusted_at TEXT NOT NULL,
        -- Set when the adjustment was carried over from an earlier run (same computed grade).
        carried_from INTEGER REFERENCES grading_adjustments(id),
        FOREIGN KEY (run_id, entity_id) REFERENCES grading_results(run_id, entity_id) ON DELETE CASCADE
      ) STRICT;
      CREATE INDEX grading_adjustments_result ON grading_adjustments(run_id, entity_id, id);

      CREATE TABLE current_grades (
        model_id      TEXT NOT NULL,
        entity_id     INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        model_version TEXT NOT NULL,
        -- The basis run (the model's latest run) this re-grade follows; rows of an older basis are ignored.
        run_id        INTEGER NOT NULL REFERENCES grading_runs(id) ON DELETE CASCADE,
        as_of         TEXT NOT NULL,
        score         REAL,
        score_grade   TEXT,
        -- NULL: no longer graded (e.g. 注销 since the run), which hides the run's result.
        grade         TEXT,
        breakdown     TEXT CHECK (breakdown IS NULL OR json_valid(breakdown)),
        -- The adjustment in force, if any; cleared when a re-grade changes the computed grade.
        adjustment_id INTEGER REFERENCES grading_adjustments(id),
        updated_at    TEXT NOT NULL,
        PRIMARY KEY (model_id, entity_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX current_grades_entity ON current_grades(entity_id);
    `);
  },
};
