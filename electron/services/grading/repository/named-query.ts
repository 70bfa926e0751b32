/**
 * A read on the per-entity re-grade path (an import re-grades every entity it touched, several reads
 * each): prepared once per connection from a constant text, with named parameters (`@name`) so they
 * cannot drift from their placeholders. `sql` would build and look up the statement text on every
 * call, which measurably slows a re-grade of ten thousand entities.
 */
import type { Db } from '../../../db/open.ts';
import type { SqlValue } from '../../../db/sql.ts';

export interface NamedQuery<P extends Record<string, SqlValue>, T> {
  get(db: Db, params: P): T | undefined;
  all(db: Db, params: P): T[];
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
  return {
    get: (db, params) => statement(db).get(params) as T | undefined,
    all: (db, params) => statement(db).all(params) as T[],
  };
}
