/**
 * A read on the per-entity re-grade path (an import re-grades every entity it touched, several reads
 * each): prepared once per connection from a constant text, with named parameters (`@name`) so they
 * cannot drift from their placeholders. `sql` would build and look up the statement text on every
 * call, which measurably slows a re-grade of ten thousand entities.
 *
 * On PostgreSQL there is nothing to prepare here: the text is cut at its `@name`s once, and each call
 * splices the values into a door statement (the handle keeps its rendered text per statement text).
 */
import type { Db } from '../../../db/open.ts';
import { all, type DataDoor, get, isPg, type SqlQuery, type SqlValue, sql } from '../../../db/sql.ts';

export interface NamedQuery<P extends Record<string, SqlValue>, T> {
  get(db: DataDoor, params: P): T | undefined;
  all(db: DataDoor, params: P): T[];
}

export function namedQuery<P extends Record<string, SqlValue>, T>(text: string): NamedQuery<P, T> {
  const prepared = new WeakMap<Db, ReturnType<Db['prepare']>>();
  const statement = (db: Db) => {
    let s = prepared.get(db);
    if (!s) {
      s = db.prepare(text);
      prepared.set(db, s);
    }
    return s;
  };
  const { parts, names } = splitNamed(text);
  const door = (params: P): SqlQuery =>
    sql.join(
      parts.flatMap((p, i) => {
        const name = names[i];
        if (name === undefined) return [sql.raw(p)];
        const v = params[name];
        if (v === undefined) throw new RangeError(`Missing named parameter "${name}"`);
        return [sql.raw(p), sql`${v}`];
      }),
      '',
    );
  return {
    get: (db, params) => (isPg(db) ? get<T>(db, door(params)) : (statement(db).get(params) as T | undefined)),
    all: (db, params) => (isPg(db) ? all<T>(db, door(params)) : (statement(db).all(params) as T[])),
  };
}

/** The text around each `@name` (one more part than names) and the names in order. */
function splitNamed(text: string): { parts: string[]; names: string[] } {
  const parts: string[] = [];
  const names: string[] = [];
  let last = 0;
  for (const m of text.matchAll(/@([A-Za-z_]\w*)/g)) {
    parts.push(text.slice(last, m.index));
    names.push(m[1] as string);
    last = (m.index ?? 0) + m[0].length;
  }
  parts.push(text.slice(last));
  return { parts, names };
}
