/**
 * A row to write as one object of column → value: the column list, the value list and the SET list
 * are all built from it, so an INSERT and an UPDATE of the same row can never disagree on a column,
 * and no value can slide into its neighbour's placeholder.
 */
import { type SqlQuery, type SqlValue, sql } from '../../../db/sql.ts';

export type Columns = Readonly<Record<string, SqlValue>>;

/** `a, b, c` — the names are this module's callers' constants, never input. */
export const columnNames = (c: Columns): SqlQuery => sql.raw(Object.keys(c).join(', '));

/** `(?, ?, ?)` with the values in the order of columnNames. */
export const columnValues = (c: Columns): SqlQuery => sql.list(Object.values(c));

function pairs(c: Columns, separator: string): SqlQuery {
  return sql.join(
    Object.entries(c).map(([name, v]) => sql`${sql.raw(name)} = ${v}`),
    separator,
  );
}

/** `a = ?, b = ?` for an UPDATE. */
export const assignments = (c: Columns): SqlQuery => pairs(c, ', ');

/** `a = ? AND b = ?` for a WHERE on a key. */
export const matching = (c: Columns): SqlQuery => pairs(c, ' AND ');
