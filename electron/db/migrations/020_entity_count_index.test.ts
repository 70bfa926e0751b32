import { afterEach, describe, expect, it } from 'vitest';
import { databaseBefore } from '../../../test/helpers/database-before.ts';
import { migrate } from '../migrate.ts';
import type { Db } from '../open.ts';
import { MIGRATIONS } from './index.ts';

describe('migration 020_entity_count_index', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });

  it('gives the entity count a narrow index of its own, which the planner takes and which counts every row', () => {
    ({ db, cleanup } = databaseBefore(20));
    const insert = db.prepare(
      `INSERT INTO entities (uscc, name, kind, status, township, jurisdiction, created_at, updated_at)
       VALUES (?, ?, 'individual', 'active', '东城街道', '东城市场监管所', 'x', 'x')`,
    );
    for (let i = 1; i <= 500; i++) insert.run(`U${i}`, `店${i}`);
    const plan = () =>
      (db.prepare('EXPLAIN QUERY PLAN SELECT count(*) FROM entities e').all() as { detail: string }[])
        .map((r) => r.detail)
        .join('\n');
    // Before: the widest-keyed of the narrow text indexes.
    expect(plan()).not.toMatch(/entities_count/);
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 20),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(20);
    expect(plan()).toMatch(/COVERING INDEX entities_count\b/);
    expect(db.prepare('SELECT count(*) FROM entities e').pluck().get()).toBe(500);
    db.exec(`DELETE FROM entities WHERE id % 5 = 0`);
    expect(db.prepare('SELECT count(*) FROM entities e').pluck().get()).toBe(400);
    expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
