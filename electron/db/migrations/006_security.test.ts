import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { appendAudit, GENESIS_HASH } from '../../services/audit/log.ts';
import { verifyAuditChain } from '../../services/audit/verify.ts';
import { newDataKey } from '../keyfile.ts';
import { migrate } from '../migrate.ts';
import { MIGRATIONS } from './index.ts';
import { type Db, openDatabase } from '../open.ts';

describe('migration 006_security', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });

  const entry = (action: string) => ({
    at: '2026-01-01T00:00:00Z',
    actor: 'admin',
    action,
    target: null,
    detail: {},
  });
  const head = () => db.prepare('SELECT last_id, last_hash, entries FROM audit_head').get();

  it('takes over an existing log as the head, then follows every append; the log becomes append-only', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    db = openDatabase(`${t.dir}/m.db`, newDataKey(), { create: true });
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < 6),
    );
    appendAudit(db, entry('a'));
    appendAudit(db, entry('b'));
    const last = db.prepare('SELECT id, hash FROM audit_log ORDER BY id DESC LIMIT 1').get() as {
      id: number;
      hash: string;
    };
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(6);
    expect(head()).toEqual({ last_id: last.id, last_hash: last.hash, entries: 2 });

    appendAudit(db, entry('c'));
    const c = db.prepare('SELECT id, hash FROM audit_log WHERE action = ?').get('c') as {
      id: number;
      hash: string;
    };
    expect(head()).toEqual({ last_id: c.id, last_hash: c.hash, entries: 3 });
    expect(verifyAuditChain(db)).toMatchObject({ intact: true, entries: 3, headHash: c.hash });

    expect(() => db.prepare("UPDATE audit_log SET action = 'x'").run()).toThrow(/只能追加/);
    expect(() => db.prepare('DELETE FROM audit_log').run()).toThrow(/只能追加/);
    expect(db.prepare('SELECT file_id, last_seq, last_hash FROM login_log_state').get()).toEqual({
      file_id: null,
      last_seq: 0,
      last_hash: GENESIS_HASH,
    });
  });

  it('an empty log starts at the genesis hash', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    db = openDatabase(`${t.dir}/m.db`, newDataKey(), { create: true });
    migrate(db);
    expect(head()).toEqual({ last_id: 0, last_hash: GENESIS_HASH, entries: 0 });
    expect(verifyAuditChain(db)).toMatchObject({ intact: true, entries: 0 });
  });
});
