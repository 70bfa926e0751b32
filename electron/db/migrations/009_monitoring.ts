import type { Migration } from '../migrate.ts';

/**
 * 监测预警 (issue 13).
 *
 * - `entities.address_key` / `person_key`: the normalised address and legal representative
 *   (shared/monitoring/normalise.ts through the SQL functions cd_address_key / cd_person_key), as
 *   generated columns: SQLite computes them on every insert and update, so no writer (import, demo, the
 *   entity form, a repair's correction) can leave them stale, and existing rows have them at once. They
 *   are indexed with the status, kind and establishment date so the cluster queries (GROUP BY key HAVING
 *   count ≥ threshold) walk the index in key order instead of sorting the table. A changed normalisation needs `REINDEX` of these indexes.
 * - `monitoring_rule_sets`: every saved version of a rule set (the built-in one is written at start-up
 *   by ensureBuiltins); the one in force is named in `settings` (`monitoring.ruleSet`).
 * - `monitoring_runs`: each run over the database, with the rule-set version it used and its counts.
 * - `monitoring_warnings`: one row per rule and subject for ever — a later run updates it, a closed or
 *   dismissed one reopens on new evidence — with its entities in `monitoring_warning_entities`.
 * - `monitoring_warning_steps`: 生成 / 更新 / 重新打开 / 审核 / 处置 / 关闭, who and when, with notes.
 */
export const m009Monitoring: Migration = {
  version: 9,
  name: 'monitoring',
  up(db) {
    db.exec(`
      ALTER TABLE entities ADD COLUMN address_key TEXT GENERATED ALWAYS AS (cd_address_key(address)) VIRTUAL;
      ALTER TABLE entities ADD COLUMN person_key TEXT GENERATED ALWAYS AS (cd_person_key(legal_rep)) VIRTUAL;
      CREATE INDEX entities_address_key ON entities(address_key, status, kind, established_on)
        WHERE address_key IS NOT NULL;
      CREATE INDEX entities_person_key ON entities(person_key, status, kind, established_on)
        WHERE person_key IS NOT NULL;

      CREATE TABLE monitoring_rule_sets (
        seq       INTEGER PRIMARY KEY,
        set_id    TEXT NOT NULL,
        version   INTEGER NOT NULL,
        name      TEXT NOT NULL,
        json      TEXT NOT NULL CHECK (json_valid(json)),
        builtin   INTEGER NOT NULL CHECK (builtin IN (0, 1)),
        saved_at  TEXT NOT NULL,
        saved_by  TEXT NOT NULL,
        UNIQUE (set_id, version)
      ) STRICT;

      CREATE TABLE monitoring_runs (
        id           INTEGER PRIMARY KEY,
        as_of        TEXT NOT NULL,
        rule_set_seq INTEGER NOT NULL REFERENCES monitoring_rule_sets(seq),
        created_by   TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        took_ms      INTEGER,
        found        INTEGER NOT NULL DEFAULT 0,
        created      INTEGER NOT NULL DEFAULT 0,
        updated      INTEGER NOT NULL DEFAULT 0,
        reopened     INTEGER NOT NULL DEFAULT 0
      ) STRICT;

      CREATE TABLE monitoring_warnings (
        id              INTEGER PRIMARY KEY,
        rule            TEXT NOT NULL,
        subject_type    TEXT NOT NULL CHECK (subject_type IN ('address','person','entity')),
        subject_key     TEXT NOT NULL,
        subject_display TEXT NOT NULL,
        level           TEXT NOT NULL CHECK (level IN ('低','中','高')),
        action          TEXT NOT NULL CHECK (action IN ('提醒','警示','约谈','检查')),
        status          TEXT NOT NULL CHECK (status IN ('open','confirmed','disposed','dismissed','closed')),
        entities        TEXT NOT NULL CHECK (json_valid(entities)),
        evidence        TEXT NOT NULL CHECK (json_valid(evidence)),
        digest          TEXT NOT NULL,
        townships       TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(townships)),
        first_run_id    INTEGER NOT NULL REFERENCES monitoring_runs(id),
        last_run_id     INTEGER NOT NULL REFERENCES monitoring_runs(id),
        first_seen_at   TEXT NOT NULL,
        last_seen_at    TEXT NOT NULL,
        disposed_action TEXT CHECK (disposed_action IN ('提醒','警示','约谈','检查')),
        task_id         INTEGER REFERENCES inspection_tasks(id) ON DELETE SET NULL,
        updated_at      TEXT NOT NULL,
        UNIQUE (rule, subject_type, subject_key)
      ) STRICT;
      CREATE INDEX monitoring_warnings_status ON monitoring_warnings(status, rule, level);

      CREATE TABLE monitoring_warning_entities (
        warning_id INTEGER NOT NULL REFERENCES monitoring_warnings(id) ON DELETE CASCADE,
        entity_id  INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        PRIMARY KEY (warning_id, entity_id)
      ) STRICT, WITHOUT ROWID;
      CREATE INDEX monitoring_warning_entities_entity ON monitoring_warning_entities(entity_id);

      CREATE TABLE monitoring_warning_steps (
        id         INTEGER PRIMARY KEY,
        warning_id INTEGER NOT NULL REFERENCES monitoring_warnings(id) ON DELETE CASCADE,
        run_id     INTEGER REFERENCES monitoring_runs(id),
        step       TEXT NOT NULL CHECK (step IN
                     ('generate','update','reopen','confirm','dismiss','dispose','close')),
        at         TEXT NOT NULL,
        by_user    TEXT NOT NULL,
        note       TEXT,
        action     TEXT CHECK (action IN ('提醒','警示','约谈','检查')),
        evidence   TEXT CHECK (evidence IS NULL OR json_valid(evidence))
      ) STRICT;
      CREATE INDEX monitoring_warning_steps_warning ON monitoring_warning_steps(warning_id, id);
    `);
  },
};
