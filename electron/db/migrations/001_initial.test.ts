import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { newDataKey } from '../keyfile.ts';
import { migrate } from '../migrate.ts';
import { type Db, openDatabase } from '../open.ts';
import { m001Initial } from './001_initial.ts';

describe('migration 001_initial', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });

  function fresh(): Db {
    const t = tempDir();
    cleanup = t.cleanup;
    db = openDatabase(`${t.dir}/m.db`, newDataKey(), { create: true });
    migrate(db, [m001Initial]);
    return db;
  }

  it('creates every table of the credit file and sets user_version', () => {
    fresh();
    const tables = (
      db.prepare("SELECT name FROM sqlite_master WHERE type='table'").all() as { name: string }[]
    ).map((t) => t.name);
    for (const t of [
      'settings',
      'users',
      'import_batches',
      'entities',
      'entities_fts',
      'records',
      'audit_log',
    ]) {
      expect(tables).toContain(t);
    }
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });

  it('keeps the trigram index in step with the rows and cascades records with their entity', () => {
    fresh();
    const at = '2026-01-01T00:00:00Z';
    const id = db
      .prepare(
        "INSERT INTO entities (uscc, name, kind, status, created_at, updated_at) VALUES ('91350100M000100Y43', '示范县鑫源商贸有限公司', 'enterprise', 'active', ?, ?)",
      )
      .run(at, at).lastInsertRowid;
    const match = (q: string) =>
      (db.prepare('SELECT rowid FROM entities_fts WHERE entities_fts MATCH ?').all(`"${q}"`) as unknown[])
        .length;
    expect(match('鑫源商')).toBe(1);
    db.prepare("UPDATE entities SET name = '示范县恒达建材有限公司' WHERE id = ?").run(id);
    expect(match('鑫源商')).toBe(0);
    expect(match('恒达建')).toBe(1);
    db.prepare(
      `INSERT INTO records (entity_id, type, date, natural_key, data, created_at) VALUES (?, 'complaint', '2026-02-01', 'k1', '{"substantiated":true}', ?)`,
    ).run(id, at);
    expect(db.prepare('SELECT count(*) FROM records WHERE entity_id = ?').pluck().get(id)).toBe(1);
    db.prepare('DELETE FROM entities WHERE id = ?').run(id);
    expect(db.prepare('SELECT count(*) FROM records').pluck().get()).toBe(0);
    expect(match('恒达建')).toBe(0);
  });

  it('rejects rows that break the domain: unknown kind, record type, bad date, duplicate natural key', () => {
    fresh();
    const at = '2026-01-01T00:00:00Z';
    const bad = (sql: string) => expect(() => db.prepare(sql).run()).toThrow();
    bad(
      `INSERT INTO entities (uscc, name, kind, status, created_at, updated_at) VALUES ('X', 'n', 'company', 'active', '${at}', '${at}')`,
    );
    bad(
      `INSERT INTO entities (name, kind, status, created_at, updated_at) VALUES ('无代码', 'enterprise', 'active', '${at}', '${at}')`,
    );
    db.prepare(
      `INSERT INTO entities (uscc, name, kind, status, created_at, updated_at) VALUES ('A', 'n', 'enterprise', 'active', '${at}', '${at}')`,
    ).run();
    bad(
      `INSERT INTO records (entity_id, type, date, natural_key, data, created_at) VALUES (1, 'gossip', '2026-01-01', 'a', '{}', '${at}')`,
    );
    bad(
      `INSERT INTO records (entity_id, type, date, natural_key, data, created_at) VALUES (1, 'complaint', '2026/1/1', 'a', '{}', '${at}')`,
    );
    const ok = `INSERT INTO records (entity_id, type, date, natural_key, data, created_at) VALUES (1, 'complaint', '2026-01-01', 'a', '{}', '${at}')`;
    db.prepare(ok).run();
    bad(ok);
  });

  it('is not applied twice', () => {
    fresh();
    expect(() => migrate(db, [m001Initial])).not.toThrow();
    expect(db.pragma('user_version', { simple: true })).toBe(1);
  });
});
