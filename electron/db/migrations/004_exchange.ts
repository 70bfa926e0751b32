import type { Migration } from '../migrate.ts';

/**
 * Excel exchange (issue 4).
 *
 * - `exchange_mappings`: the column mapping a user confirmed for a header row, so the same template is
 *   mapped the same way next time (SPEC §7). Keyed by kind + a signature of the header cells.
 * - `exchange_changes`: the undo log of an import batch. Every row a batch inserted or updated gets one
 *   entry; for an update the entry keeps the row's whole before-image as JSON, so undo restores the
 *   previous state exactly (column for column), not an approximation.
 * - `exchange_after`: what the batch left — a digest of every row it inserted or updated, taken at commit.
 *   Undo refuses when a row's current digest differs (changed or deleted since by something other than a
 *   later batch: result entry, a demo re-run, a repair), rather than overwrite that change
 *   (services/exchange/after-images.ts).
 */
export const m004Exchange: Migration = {
  version: 4,
  name: 'exchange',
  up(db) {
    db.exec(`
      CREATE TABLE exchange_mappings (
        kind       TEXT NOT NULL,
        signature  TEXT NOT NULL,
        mapping    TEXT NOT NULL CHECK (json_valid(mapping)),
        updated_at TEXT NOT NULL,
        PRIMARY KEY (kind, signature)
      ) STRICT;

      CREATE TABLE exchange_changes (
        id        INTEGER PRIMARY KEY,
        batch_id  INTEGER NOT NULL REFERENCES import_batches(id),
        tbl       TEXT NOT NULL,
        -- The row: its INTEGER PRIMARY KEY, or for tables keyed otherwise (inspection items, conflicts,
        -- calendar days) the JSON array of its key columns' values.
        row_id    INTEGER,
        row_key   TEXT CHECK (row_key IS NULL OR json_valid(row_key)),
        op        TEXT NOT NULL CHECK (op IN ('insert','update')),
        before    TEXT CHECK (before IS NULL OR json_valid(before)),
        CHECK ((op = 'insert') = (before IS NULL)),
        CHECK ((row_id IS NULL) <> (row_key IS NULL))
      ) STRICT;
      CREATE INDEX exchange_changes_batch ON exchange_changes(batch_id, id);
      CREATE INDEX exchange_changes_row ON exchange_changes(tbl, row_id, row_key, batch_id);

      CREATE TABLE exchange_after (
        batch_id  INTEGER NOT NULL REFERENCES import_batches(id),
        tbl       TEXT NOT NULL,
        row_id    INTEGER,
        row_key   TEXT CHECK (row_key IS NULL OR json_valid(row_key)),
        digest    INTEGER NOT NULL,
        CHECK ((row_id IS NULL) <> (row_key IS NULL))
      ) STRICT;
      CREATE INDEX exchange_after_batch ON exchange_after(batch_id, tbl);
    `);
  },
};
