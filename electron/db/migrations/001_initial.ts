import type { Migration } from '../migrate.ts';

/**
 * The credit file (SPEC §4). Records of every kind share one table: they form one timeline, the
 * grading engine reads an entity's whole file in one indexed range scan, and the kind-specific fields
 * follow the canonical exchange JSON (validated by shared/domain/records.ts before every write).
 */
export const m001Initial: Migration = {
  version: 1,
  name: 'initial',
  up(db) {
    db.exec(`
      CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL CHECK (json_valid(value))
      ) STRICT;

      CREATE TABLE users (
        id           INTEGER PRIMARY KEY,
        username     TEXT NOT NULL UNIQUE,
        display_name TEXT NOT NULL,
        role         TEXT NOT NULL CHECK (role IN ('admin','supervisor','officer','viewer')),
        disabled     INTEGER NOT NULL DEFAULT 0 CHECK (disabled IN (0,1)),
        created_at   TEXT NOT NULL
      ) STRICT;

      CREATE TABLE import_batches (
        id          INTEGER PRIMARY KEY,
        kind        TEXT NOT NULL,
        source      TEXT NOT NULL,
        file_name   TEXT,
        file_sha256 TEXT,
        created_at  TEXT NOT NULL,
        created_by  TEXT NOT NULL,
        counts      TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(counts)),
        undone_at   TEXT,
        undone_by   TEXT
      ) STRICT;

      CREATE TABLE entities (
        id               INTEGER PRIMARY KEY,
        uscc             TEXT UNIQUE,
        reg_no           TEXT UNIQUE,
        name             TEXT NOT NULL,
        kind             TEXT NOT NULL CHECK (kind IN ('enterprise','cooperative','individual','other')),
        legal_rep        TEXT,
        region_code      TEXT,
        township         TEXT,
        jurisdiction     TEXT,
        industry_code    TEXT,
        industry_name    TEXT,
        address          TEXT,
        established_on   TEXT,
        status           TEXT NOT NULL CHECK (status IN ('active','revoked','cancelled','moved','withdrawn')),
        capital_amount   REAL,
        capital_unit     TEXT,
        capital_currency TEXT,
        phone            TEXT,
        tags             TEXT NOT NULL DEFAULT '[]' CHECK (json_valid(tags)),
        batch_id         INTEGER REFERENCES import_batches(id),
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL,
        CHECK (uscc IS NOT NULL OR reg_no IS NOT NULL)
      ) STRICT;
      CREATE INDEX entities_kind ON entities(kind, status);
      CREATE INDEX entities_township ON entities(township);
      CREATE INDEX entities_industry ON entities(industry_code);

      -- Trigram tokens find any Chinese fragment of three or more characters; shorter ones fall back to LIKE.
      CREATE VIRTUAL TABLE entities_fts USING fts5(
        name, content='entities', content_rowid='id', tokenize='trigram'
      );
      CREATE TRIGGER entities_fts_ai AFTER INSERT ON entities BEGIN
        INSERT INTO entities_fts(rowid, name) VALUES (new.id, new.name);
      END;
      CREATE TRIGGER entities_fts_ad AFTER DELETE ON entities BEGIN
        INSERT INTO entities_fts(entities_fts, rowid, name) VALUES ('delete', old.id, old.name);
      END;
      CREATE TRIGGER entities_fts_au AFTER UPDATE OF name ON entities BEGIN
        INSERT INTO entities_fts(entities_fts, rowid, name) VALUES ('delete', old.id, old.name);
        INSERT INTO entities_fts(rowid, name) VALUES (new.id, new.name);
      END;

      CREATE TABLE records (
        id          INTEGER PRIMARY KEY,
        entity_id   INTEGER NOT NULL REFERENCES entities(id) ON DELETE CASCADE,
        type        TEXT NOT NULL CHECK (type IN ('penalty','abnormal_list','serious_violation_list',
                      'joint_punishment','inspection','complaint','annual_report','quality_check',
                      'commitment','commendation','public_credit_score','change')),
        date        TEXT NOT NULL CHECK (date GLOB '[0-9][0-9][0-9][0-9]-[0-9][0-9]-[0-9][0-9]'),
        natural_key TEXT NOT NULL,
        source      TEXT,
        batch_id    INTEGER REFERENCES import_batches(id),
        data        TEXT NOT NULL CHECK (json_valid(data)),
        created_at  TEXT NOT NULL,
        UNIQUE (entity_id, natural_key)
      ) STRICT;
      CREATE INDEX records_entity_date ON records(entity_id, date);
      CREATE INDEX records_type_date ON records(type, date);
      CREATE INDEX records_batch ON records(batch_id);


      -- Append-only; each row's hash covers the previous row's hash (verified by the audit service).
      CREATE TABLE audit_log (
        id        INTEGER PRIMARY KEY,
        at        TEXT NOT NULL,
        actor     TEXT NOT NULL,
        action    TEXT NOT NULL,
        target    TEXT,
        detail    TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(detail)),
        prev_hash TEXT NOT NULL,
        hash      TEXT NOT NULL
      ) STRICT;
    `);
  },
};
