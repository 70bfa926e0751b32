import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/tmp.ts';
import { type Db, openDatabase } from './open.ts';
import {
  all,
  bulk,
  column,
  get,
  iterate,
  run,
  script,
  sql,
  unitOfWork,
  unitOfWorkOwnReferences,
  value,
} from './sql.ts';

describe('the sql tagged template', () => {
  it('puts each value beside its placeholder and splices fragments with their own values', () => {
    const kind = 'enterprise';
    const where = sql.join([sql`kind = ${kind}`, sql`status IN ${sql.list(['active', 'moved'])}`], ' AND ');
    const q = sql`SELECT id FROM e WHERE ${where} ORDER BY ${sql.raw('name')} LIMIT ${10}`;
    expect(q.text).toBe('SELECT id FROM e WHERE kind = ? AND status IN (?, ?) ORDER BY name LIMIT ?');
    expect(q.values).toEqual(['enterprise', 'active', 'moved', 10]);
  });

  it('an empty IN list matches nothing instead of being a syntax error', () => {
    expect(sql`x IN ${sql.list([])}`.text).toBe('x IN (NULL)');
  });
});

describe('the door on a real encrypted connection', () => {
  let db: Db;
  let close: () => void;
  beforeEach(() => {
    const t = tempDir();
    db = openDatabase(join(t.dir, 't.db'), randomBytes(32), { create: true });
    close = () => {
      db.close();
      t.cleanup();
    };
    script(db, 'CREATE TABLE e (id INTEGER PRIMARY KEY, name TEXT NOT NULL, n INTEGER)');
  });
  afterEach(() => close());

  it('reads rows, one row, a value and a column from one cached statement without mixing modes', () => {
    const first = run(db, sql`INSERT INTO e (name, n) VALUES (${'甲'}, ${1})`);
    run(db, sql`INSERT INTO e (name, n) VALUES (${'乙'}, ${2})`);
    expect(first).toEqual({ changes: 1, newId: 1 });
    const q = () => sql`SELECT name, n FROM e ORDER BY id`;
    expect(column<string>(db, q())).toEqual(['甲', '乙']);
    expect(all(db, q())).toEqual([
      { name: '甲', n: 1 },
      { name: '乙', n: 2 },
    ]);
    expect(value<string>(db, q())).toBe('甲');
    expect(get(db, q())).toEqual({ name: '甲', n: 1 });
    expect([...iterate<{ n: number }>(db, q())].map((r) => r.n)).toEqual([1, 2]);
    expect(get(db, sql`SELECT name FROM e WHERE id = ${99}`)).toBeUndefined();
  });

  it('a unit of work commits on return and rolls back everything when it throws', () => {
    unitOfWork(db, () => run(db, sql`INSERT INTO e (name) VALUES (${'丙'})`));
    expect(() =>
      unitOfWork(db, () => {
        run(db, sql`INSERT INTO e (name) VALUES (${'丁'})`);
        run(db, sql`INSERT INTO e (name) VALUES (${null})`); // NOT NULL fails
      }),
    ).toThrow();
    expect(column(db, sql`SELECT name FROM e`)).toEqual(['丙']);
  });

  it("a bulk statement binds by name, so columns cannot take their neighbours' values", () => {
    const insert = bulk<{ name: string; n: number }>(db, 'INSERT INTO e (n, name) VALUES (@n, @name)');
    unitOfWork(db, () => {
      for (let i = 0; i < 3; i++) insert.run({ name: `主体${i}`, n: i * 10 });
    });
    expect(all(db, sql`SELECT name, n FROM e ORDER BY n`)).toEqual([
      { name: '主体0', n: 0 },
      { name: '主体1', n: 10 },
      { name: '主体2', n: 20 },
    ]);
  });

  it('a bulk statement binds a name used twice at both places, and refuses a missing one', () => {
    const insert = bulk<{ name: string; n: number }>(
      db,
      'INSERT INTO e (n, name) VALUES (@n, @name || @name)',
    );
    unitOfWork(db, () => {
      insert.run({ name: '主体', n: 7 });
    });
    expect(all(db, sql`SELECT name, n FROM e`)).toEqual([{ name: '主体主体', n: 7 }]);
    expect(() => insert.run({ name: '主体' } as { name: string; n: number })).toThrow(
      /Missing named parameter "n"/,
    );
  });

  it('a bulk statement with quoted text keeps named binding (an @ inside quotes is no parameter)', () => {
    const insert = bulk<{ n: number }>(db, "INSERT INTO e (n, name) VALUES (@n, 'a@b')");
    unitOfWork(db, () => {
      insert.run({ n: 1 });
    });
    expect(all(db, sql`SELECT name, n FROM e`)).toEqual([{ name: 'a@b', n: 1 }]);
  });

  describe('a unit of work that references only its own rows', () => {
    const checks = () => db.pragma('foreign_keys', { simple: true });
    const child = (parent: number) => sql`INSERT INTO c (e_id) VALUES (${parent})`;
    beforeEach(() => script(db, 'CREATE TABLE c (e_id INTEGER NOT NULL REFERENCES e(id))'));

    it('commits like a unit of work and turns the checks back on after it', () => {
      unitOfWorkOwnReferences(db, () => {
        const { newId } = run(db, sql`INSERT INTO e (name) VALUES (${'甲'})`);
        run(db, child(newId));
      });
      expect(checks()).toBe(1);
      expect(db.pragma('foreign_key_check')).toEqual([]);
      expect(() => run(db, child(999))).toThrow(/FOREIGN KEY/);
    });

    it('rolls back when it throws, and the checks are on again', () => {
      expect(() =>
        unitOfWorkOwnReferences(db, () => {
          run(db, sql`INSERT INTO e (name) VALUES (${'乙'})`);
          throw new Error('stop');
        }),
      ).toThrow('stop');
      expect(column(db, sql`SELECT name FROM e`)).toEqual([]);
      expect(checks()).toBe(1);
    });

    it('inside an outer transaction keeps the checks (SQLite ignores the pragma there)', () => {
      expect(() => unitOfWork(db, () => unitOfWorkOwnReferences(db, () => run(db, child(999))))).toThrow(
        /FOREIGN KEY/,
      );
      expect(checks()).toBe(1);
    });
  });
});
