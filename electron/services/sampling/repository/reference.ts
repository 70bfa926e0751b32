/**
 * The reference tables but the inspector pool: the item list (`inspection_items`), the working-day
 * calendar (`calendar_days`) and the ratio profiles (`ratio_profiles`).
 */
import type {
  CalendarDayInput,
  CalendarDayRow,
  InspectionItem,
  InspectionItemRow,
  RatioProfileData,
  RatioProfileRow,
} from '../../../../shared/api/contracts/sampling.ts';
import { all, column, type DataDoor, get, run, sql, value } from '../../../db/sql.ts';
import { codePointOrder } from './code-point-order.ts';
import { type ReferenceCounts, upsertKeyed } from './keyed-upsert.ts';

// ---- items -------------------------------------------------------------------------------------

/** An `inspection_items` row as either engine returns it (also the exchange's before-image of an item). */
export interface ItemRow {
  code: string;
  name: string;
  sub_items: string | null;
  legal_basis: string | null;
  subject: string | null;
  object_scope: string | null;
  ratio_text: string | null;
  frequency_text: string | null;
  method: string | null;
  qualification: string | null;
  note: string | null;
  row_version: number | string;
}

export function upsertItemRows(db: DataDoor, items: readonly InspectionItem[], at: string): ReferenceCounts {
  return upsertKeyed(
    db,
    'inspection_items',
    ['code'],
    items.map((r) => ({
      code: r.code,
      name: r.name,
      sub_items: r.subItems,
      legal_basis: r.legalBasis,
      subject: r.subject,
      object_scope: r.objectScope,
      ratio_text: r.ratioText,
      frequency_text: r.frequencyText,
      method: r.method,
      qualification: r.qualification,
      note: r.note,
    })),
    at,
  );
}

export function readItems(db: DataDoor): InspectionItemRow[] {
  return all<ItemRow>(db, sql`SELECT * FROM inspection_items ORDER BY code${codePointOrder(db)}`).map(
    (r) => ({
      code: r.code,
      name: r.name,
      subItems: r.sub_items ?? null,
      legalBasis: r.legal_basis ?? null,
      subject: r.subject ?? null,
      objectScope: r.object_scope ?? null,
      ratioText: r.ratio_text ?? null,
      frequencyText: r.frequency_text ?? null,
      method: r.method ?? null,
      qualification: r.qualification ?? null,
      note: r.note ?? null,
      version: Number(r.row_version),
    }),
  );
}

export function itemCodes(db: DataDoor): string[] {
  return column<string>(db, sql`SELECT code FROM inspection_items`);
}

/** The qualification each of these items requires (null: none). */
export function itemQualifications(db: DataDoor, codes: readonly string[]): Map<string, string | null> {
  const rows = all<{ code: string; qualification: string | null }>(
    db,
    sql`SELECT code, qualification FROM inspection_items WHERE code IN ${sql.list(codes)}`,
  );
  return new Map(rows.map((r) => [r.code, r.qualification]));
}

/** False when there was no such item. */
export function deleteItemRow(db: DataDoor, code: string): boolean {
  return run(db, sql`DELETE FROM inspection_items WHERE code = ${code}`).changes > 0;
}

// ---- calendar ----------------------------------------------------------------------------------

export function upsertCalendarRows(db: DataDoor, days: readonly CalendarDayInput[]): ReferenceCounts {
  return upsertKeyed(
    db,
    'calendar_days',
    ['date'],
    days.map((r) => ({ date: r.date, kind: r.kind, name: r.name })),
    null,
  );
}

export function readCalendar(db: DataDoor, year: number | null = null): CalendarDayRow[] {
  return all<CalendarDayInput & { version: number | string }>(
    db,
    year === null
      ? sql`SELECT date, kind, name, row_version AS version FROM calendar_days ORDER BY date`
      : sql`SELECT date, kind, name, row_version AS version FROM calendar_days WHERE date LIKE ${`${year}-%`} ORDER BY date`,
  ).map((d) => ({ ...d, version: Number(d.version) }));
}

/** Years that have at least one holiday or make-up workday on file. */
export function calendarYears(db: DataDoor): Set<string> {
  return new Set(column<string>(db, sql`SELECT DISTINCT substr(date, 1, 4) FROM calendar_days`));
}

/** False when the day was not on file. */
export function deleteCalendarRow(db: DataDoor, date: string): boolean {
  return run(db, sql`DELETE FROM calendar_days WHERE date = ${date}`).changes > 0;
}

// ---- ratio profiles ----------------------------------------------------------------------------

interface ProfileRow {
  id: string;
  name: string;
  description: string | null;
  builtin: number;
  class_order: string;
  ratios: string;
  yearly_caps: string;
  row_version: number | string;
}

function profileFromRow(r: ProfileRow): RatioProfileData {
  return {
    id: r.id,
    name: r.name,
    description: r.description ?? null,
    builtin: r.builtin === 1,
    classOrder: JSON.parse(r.class_order),
    ratios: JSON.parse(r.ratios),
    yearlyCaps: JSON.parse(r.yearly_caps),
  };
}

export function findProfile(db: DataDoor, id: string): RatioProfileData | undefined {
  const r = get<ProfileRow>(db, sql`SELECT * FROM ratio_profiles WHERE id = ${id}`);
  return r && profileFromRow(r);
}

/** The profiles as listed: each with its row version (a task copies a profile's data, never its version). */
export function readProfiles(db: DataDoor): RatioProfileRow[] {
  return all<ProfileRow>(
    db,
    sql`SELECT * FROM ratio_profiles ORDER BY builtin DESC, id${codePointOrder(db)}`,
  ).map((r) => ({ ...profileFromRow(r), version: Number(r.row_version) }));
}

/** Profiles written as given except the built-in flag, kept from the stored row (false when new). */
export function upsertProfileRows(
  db: DataDoor,
  profiles: readonly Omit<RatioProfileData, 'builtin'>[],
  at: string,
): ReferenceCounts {
  return upsertKeyed(
    db,
    'ratio_profiles',
    ['id'],
    profiles.map((p) => ({
      id: p.id,
      name: p.name,
      description: p.description,
      builtin: value<number>(db, sql`SELECT builtin FROM ratio_profiles WHERE id = ${p.id}`) ?? 0,
      class_order: JSON.stringify(p.classOrder),
      ratios: JSON.stringify(p.ratios),
      yearly_caps: JSON.stringify(p.yearlyCaps),
    })),
    at,
  );
}
