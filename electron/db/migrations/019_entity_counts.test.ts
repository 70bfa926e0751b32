import { afterEach, describe, expect, it } from 'vitest';
import { databaseBefore } from '../../../test/helpers/database-before.ts';
import { migrate } from '../migrate.ts';
import type { Db } from '../open.ts';
import { MIGRATIONS } from './index.ts';

describe('migration 019_entity_counts', () => {
  let db: Db;
  let cleanup: () => void;
  afterEach(() => {
    db?.close();
    cleanup?.();
  });

  it('counts the version on the desk and changes nothing else: the desk counts from its indexes', () => {
    ({ db, cleanup } = databaseBefore(19));
    const schema = () => db.prepare('SELECT type, name, sql FROM sqlite_master ORDER BY name').all();
    const before = schema();
    const from = db.pragma('user_version', { simple: true }) as number;
    expect(from).toBeLessThan(19);
    // Only 019 itself: later migrations change the schema on purpose.
    migrate(
      db,
      MIGRATIONS.filter((m) => m.version <= 19),
    );
    expect(db.pragma('user_version', { simple: true })).toBe(19);
    expect(schema()).toEqual(before);
    expect(before.some((r) => (r as { name: string }).name === 'entity_counts')).toBe(false);
  });
});
