import { afterEach, describe, expect, it } from 'vitest';
import { databaseBefore } from '../../../test/helpers/database-before.ts';
import { migrate } from '../migrate.ts';
import type { Db } from '../open.ts';

describe('migration 009_monitoring', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });
  const at = '2026-11-01T00:00:00Z';

  function open008(): void {
    ({ db, cleanup } = databaseBefore(9));
  }
  const insertEntity = (uscc: string, address: string | null, legalRep: string | null) =>
    Number(
      db
        .prepare(
          `INSERT INTO entities (uscc, name, kind, status, address, legal_rep, created_at, updated_at)
           VALUES (?, '甲', 'enterprise', 'active', ?, ?, ?, ?)`,
        )
        .run(uscc, address, legalRep, at, at).lastInsertRowid,
    );
  const keys = (id: number) =>
    db.prepare('SELECT address_key, person_key FROM entities WHERE id = ?').get(id) as {
      address_key: string | null;
      person_key: string | null;
    };

  it('gives the entities of an 008 database their normalised keys, and keeps them current on writes', () => {
    open008();
    const a = insertEntity('91410422MA00000001', '幸福路　１２号 a座', ' 张 三 ');
    const b = insertEntity('91410422MA00000002', null, '');
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(9);
    expect(keys(a)).toEqual({ address_key: '幸福路12号A座', person_key: '张三' });
    expect(keys(b)).toEqual({ address_key: null, person_key: null });

    db.prepare("UPDATE entities SET address = '幸福路１3号', legal_rep = '李四' WHERE id = ?").run(b);
    expect(keys(b)).toEqual({ address_key: '幸福路13号', person_key: '李四' });
    const c = insertEntity('91410422MA00000003', '幸福路12号A座', '张三');
    expect(keys(c)).toEqual(keys(a));
  });

  it('groups by the key through its index', () => {
    open008();
    migrate(db);
    const plan = db
      .prepare(
        `EXPLAIN QUERY PLAN SELECT address_key, count(*) FROM entities
         WHERE address_key IS NOT NULL AND status = 'active' GROUP BY address_key HAVING count(*) >= 10`,
      )
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join(' ')).toMatch(/USING (COVERING )?INDEX entities_address_key/);
  });

  it('keeps one warning per rule and subject, and rejects statuses and steps that do not exist', () => {
    open008();
    migrate(db);
    db.prepare(
      `INSERT INTO monitoring_rule_sets (set_id, version, name, json, builtin, saved_at, saved_by)
       VALUES ('county-default', 1, '默认', '{}', 1, ?, 'system')`,
    ).run(at);
    db.prepare(
      `INSERT INTO monitoring_runs (as_of, rule_set_seq, created_by, created_at) VALUES ('2026-11-01', 1, 'admin', ?)`,
    ).run(at);
    const insert = (status: string) =>
      db
        .prepare(
          `INSERT INTO monitoring_warnings (rule, subject_type, subject_key, subject_display, level, action, status,
             entities, evidence, digest, first_run_id, last_run_id, first_seen_at, last_seen_at, updated_at)
           VALUES ('same_address', 'address', '幸福路12号', '幸福路12号', '中', '检查', ?, '[]', '[]', 'd', 1, 1, ?, ?, ?)`,
        )
        .run(status, at, at, at);
    expect(() => insert('pending')).toThrow(/CHECK/);
    insert('open');
    expect(() => insert('closed')).toThrow(/UNIQUE/);
    expect(() =>
      db
        .prepare(
          `INSERT INTO monitoring_warning_steps (warning_id, step, at, by_user) VALUES (1, 'approve', ?, 'admin')`,
        )
        .run(at),
    ).toThrow(/CHECK/);
  });
});
