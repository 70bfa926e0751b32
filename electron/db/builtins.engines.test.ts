/**
 * The startup step that brings built-in reference data to this release's versions runs for a bureau
 * server's database as for a desk's (openAndMigratePg): a later release's ratio profiles, items and
 * calendar days reach both, and a row an officer edited or deleted stays as they left it.
 */
import { expect, it } from 'vitest';
import { forEachEngine } from '../../test/helpers/engines.ts';
import { BUILTIN_SETS, type BuiltinSets, ensureBuiltins } from './builtins.ts';
import { all, run, sql, value } from './sql.ts';

const LATER: BuiltinSets = {
  ratioProfiles: {
    ...BUILTIN_SETS.ratioProfiles,
    version: BUILTIN_SETS.ratioProfiles.version + 1,
    rows: BUILTIN_SETS.ratioProfiles.rows.map((p) => ({ ...p, name: `${p.name}（修订）` })),
  },
  items: {
    ...BUILTIN_SETS.items,
    version: BUILTIN_SETS.items.version + 1,
    rows: [...BUILTIN_SETS.items.rows, { code: 'ZZ-NEW', name: '新增抽查事项' }],
  },
  calendar: {
    ...BUILTIN_SETS.calendar,
    version: BUILTIN_SETS.calendar.version + 1,
    rows: [...BUILTIN_SETS.calendar.rows, { date: '2099-01-01', kind: 'holiday', name: '元旦' }],
  },
};

forEachEngine('built-in reference data at startup', (fresh) => {
  it('a new database holds this release’s versions', () => {
    const { db } = fresh();
    const recorded = JSON.parse(
      value<string>(db, sql`SELECT value FROM settings WHERE key = 'builtins'`) ?? '{}',
    );
    expect(recorded).toMatchObject({
      ratioProfiles: { version: BUILTIN_SETS.ratioProfiles.version },
      items: { version: BUILTIN_SETS.items.version },
      calendar: { version: BUILTIN_SETS.calendar.version },
    });
  });

  it('a later release updates unedited rows and adds new ones, never an edited or deleted row', () => {
    const { db } = fresh();
    const [edited, untouched] = BUILTIN_SETS.ratioProfiles.rows;
    run(db, sql`UPDATE ratio_profiles SET name = '本局自定比例' WHERE id = ${edited!.id}`);
    const deletedDay = BUILTIN_SETS.calendar.rows[0]!.date;
    run(db, sql`DELETE FROM calendar_days WHERE date = ${deletedDay}`);
    ensureBuiltins(db, LATER);
    const names = new Map(
      all<{ id: string; name: string }>(db, sql`SELECT id, name FROM ratio_profiles`).map((r) => [
        r.id,
        r.name,
      ]),
    );
    expect(names.get(edited!.id)).toBe('本局自定比例');
    expect(names.get(untouched!.id)).toBe(`${untouched!.name}（修订）`);
    expect(value(db, sql`SELECT name FROM inspection_items WHERE code = 'ZZ-NEW'`)).toBe('新增抽查事项');
    expect(value(db, sql`SELECT name FROM calendar_days WHERE date = '2099-01-01'`)).toBe('元旦');
    expect(value(db, sql`SELECT count(*) FROM calendar_days WHERE date = ${deletedDay}`)).toBe(0);
    // Once at the later versions, a second start changes nothing.
    const before = all(db, sql`SELECT id, name, row_version FROM ratio_profiles ORDER BY id`);
    ensureBuiltins(db, LATER);
    expect(all(db, sql`SELECT id, name, row_version FROM ratio_profiles ORDER BY id`)).toEqual(before);
  });
});
