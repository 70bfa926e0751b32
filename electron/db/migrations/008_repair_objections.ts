import type { Migration } from '../migrate.ts';

/**
 * Credit repair (信用修复) and objections (异议), issue 12.
 *
 * - `repair_applications`, `objections`: one row per case, with the record concerned and a snapshot of it
 *   as it was when the case came in, so the history reads the same after the record changes. A granted
 *   repair or an objection's 更正/撤回 keeps the record's data from before it (`record_before`) so a
 *   revocation restores exactly that.
 * - `case_steps`: every step of either kind of case — who, when, on which day, with which reason.
 * - `case_attachments`: the 申请书, 承诺书 and evidence, stored inside the encrypted database (size-limited
 *   by the service) so they are backed up and protected with everything else.
 * - `external_ref` lets a list received from elsewhere (the national repair platform) import again
 *   without making a second case; `batch_id` lets an import be undone.
 */
export const m008RepairObjections: Migration = {
  version: 8,
  name: 'repair_objections',
  up(db) {
    db.exec(`
      CREATE TABLE repair_applications (
        id              INTEGER PRIMARY KEY,
        entity_id       INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        record_id       INTEGER REFERENCES records(id) ON DELETE SET NULL,
        record_type     TEXT NOT NULL,
        record_snapshot TEXT NOT NULL CHECK (json_valid(record_snapshot)),
        action          TEXT NOT NULL CHECK (action IN
                          ('stop_publicity','remove_abnormal','restore_individual','remove_serious')),
        state           TEXT NOT NULL CHECK (state IN
                          ('applied','accepted','not_accepted','verified','granted','denied','executed','revoked')),
        applicant       TEXT NOT NULL,
        contact         TEXT,
        reason          TEXT NOT NULL,
        channel         TEXT NOT NULL,
        applied_on      TEXT NOT NULL,
        accepted_on     TEXT,
        decided_on      TEXT,
        closed_on       TEXT,
        verify_method   TEXT CHECK (verify_method IN ('online','written','on_site')),
        checklist       TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(checklist)),
        decision_no     TEXT,
        record_before   TEXT CHECK (record_before IS NULL OR json_valid(record_before)),
        external_ref    TEXT UNIQUE,
        batch_id        INTEGER REFERENCES import_batches(id),
        created_at      TEXT NOT NULL,
        created_by      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX repair_applications_state ON repair_applications(state, applied_on);
      CREATE INDEX repair_applications_entity ON repair_applications(entity_id);

      CREATE TABLE objections (
        id              INTEGER PRIMARY KEY,
        entity_id       INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        record_id       INTEGER REFERENCES records(id) ON DELETE SET NULL,
        record_type     TEXT,
        record_snapshot TEXT CHECK (record_snapshot IS NULL OR json_valid(record_snapshot)),
        grading_run_id  INTEGER REFERENCES grading_runs(id),
        subject         TEXT NOT NULL,
        objector        TEXT NOT NULL,
        contact         TEXT,
        channel         TEXT NOT NULL,
        reasons         TEXT NOT NULL,
        received_on     TEXT NOT NULL,
        state           TEXT NOT NULL CHECK (state IN ('received','accepted','not_accepted','decided')),
        accepted_on     TEXT,
        decided_on      TEXT,
        outcome         TEXT CHECK (outcome IN ('corrected','withdrawn','upheld','unverifiable')),
        findings        TEXT,
        decision_no     TEXT,
        record_before   TEXT CHECK (record_before IS NULL OR json_valid(record_before)),
        external_ref    TEXT UNIQUE,
        batch_id        INTEGER REFERENCES import_batches(id),
        created_at      TEXT NOT NULL,
        created_by      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
      ) STRICT;
      CREATE INDEX objections_state ON objections(state, received_on);
      CREATE INDEX objections_record ON objections(record_id);
      CREATE INDEX objections_entity ON objections(entity_id);

      CREATE TABLE case_steps (
        id        INTEGER PRIMARY KEY,
        case_kind TEXT NOT NULL CHECK (case_kind IN ('repair','objection')),
        case_id   INTEGER NOT NULL,
        step      TEXT NOT NULL,
        on_date   TEXT NOT NULL,
        at        TEXT NOT NULL,
        by_user   TEXT NOT NULL,
        reason    TEXT,
        detail    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail))
      ) STRICT;
      CREATE INDEX case_steps_case ON case_steps(case_kind, case_id, id);

      CREATE TABLE case_attachments (
        id        INTEGER PRIMARY KEY,
        case_kind TEXT NOT NULL CHECK (case_kind IN ('repair','objection')),
        case_id   INTEGER NOT NULL,
        kind      TEXT NOT NULL CHECK (kind IN ('application','commitment','evidence','other')),
        file_name TEXT NOT NULL,
        size      INTEGER NOT NULL,
        sha256    TEXT NOT NULL,
        content   BLOB NOT NULL,
        added_at  TEXT NOT NULL,
        added_by  TEXT NOT NULL
      ) STRICT;
      CREATE INDEX case_attachments_case ON case_attachments(case_kind, case_id);
    `);
  },
};
