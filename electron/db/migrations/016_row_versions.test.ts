import { afterEach, describe, expect, it } from 'vitest';
import { databaseBefore } from '../../../test/helpers/database-before.ts';
import { migrate } from '../migrate.ts';
import type { Db } from '../open.ts';
import { ROW_VERSIONED_TABLES } from './016_row_versions.ts';

describe('migration 016_row_versions', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });

  it('gives every edited row version 1, keeps the rows, and refuses a version below 1', () => {
    ({ db, cleanup } = databaseBefore(16));
    db.prepare(
      `INSERT INTO users (username, display_name, role, created_at) VALUES ('li', '李', 'officer', 'x')`,
    ).run();
    const seeded = db.prepare('SELECT count(*) FROM ratio_profiles').pluck().get() as number;
    expect(seeded).toBeGreaterThan(0);
    migrate(db);
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(16);
    for (const t of ROW_VERSIONED_TABLES) {
      const column = (
        db.pragma(`table_info(${t})`) as { name: string; notnull: number; dflt_value: string }[]
      ).find((c) => c.name === 'row_version');
      expect(column, t).toMatchObject({ notnull: 1, dflt_value: '1' });
    }
    expect(db.prepare(`SELECT display_name, row_version FROM users WHERE username = 'li'`).get()).toEqual({
      display_name: '李',
      row_version: 1,
    });
    expect(db.prepare('SELECT DISTINCT row_version FROM ratio_profiles').pluck().all()).toEqual([1]);
    expect(() => db.prepare(`UPDATE users SET row_version = 0 WHERE username = 'li'`).run()).toThrow(/CHECK/);
  });
});
