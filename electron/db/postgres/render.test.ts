import { describe, expect, it } from 'vitest';
import { sql } from '../sql.ts';
import { namedToPostgres, toPostgres } from './render.ts';

describe('rendering door statements for PostgreSQL', () => {
  it('numbers the placeholders of a composed query in order, values unchanged', () => {
    const where = sql.join(
      [sql`kind = ${'enterprise'}`, sql`status IN ${sql.list(['active', 'moved'])}`],
      ' AND ',
    );
    const q = sql`SELECT id FROM e WHERE ${where} ORDER BY ${sql.raw('name')} LIMIT ${10}`;
    expect(toPostgres(q)).toEqual({
      text: 'SELECT id FROM e WHERE kind = $1 AND status IN ($2, $3) ORDER BY name LIMIT $4',
      values: ['enterprise', 'active', 'moved', 10],
    });
  });

  it('leaves question marks in literals, quoted identifiers and comments alone', () => {
    const q = sql`SELECT '?', 'it''s ?', "odd?col" FROM t -- why?
      WHERE a = ${1} /* is it? */ AND b = ${'?'}`;
    expect(toPostgres(q).text).toBe(`SELECT '?', 'it''s ?', "odd?col" FROM t -- why?
      WHERE a = $1 /* is it? */ AND b = $2`);
  });

  it('refuses a statement whose placeholders and values disagree', () => {
    const q = { ...sql`SELECT ${1}`, text: 'SELECT ?, ?' };
    expect(() => toPostgres(q)).toThrow(RangeError);
  });

  it('numbers named bulk parameters once per name, outside literals', () => {
    expect(
      namedToPostgres(
        "INSERT INTO e (n, name, note) VALUES (@n, @name, '@n') ON CONFLICT DO UPDATE SET n = @n",
      ),
    ).toEqual({
      text: "INSERT INTO e (n, name, note) VALUES ($1, $2, '@n') ON CONFLICT DO UPDATE SET n = $1",
      names: ['n', 'name'],
    });
  });
});
