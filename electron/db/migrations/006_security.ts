import type { Migration } from '../migrate.ts';

/**
 * Security (issue 6).
 *
 * - The audit log becomes append-only for the program: triggers refuse UPDATE and DELETE, so no bug in
 *   a service can rewrite history. (Someone with the data key can drop the triggers; the hash chain,
 *   verified by `audit verify`, is what catches that.)
 * - `audit_head` remembers the last entry (id, hash, count), kept by a trigger on every insert. The
 *   chain alone cannot see entries cut off at the end; the head can.
 * - `login_log_state` remembers how far the unencrypted failed-login file (`<db>.logins.json`) was
 *   copied into the audit log, so a copy is never made twice and a reset of that file is noticed.
 */
export const m006Security: Migration = {
  version: 6,
  name: 'security',
  up(db) {
    db.exec(`
      CREATE TABLE audit_head (
        id       INTEGER PRIMARY KEY CHECK (id = 1),
        last_id  INTEGER NOT NULL,
        last_hash TEXT NOT NULL,
        entries  INTEGER NOT NULL
      ) STRICT;
      INSERT INTO audit_head (id, last_id, last_hash, entries)
        SELECT 1,
               coalesce((SELECT max(id) FROM audit_log), 0),
               coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '${'0'.repeat(64)}'),
               (SELECT count(*) FROM audit_log);

      CREATE TRIGGER audit_log_head AFTER INSERT ON audit_log BEGIN
        UPDATE audit_head SET last_id = new.id, last_hash = new.hash, entries = entries + 1 WHERE id = 1;
      END;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log BEGIN
        SELECT RAISE(ABORT, '操作日志只能追加，不能修改');
      END;
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log BEGIN
        SELECT RAISE(ABORT, '操作日志只能追加，不能删除');
      END;
      CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head BEGIN
        SELECT RAISE(ABORT, '操作日志链尾记录不能删除');
      END;

      CREATE TABLE login_log_state (
        id        INTEGER PRIMARY KEY CHECK (id = 1),
        file_id   TEXT,
        last_seq  INTEGER NOT NULL,
        last_hash TEXT NOT NULL
      ) STRICT;
      INSERT INTO login_log_state (id, file_id, last_seq, last_hash) VALUES (1, NULL, 0, '${'0'.repeat(64)}');
    `);
  },
};
