/**
 * The startup step after migrate(): brings built-in reference data (resources/builtin-data.ts) up to the
 * version this release ships. Migrations stay frozen; data that evolves (a new year's calendar, a revised
 * ratio profile) arrives here instead.
 *
 * A built-in row is updated only while it still holds what CreditDesk last wrote into it — the content
 * recorded at the last run of this step, or migration 005's seed for a database this step never saw —
 * so a row a user edited or deleted is never touched. Each set's version is recorded in `settings`, so
 * a database already at this release's versions costs one read at startup. The same step runs for a
 * bureau server's database when it is opened (openAndMigratePg): its SQL is the same on both engines.
 */
import { createHash } from 'node:crypto';
import {
  BUILTIN_CALENDAR,
  BUILTIN_ITEMS,
  BUILTIN_RATIO_PROFILES,
  type BuiltinItem,
  type BuiltinProfile,
  type BuiltinSet,
} from '../../resources/builtin-data.ts';
import type { CalendarDay } from '../../shared/calendar/index.ts';
import { M005_CALENDAR, M005_ITEMS, M005_PROFILES } from './migrations/005_sampling.ts';
import { ensureBuiltinRuleSet } from './builtin-rule-set.ts';
import { type DataDoor, get, run, type SqlValue, sql, unitOfWork, value } from './sql.ts';

const SETTINGS_KEY = 'builtins';

export interface BuiltinSets {
  ratioProfiles: BuiltinSet<BuiltinProfile>;
  items: BuiltinSet<BuiltinItem>;
  calendar: BuiltinSet<CalendarDay>;
}

/** What this release ships. */
export const BUILTIN_SETS: BuiltinSets = {
  ratioProfiles: BUILTIN_RATIO_PROFILES,
  items: BUILTIN_ITEMS,
  calendar: BUILTIN_CALENDAR,
};

/** The columns a built-in owns, by name; everything else in the row belongs to the user. */
type Owned = Record<string, SqlValue>;

interface Table<R> {
  name: keyof BuiltinSets;
  key(row: R): string;
  owned(row: R): Owned;
  /** What migration 005 wrote under this key, for databases created before this step existed. */
  seeded(key: string): Owned | undefined;
  read(db: DataDoor, key: string): Owned | undefined;
  write(db: DataDoor, row: R, exists: boolean, at: string): void;
}

interface Recorded {
  version: number;
  /** key → digest of the owned columns as this step last wrote them. */
  written: Record<string, string>;
}

const digest = (o: Owned) =>
  createHash('sha256')
    .update(
      JSON.stringify(
        Object.keys(o)
          .sort()
          .map((k) => [k, o[k]]),
      ),
    )
    .digest('hex')
    .slice(0, 32);

const profiles: Table<BuiltinProfile> = {
  name: 'ratioProfiles',
  key: (p) => p.id,
  owned: (p) => ({
    name: p.name,
    description: p.description,
    class_order: JSON.stringify(p.classOrder),
    ratios: JSON.stringify(p.ratios),
    yearly_caps: JSON.stringify(p.yearlyCaps),
  }),
  seeded(key) {
    const p = M005_PROFILES.find((x) => x.id === key);
    return p && profiles.owned(p);
  },
  read: (db, key) =>
    get<Owned>(
      db,
      sql`SELECT name, description, class_order, ratios, yearly_caps FROM ratio_profiles WHERE id = ${key}`,
    ),
  write(db, p, exists, at) {
    const o = profiles.owned(p);
    const [name, description, classOrder, ratios, caps] = [
      o.name!,
      o.description!,
      o.class_order!,
      o.ratios!,
      o.yearly_caps!,
    ];
    run(
      db,
      exists
        ? sql`UPDATE ratio_profiles SET row_version = row_version + 1, name = ${name}, description = ${description}, class_order = ${classOrder},
                ratios = ${ratios}, yearly_caps = ${caps}, updated_at = ${at} WHERE id = ${p.id}`
        : sql`INSERT INTO ratio_profiles (id, name, description, builtin, class_order, ratios, yearly_caps, updated_at)
              VALUES (${p.id}, ${name}, ${description}, 1, ${classOrder}, ${ratios}, ${caps}, ${at})`,
    );
  },
};

const items: Table<BuiltinItem> = {
  name: 'items',
  key: (i) => i.code,
  owned: (i) => ({ name: i.name }),
  seeded(key) {
    const seeded = M005_ITEMS.find(([code]) => code === key);
    return seeded && { name: seeded[1] };
  },
  read: (db, key) => get<Owned>(db, sql`SELECT name FROM inspection_items WHERE code = ${key}`),
  write(db, i, exists, at) {
    run(
      db,
      exists
        ? sql`UPDATE inspection_items SET row_version = row_version + 1, name = ${i.name}, updated_at = ${at} WHERE code = ${i.code}`
        : sql`INSERT INTO inspection_items (code, name, updated_at) VALUES (${i.code}, ${i.name}, ${at})`,
    );
  },
};

const calendar: Table<CalendarDay> = {
  name: 'calendar',
  key: (d) => d.date,
  owned: (d) => ({ kind: d.kind, name: d.name }),
  seeded(key) {
    const seeded = M005_CALENDAR.find(([date]) => date === key);
    return seeded && { kind: seeded[1], name: seeded[2] };
  },
  read: (db, key) => get<Owned>(db, sql`SELECT kind, name FROM calendar_days WHERE date = ${key}`),
  write(db, d, exists) {
    run(
      db,
      exists
        ? sql`UPDATE calendar_days SET row_version = row_version + 1, kind = ${d.kind}, name = ${d.name} WHERE date = ${d.date}`
        : sql`INSERT INTO calendar_days (date, kind, name) VALUES (${d.date}, ${d.kind}, ${d.name})`,
    );
  },
};

function readRecords(db: DataDoor): Record<string, Recorded> {
  const text = value<string>(db, sql`SELECT value FROM settings WHERE key = ${SETTINGS_KEY}`);
  return text ? (JSON.parse(text) as Record<string, Recorded>) : {};
}

function bring<R>(db: DataDoor, table: Table<R>, set: BuiltinSet<R>, before: Recorded | undefined): Recorded {
  const written: Record<string, string> = { ...before?.written };
  for (const row of set.rows) {
    const key = table.key(row);
    const wanted = digest(table.owned(row));
    const seeded = table.seeded(key);
    const last = written[key] ?? (seeded && digest(seeded));
    const current = table.read(db, key);
    if (!current) {
      // Written before (by this step or by migration 005) and gone now: the user deleted it, and it
      // stays deleted.
      if (last !== undefined) continue;
      table.write(db, row, false, set.releasedAt);
      written[key] = wanted;
      continue;
    }
    const now = digest(current);
    if (now === wanted) {
      written[key] = wanted;
    } else if (now === last) {
      table.write(db, row, true, set.releasedAt);
      written[key] = wanted;
    }
    // Otherwise the user edited the row: theirs stays, and later versions leave it alone too.
  }
  return { version: set.version, written };
}

/**
 * Idempotent; runs in one unit of work so a crash leaves either the old or the new built-ins. `sets` is
 * this release's data; tests pass a later release's to see an upgrade.
 */
export function ensureBuiltins(db: DataDoor, sets: BuiltinSets = BUILTIN_SETS): void {
  ensureBuiltinRuleSet(db);
  const records = readRecords(db);
  const stale = (name: keyof BuiltinSets) => (records[name]?.version ?? 0) < sets[name].version;
  if (!stale('ratioProfiles') && !stale('items') && !stale('calendar')) return;
  unitOfWork(db, () => {
    if (stale('ratioProfiles'))
      records.ratioProfiles = bring(db, profiles, sets.ratioProfiles, records.ratioProfiles);
    if (stale('items')) records.items = bring(db, items, sets.items, records.items);
    if (stale('calendar')) records.calendar = bring(db, calendar, sets.calendar, records.calendar);
    const text = JSON.stringify(records);
    run(
      db,
      sql`INSERT INTO settings (key, value) VALUES (${SETTINGS_KEY}, ${text})
          ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
    );
  });
}
