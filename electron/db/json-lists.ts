/**
 * A list passed as ONE JSON parameter and read back as rows, so a statement's text never varies with
 * the list's length (its prepared statement is reused): `json_each` on SQLite,
 * `jsonb_array_elements_text` on PostgreSQL. Also the elements of a JSON-array column (a warning's
 * townships, a result's codes). Only repositories use these, inside their own SQL.
 */
import { type DataDoor, dialect, type SqlQuery, sql } from './sql.ts';

/** `(SELECT …)` of the ids, for `x IN ${idsIn(db, ids)}`. */
export const idsIn = (db: DataDoor, ids: readonly number[]): SqlQuery =>
  dialect(db, {
    sqlite: sql`(SELECT value FROM json_each(${JSON.stringify(ids)}))`,
    postgres: sql`(SELECT CAST(value AS bigint) FROM jsonb_array_elements_text(CAST(${JSON.stringify(ids)} AS jsonb)))`,
  });

/** `(SELECT …)` of the texts, for `x IN ${textsIn(db, texts)}`. */
export const textsIn = (db: DataDoor, texts: readonly string[]): SqlQuery =>
  dialect(db, {
    sqlite: sql`(SELECT value FROM json_each(${JSON.stringify(texts)}))`,
    postgres: sql`(SELECT value FROM jsonb_array_elements_text(CAST(${JSON.stringify(texts)} AS jsonb)))`,
  });

/**
 * The elements of a JSON-array text column as a row source with one text column `value`, aliased
 * `alias`: `FROM ${jsonArrayRows(db, 'w.townships', 't')}` then `t.value`. `column` is a constant.
 */
export const jsonArrayRows = (db: DataDoor, column: string, alias: string): SqlQuery =>
  dialect(db, {
    sqlite: sql.raw(`json_each(${column}) ${alias}`),
    postgres: sql.raw(`jsonb_array_elements_text(CAST(${column} AS jsonb)) ${alias}(value)`),
  });

/**
 * A text field of a JSON object column: `json_extract(data, '$.field')` on SQLite, `(data::jsonb ->>
 * 'field')` on PostgreSQL (NULL for a missing field or a JSON null on both). `column` and `field` are
 * constants.
 */
export const jsonTextField = (db: DataDoor, column: string, field: string): SqlQuery =>
  dialect(db, {
    sqlite: sql.raw(`json_extract(${column}, '$.${field}')`),
    postgres: sql.raw(`(${column}::jsonb ->> '${field}')`),
  });
