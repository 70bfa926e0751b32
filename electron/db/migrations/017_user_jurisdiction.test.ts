import { afterEach, describe, expect, it } from 'vitest';
import { databaseBefore } from '../../../test/helpers/database-before.ts';
import { migrate } from '../migrate.ts';
import type { Db } from '../open.ts';
import { MIGRATIONS } from './index.ts';

describe('migration 017_user_jurisdiction', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });

  it('leaves existing users county-wide, stores a unit, refuses an empty or overlong one, indexes entities by unit', () => {
    ({ db, cleanup } = databaseBefore(17));
    db.prepare(
      `INSERT INTO users (username, display_name, role, created_at) VALUES ('li', '李', 'officer', 'x')`,
    ).run();
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 17),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(17);
    expect(db.prepare(`SELECT display_name, jurisdiction FROM users WHERE username = 'li'`).get()).toEqual({
      display_name: '李',
      jurisdiction: null,
    });
    const set = (unit: string) =>
      db.prepare(`UPDATE users SET jurisdiction = ? WHERE username = 'li'`).run(unit);
    set('城关市场监管所');
    expect(db.prepare(`SELECT jurisdiction FROM users WHERE username = 'li'`).pluck().get()).toBe(
      '城关市场监管所',
    );
    expect(() => set('')).toThrow(/CHECK/);
    expect(() => set('所'.repeat(61))).toThrow(/CHECK/);
    const plan = db
      .prepare(`EXPLAIN QUERY PLAN SELECT count(*) FROM entities WHERE jurisdiction = '城关市场监管所'`)
      .all() as { detail: string }[];
    expect(plan.map((p) => p.detail).join('\n')).toContain('entities_jurisdiction');
  });
});
