import { afterEach, describe, expect, it, vi } from 'vitest';
import { BUILTIN_CALENDAR, BUILTIN_ITEMS, BUILTIN_RATIO_PROFILES } from '../../resources/builtin-data.ts';
import { tempDir } from '../../test/helpers/tmp.ts';
import { BUILTIN_SETS, type BuiltinSets, ensureBuiltins } from './builtins.ts';
import { newDataKey } from './keyfile.ts';
import { migrate } from './migrate.ts';
import { type Db, openAndMigrate, openDatabase } from './open.ts';

const cleanups: (() => void)[] = [];
afterEach(() => {
  vi.useRealTimers();
  for (const c of cleanups.splice(0)) c();
});

function fresh(name = 'b.db'): Db {
  const t = tempDir();
  const db = openDatabase(`${t.dir}/${name}`, newDataKey(), { create: true });
  cleanups.push(() => {
    db.close();
    t.cleanup();
  });
  return db;
}

/** Schema and every row of every table, in a stable order. */
function dump(db: Db): { schema: unknown[]; rows: Record<string, string[]> } {
  const schema = db
    .prepare("SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%' ORDER BY type, name")
    .all();
  const rows: Record<string, string[]> = {};
  for (const { name } of db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'")
    .all() as { name: string }[]) {
    rows[name] = db
      .prepare(`SELECT * FROM "${name}"`)
      .all()
      .map((r) => JSON.stringify(r))
      .sort();
  }
  return { schema, rows };
}

const profileRow = (db: Db, id: string) =>
  db.prepare('SELECT name, ratios, updated_at FROM ratio_profiles WHERE id = ?').get(id) as
    | { name: string; ratios: string; updated_at: string }
    | undefined;

describe('migrations are frozen; built-ins evolve at startup', () => {
  it('two databases created at different clock times hold the same schema and content', () => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(new Date('2026-01-05T08:00:00Z'));
    const early = fresh('early.db');
    migrate(early);
    vi.setSystemTime(new Date('2031-07-20T23:59:00Z'));
    const late = fresh('late.db');
    migrate(late);
    const a = dump(early);
    expect(a.rows.ratio_profiles).toHaveLength(3);
    expect(a.rows.calendar_days!.length).toBeGreaterThan(50);
    expect(dump(late)).toEqual(a);

    // The startup step is clock-free too.
    ensureBuiltins(late);
    vi.setSystemTime(new Date('2026-01-05T08:00:00Z'));
    ensureBuiltins(early);
    expect(dump(late)).toEqual(dump(early));
  });

  it('opening a database runs the startup step once; a second open changes nothing', () => {
    const t = tempDir();
    const key = newDataKey();
    const path = `${t.dir}/o.db`;
    let db = openAndMigrate(path, key, { create: true });
    const first = dump(db);
    expect(
      JSON.parse(db.prepare("SELECT value FROM settings WHERE key = 'builtins'").pluck().get() as string),
    ).toMatchObject({
      ratioProfiles: { version: BUILTIN_RATIO_PROFILES.version },
      items: { version: BUILTIN_ITEMS.version },
      calendar: { version: BUILTIN_CALENDAR.version },
    });
    db.close();
    db = openAndMigrate(path, key);
    expect(dump(db)).toEqual(first);
    db.close();
    t.cleanup();
  });

  it('this release’s built-ins equal what migration 005 seeded, so a new database needs no update', () => {
    const db = fresh();
    migrate(db);
    const seeded = dump(db).rows;
    ensureBuiltins(db);
    const after = dump(db).rows;
    expect(after.ratio_profiles).toEqual(seeded.ratio_profiles);
    expect(after.inspection_items).toEqual(seeded.inspection_items);
    expect(after.calendar_days).toEqual(seeded.calendar_days);
  });

  it('a later release updates unedited built-ins and adds new ones, never touching edited or deleted rows', () => {
    const db = fresh();
    migrate(db);
    ensureBuiltins(db);
    // The user edits one profile, deletes one item and moves one calendar day.
    db.prepare("UPDATE ratio_profiles SET name = '本县自定' WHERE id = 'henan-2021'").run();
    db.prepare("DELETE FROM inspection_items WHERE code = 'A12'").run();
    db.prepare("UPDATE calendar_days SET name = '县里调整' WHERE date = '2026-10-10'").run();

    const releasedAt = '2027-11-20T00:00:00.000Z';
    const next: BuiltinSets = {
      ratioProfiles: {
        version: 2,
        releasedAt,
        rows: BUILTIN_SETS.ratioProfiles.rows.map((p) => ({ ...p, name: `${p.name}（修订）` })),
      },
      items: {
        version: 2,
        releasedAt,
        rows: [
          ...BUILTIN_SETS.items.rows.map((i) => ({ ...i, name: `${i.name}（新）` })),
          { code: 'A13', name: '新增事项' },
        ],
      },
      calendar: {
        version: 2,
        releasedAt,
        rows: [
          ...BUILTIN_SETS.calendar.rows.map((d) => ({ ...d, name: `${d.name}*` })),
          { date: '2027-01-01', kind: 'holiday', name: '元旦' },
        ],
      },
    };
    ensureBuiltins(db, next);

    expect(profileRow(db, 'lindian-2024')).toMatchObject({
      name: '林甸县 2024（各档上限）（修订）',
      updated_at: releasedAt,
    });
    expect(profileRow(db, 'henan-2021')?.name).toBe('本县自定');
    const item = (code: string) =>
      db.prepare('SELECT name FROM inspection_items WHERE code = ?').pluck().get(code);
    expect(item('A07')).toBe('公示信息抽查（新）');
    expect(item('A12')).toBeUndefined();
    expect(item('A13')).toBe('新增事项');
    const day = (date: string) =>
      db.prepare('SELECT name FROM calendar_days WHERE date = ?').pluck().get(date);
    expect(day('2026-10-10')).toBe('县里调整');
    expect(day('2026-10-01')).toBe('国庆节*');
    expect(day('2027-01-01')).toBe('元旦');

    // The edited row stays the user's in every later release, and the step is idempotent.
    const settled = dump(db);
    ensureBuiltins(db, next);
    expect(dump(db)).toEqual(settled);
    ensureBuiltins(db, {
      ...next,
      ratioProfiles: { ...next.ratioProfiles, version: 3, rows: BUILTIN_SETS.ratioProfiles.rows },
    });
    expect(profileRow(db, 'henan-2021')?.name).toBe('本县自定');
    expect(profileRow(db, 'lindian-2024')?.name).toBe('林甸县 2024（各档上限）');
  });

  it('recognises the rows of a database that migration 005 seeded before this step existed', () => {
    const db = fresh();
    migrate(db);
    // A database from before the startup step: no record in settings, and an older clock-dated seed.
    db.prepare("UPDATE ratio_profiles SET updated_at = '2026-11-25T03:04:05.000Z'").run();
    db.prepare("UPDATE ratio_profiles SET ratios = '{}' WHERE id = 'henan-2020-base'").run();
    ensureBuiltins(db, {
      ...BUILTIN_SETS,
      ratioProfiles: {
        ...BUILTIN_SETS.ratioProfiles,
        rows: BUILTIN_SETS.ratioProfiles.rows.map((p) => ({ ...p, description: '新说明' })),
      },
    });
    expect(db.prepare("SELECT description FROM ratio_profiles WHERE id = 'lindian-2024'").pluck().get()).toBe(
      '新说明',
    );
    expect(db.prepare("SELECT ratios FROM ratio_profiles WHERE id = 'henan-2020-base'").pluck().get()).toBe(
      '{}',
    );
  });
});
