import { sectionOf } from '../../shared/domain/industry-sections.ts';
import { normaliseAddress, normalisePersonName } from '../../shared/monitoring/normalise.ts';
import type { Db } from './open.ts';

/**
 * A name as space-separated characters, so FTS5's unicode61 tokenizer indexes every character as
 * a token and a one- or two-character fragment becomes an indexed phrase query (migration 002).
 * Triggers call it, so every connection registers it before touching the entities table.
 */
export function nameChars(name: unknown): string | null {
  return typeof name === 'string' ? [...name].filter((c) => c.trim() !== '').join(' ') : null;
}

export function registerSqlFunctions(db: Db): void {
  db.function('cd_name_chars', { deterministic: true }, nameChars);
  // The generated columns entities.address_key / person_key (migration 009) and their indexes use these.
  db.function('cd_address_key', { deterministic: true }, (s: unknown) =>
    normaliseAddress(typeof s === 'string' ? s : null),
  );
  db.function('cd_person_key', { deterministic: true }, (s: unknown) =>
    normalisePersonName(typeof s === 'string' ? s : null),
  );
  // The per-run summary (migration 010) stores the GB/T 4754 section, worked out by the same code as the views.
  db.function('cd_industry_section', { deterministic: true }, (code: unknown) =>
    sectionOf(typeof code === 'string' ? code : null),
  );
}
