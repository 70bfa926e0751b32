/**
 * The door's statements in PostgreSQL's placeholder style: `sql` renders `?` (positional), `bulk` takes
 * `@name`; PostgreSQL wants `$1, $2 …`. Only placeholders outside string literals, quoted identifiers
 * and comments are placeholders: `'?'` stays a question mark.
 *
 * PostgreSQL's jsonb operators `?`, `?|` and `?&` cannot be written in a door statement (they would be
 * read as placeholders); PostgreSQL repositories use jsonb_exists() / jsonb_exists_any() instead. Nor
 * are E'…' strings with backslash-escaped quotes and $$-quoted bodies recognised: door statements do
 * not use them (functions live in migrations, which run without parameters).
 */
import type { SqlQuery, SqlValue } from '../sql.ts';

export interface PgStatement {
  text: string;
  values: SqlValue[];
}

/**
 * Walks `text`, calling `placeholder(at)` for each placeholder start outside quotes and comments; it
 * returns the replacement and how many characters it consumed.
 */
function rewrite(text: string, placeholder: (at: number) => { out: string; length: number } | null): string {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    let end = -1;
    if (c === "'" || c === '"') {
      // Quotes are escaped by doubling ('it''s'), which this loop reads as two literals back to back.
      end = text.indexOf(c, i + 1);
      end = end < 0 ? text.length : end + 1;
    } else if (c === '-' && next === '-') {
      end = text.indexOf('\n', i);
      end = end < 0 ? text.length : end + 1;
    } else if (c === '/' && next === '*') {
      end = text.indexOf('*/', i + 2);
      end = end < 0 ? text.length : end + 2;
    }
    if (end >= 0) {
      out += text.slice(i, end);
      i = end;
      continue;
    }
    const p = placeholder(i);
    if (p) {
      out += p.out;
      i += p.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

/** A `sql` query with `$n` placeholders, its values in the same order. */
export function toPostgres(q: SqlQuery): PgStatement {
  let n = 0;
  const text = rewrite(q.text, (at) => (q.text[at] === '?' ? { out: `$${++n}`, length: 1 } : null));
  if (n !== q.values.length) {
    throw new RangeError(`statement has ${n} placeholders but ${q.values.length} values: ${q.text}`);
  }
  return { text, values: [...q.values] };
}

/**
 * A bulk statement's `@name` placeholders as `$n`, one number per distinct name (a name used twice
 * binds once), and the names in number order for binding an object's values.
 */
export function namedToPostgres(text: string): { text: string; names: string[] } {
  const names: string[] = [];
  const out = rewrite(text, (at) => {
    if (text[at] !== '@') return null;
    const m = /^@([A-Za-z_]\w*)/.exec(text.slice(at, at + 64));
    if (!m) return null;
    const name = m[1]!;
    let index = names.indexOf(name);
    if (index < 0) index = names.push(name) - 1;
    return { out: `$${index + 1}`, length: m[0].length };
  });
  return { text: out, names };
}
