/**
 * readSnapshot on both engines: a row another connection commits while the snapshot reads is not seen
 * by the snapshot's later statements (PostgreSQL's default READ COMMITTED would see it), and is seen once
 * the snapshot ends. Nested in a unit of work it joins it.
 */
import { expect, it } from 'vitest';
import { forEachEngine } from '../../test/helpers/engines.ts';
import { readSnapshot } from './read-snapshot.ts';
import { type DataDoor, run, sql, unitOfWork, value } from './sql.ts';

const settingsCount = (db: DataDoor) => value<number>(db, sql`SELECT count(*) FROM settings`);

forEachEngine('readSnapshot', (fresh) => {
  it('does not see what another connection commits meanwhile', () => {
    const { db, connectAgain } = fresh();
    const other = connectAgain();
    const before = settingsCount(db);
    const seen = readSnapshot(db, () => {
      const first = settingsCount(db);
      run(other, sql`INSERT INTO settings (key, value) VALUES ('snapshot.test', '1')`);
      return [first, settingsCount(db)];
    });
    expect(seen).toEqual([before, before]);
    expect(settingsCount(db)).toBe((before ?? 0) + 1);
  });

  it('joins a unit of work it is called in', () => {
    const { db } = fresh();
    const inside = unitOfWork(db, () => {
      run(db, sql`INSERT INTO settings (key, value) VALUES ('snapshot.nested', '1')`);
      return readSnapshot(db, () =>
        value<string>(db, sql`SELECT value FROM settings WHERE key = 'snapshot.nested'`),
      );
    });
    expect(inside).toBe('1');
  });
});
