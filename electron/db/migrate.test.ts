import { describe, expect, it } from 'vitest';
import { databaseBefore } from '../../test/helpers/database-before.ts';
import { fileChangePending, type Migration, migrate } from './migrate.ts';
import { MIGRATIONS } from './migrations/index.ts';

describe('migrations that only count on the desk', () => {
  it('leave the file exactly as it was (their PostgreSQL twins change the server only)', () => {
    const countsOnly = MIGRATIONS.filter((m) => m.countsOnly);
    expect(countsOnly.map((m) => m.version)).toEqual(expect.arrayContaining([15, 18, 19]));
    for (const m of countsOnly) {
      const { db, cleanup } = databaseBefore(m.version);
      try {
        const schema = () => db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
        const before = schema();
        migrate(
          db,
          MIGRATIONS.filter((x) => x.version <= m.version),
        );
        expect(db.pragma('user_version', { simple: true })).toBe(m.version);
        expect({ version: m.version, schema: schema() }).toEqual({ version: m.version, schema: before });
      } finally {
        db.close();
        cleanup();
      }
    }
  });

  it('need no whole-file check before they run: only a version that changes the file does', () => {
    const up = () => {};
    const list: Migration[] = [
      { version: 1, name: 'a', up },
      { version: 2, name: 'b', up, countsOnly: true },
      { version: 3, name: 'c', up },
      { version: 4, name: 'd', up, countsOnly: true },
      { version: 5, name: 'e', up, countsOnly: true },
    ];
    expect(fileChangePending(0, list)).toBe(true);
    expect(fileChangePending(1, list)).toBe(true);
    expect(fileChangePending(2, list)).toBe(true);
    expect(fileChangePending(3, list)).toBe(false);
    expect(fileChangePending(4, list)).toBe(false);
    expect(fileChangePending(5, list)).toBe(false);
  });
});
