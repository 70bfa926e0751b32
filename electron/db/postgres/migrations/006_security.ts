import type { PgMigration } from '../migration.ts';

const ZERO_HASH = '0'.repeat(64);

/**
 * The twin of SQLite's 006: the audit log is append-only for the program (row triggers refuse UPDATE
 * and DELETE with SQLite's messages; a statement trigger refuses TRUNCATE, which bypasses row
 * triggers and has no SQLite counterpart), `audit_head` is kept by a trigger on every insert, and
 * `login_log_state` starts at nothing copied. The refusals are SQLSTATE 23001 (restrict_violation).
 */
export const pg006Security: PgMigration = {
  version: 6,
  name: 'security',
  up(db) {
    db.exec(`
      CREATE TABLE audit_head (
        id        bigint PRIMARY KEY CHECK (id = 1),
        last_id   bigint NOT NULL,
        last_hash text NOT NULL,
        entries   bigint NOT NULL
      );
      INSERT INTO audit_head (id, last_id, last_hash, entries)
        SELECT 1,
               coalesce((SELECT max(id) FROM audit_log), 0),
               coalesce((SELECT hash FROM audit_log ORDER BY id DESC LIMIT 1), '${ZERO_HASH}'),
               (SELECT count(*) FROM audit_log);

      CREATE FUNCTION cd_audit_log_head() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        UPDATE audit_head SET last_id = NEW.id, last_hash = NEW.hash, entries = entries + 1 WHERE id = 1;
        RETURN NULL;
      END $$;
      CREATE TRIGGER audit_log_head AFTER INSERT ON audit_log
        FOR EACH ROW EXECUTE FUNCTION cd_audit_log_head();

      -- The message is the trigger's argument, so every refusal says what it refuses.
      CREATE FUNCTION cd_refuse() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION '%', TG_ARGV[0] USING ERRCODE = 'restrict_violation';
      END $$;
      CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION cd_refuse('操作日志只能追加，不能修改');
      CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
        FOR EACH ROW EXECUTE FUNCTION cd_refuse('操作日志只能追加，不能删除');
      CREATE TRIGGER audit_log_no_truncate BEFORE TRUNCATE ON audit_log
        FOR EACH STATEMENT EXECUTE FUNCTION cd_refuse('操作日志只能追加，不能删除');
      CREATE TRIGGER audit_head_no_delete BEFORE DELETE ON audit_head
        FOR EACH ROW EXECUTE FUNCTION cd_refuse('操作日志链尾记录不能删除');
      CREATE TRIGGER audit_head_no_truncate BEFORE TRUNCATE ON audit_head
        FOR EACH STATEMENT EXECUTE FUNCTION cd_refuse('操作日志链尾记录不能删除');

      CREATE TABLE login_log_state (
        id        bigint PRIMARY KEY CHECK (id = 1),
        file_id   text,
        last_seq  bigint NOT NULL,
        last_hash text NOT NULL
      );
      INSERT INTO login_log_state (id, file_id, last_seq, last_hash) VALUES (1, NULL, 0, '${ZERO_HASH}');
    `);
  },
};
