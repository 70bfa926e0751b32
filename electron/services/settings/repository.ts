/** The settings table: one JSON value per key (county profile, backup keep count …). */
import type { DataDoor } from '../../db/sql.ts';
import { run, sql, value } from '../../db/sql.ts';

/** The stored value of `key`, parsed from JSON; undefined when it was never set. Callers validate it. */
export function readSetting(db: DataDoor, key: string): unknown {
  const text = value<string>(db, sql`SELECT value FROM settings WHERE key = ${key}`);
  return text === undefined ? undefined : JSON.parse(text);
}

export function writeSetting(db: DataDoor, key: string, setting: unknown): void {
  run(
    db,
    sql`INSERT INTO settings (key, value) VALUES (${key}, ${JSON.stringify(setting)})
        ON CONFLICT(key) DO UPDATE SET value = excluded.value`,
  );
}
