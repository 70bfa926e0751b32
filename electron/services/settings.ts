import { type CountyProfile, countyProfileSchema } from '../../shared/domain/county.ts';
import type { Db } from '../db/open.ts';

/** A setting's stored JSON value, or undefined when never set; the caller validates it. */
export function getSetting(db: Db, key: string): unknown {
  const row = db.prepare('SELECT value FROM settings WHERE key = ?').get(key) as
    | { value: string }
    | undefined;
  return row ? JSON.parse(row.value) : undefined;
}

export function setSetting(db: Db, key: string, value: unknown): void {
  db.prepare(
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}

export function getCounty(db: Db): CountyProfile | null {
  const parsed = countyProfileSchema.safeParse(getSetting(db, 'county'));
  return parsed.success ? parsed.data : null;
}

export function setCounty(db: Db, county: CountyProfile): void {
  setSetting(db, 'county', countyProfileSchema.parse(county));
}
