import { afterEach, describe, expect, it } from 'vitest';
import { databaseBefore } from '../../../test/helpers/database-before.ts';
import { migrate } from '../migrate.ts';
import { MIGRATIONS } from './index.ts';
import type { Db } from '../open.ts';

describe('migration 015_server_sign_in', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });

  it('counts the version on the desk and changes nothing else: the sign-in tables are the server’s', () => {
    ({ db, cleanup } = databaseBefore(15));
    const schema = () => db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
    const before = schema();
    expect(db.pragma('user_version', { simple: true })).toBe(14);
    // Only 015 itself: later migrations change the schema on purpose.
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 15),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(15);
    expect(schema()).toEqual(before);
    expect(before.some((r) => (r as { name: string }).name === 'server_accounts')).toBe(false);
  });
});
