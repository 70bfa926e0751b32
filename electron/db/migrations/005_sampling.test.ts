import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/helpers/tmp.ts';
import { newDataKey } from '../keyfile.ts';
import { migrate } from '../migrate.ts';
import { type Db, openDatabase } from '../open.ts';
import { M005_CALENDAR, M005_ITEMS, M005_PROFILES, M005_SEEDED_AT, m005Sampling } from './005_sampling.ts';
import { MIGRATIONS } from './index.ts';

describe('migration 005_sampling', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });

  function open() {
    const t = tempDir();
    cleanup = t.cleanup;
    db = openDatabase(`${t.dir}/m.db`, newDataKey(), { create: true });
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= m005Sampling.version),
    );
  }

  it('creates the tables and seeds the built-in profiles, the official calendar and the A-series items', () => {
    open();
    expect(db.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(5);
    const profiles = db.prepare('SELECT id, builtin, ratios FROM ratio_profiles ORDER BY id').all() as {
      id: string;
      builtin: number;
      ratios: string;
    }[];
    expect(profiles.map((p) => p.id)).toEqual(['henan-2020-base', 'henan-2021', 'lindian-2024']);
    expect(profiles.every((p) => p.builtin === 1)).toBe(true);
    const lindian = JSON.parse(profiles[2]!.ratios);
    expect(lindian.enterprise).toMatchObject({ A: 500, B: 2000, C: 6000, D: 10000 });
    const henan2020 = JSON.parse(profiles[0]!.ratios);
    expect([henan2020.enterprise.A, henan2020.cooperative.A, henan2020.individual.A]).toEqual([
      400, 300, 100,
    ]);
    expect(db.prepare("SELECT kind FROM calendar_days WHERE date = '2026-10-10'").get()).toEqual({
      kind: 'workday',
    });
    expect(db.prepare("SELECT name FROM inspection_items WHERE code = 'A07'").get()).toEqual({
      name: '公示信息抽查',
    });
  });

  it('runs on a database at version 4 that already holds data, and seeds the frozen reference data', () => {
    const t = tempDir();
    cleanup = t.cleanup;
    db = openDatabase(`${t.dir}/v4.db`, newDataKey(), { create: true });
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version < m005Sampling.version),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(4);
    db.prepare('INSERT INTO settings (key, value) VALUES (\'county\', \'{"name":"测试县"}\')').run();
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= m005Sampling.version),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(5);
    expect(db.prepare("SELECT value FROM settings WHERE key = 'county'").pluck().get()).toBe(
      '{"name":"测试县"}',
    );
    expect(db.prepare('SELECT COUNT(*) FROM ratio_profiles').pluck().get()).toBe(M005_PROFILES.length);
    expect(db.prepare('SELECT COUNT(*) FROM calendar_days').pluck().get()).toBe(M005_CALENDAR.length);
    expect(db.prepare('SELECT COUNT(*) FROM inspection_items').pluck().get()).toBe(M005_ITEMS.length);
    expect(db.prepare('SELECT DISTINCT updated_at FROM ratio_profiles').pluck().all()).toEqual([
      M005_SEEDED_AT,
    ]);
    expect(db.prepare('SELECT COUNT(*) FROM inspection_tasks').pluck().get()).toBe(0);
  });

  it('enforces team size ≥ 2, task status values and unique plan sequence per task', () => {
    open();
    const at = '2026-11-01T00:00:00Z';
    const insertTask = (teamSize: number, status = 'draft') =>
      db
        .prepare(
          `INSERT INTO inspection_tasks (number, name, items, class_order, ratios, start_date, end_date, team_size,
             status, created_at, created_by, updated_at)
           VALUES (?, 't', '["A07"]', '["A"]', '{}', '2026-11-02', '2026-11-20', ?, ?, ?, 'admin', ?)`,
        )
        .run(`N${teamSize}${status}`, teamSize, status, at, at).lastInsertRowid;
    expect(() => insertTask(1)).toThrow(/CHECK/);
    expect(() => insertTask(2, 'finished')).toThrow(/CHECK/);
    const id = insertTask(2);
    const plan = (seq: number) =>
      db
        .prepare(
          `INSERT INTO inspection_plans (task_id, seq, digest, seed, plan_file, strata, candidates, drawn_at, drawn_by)
           VALUES (?, ?, 'd', 's', '{}', '[]', 0, ?, 'admin')`,
        )
        .run(id, seq, at);
    plan(1);
    plan(2);
    expect(() => plan(2)).toThrow(/UNIQUE/);
  });
});
