/**
 * A large entity import drops the table's secondary indexes only when the list is at least as large as
 * the table (deferIndexesForLoad): into a larger table the sorted builds would redo every stored row.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { deferIndexesForLoad } from '../../electron/services/entities/repository/bulk-load.ts';
import { type Fixture, openFixture } from './exchange-fixture.ts';

const indexNames = (f: Fixture) =>
  f.db
    .prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'entities' ORDER BY name")
    .pluck()
    .all() as string[];

describe('deferIndexesForLoad', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await openFixture(300);
  });
  afterEach(() => f.close());

  it('keeps the indexes of a table larger than the list', () => {
    const before = indexNames(f);
    f.db.transaction(() => {
      expect(deferIndexesForLoad(f.db, 'entities', 299)).toBeNull();
      expect(indexNames(f)).toEqual(before);
    })();
  });

  it('drops the non-unique secondary indexes for a list as large as the table and builds them back', () => {
    const before = indexNames(f);
    const unique = before.filter((n) => n.startsWith('sqlite_autoindex'));
    expect(unique.length).toBeGreaterThanOrEqual(2);
    f.db.transaction(() => {
      const deferred = deferIndexesForLoad(f.db, 'entities', 300);
      expect(deferred).not.toBeNull();
      expect(deferred!.count).toBe(before.length - unique.length);
      expect(indexNames(f)).toEqual(unique);
      const built: number[] = [];
      deferred!.rebuild((n, of) => {
        expect(of).toBe(deferred!.count);
        built.push(n);
      });
      expect(built.at(-1)).toBe(deferred!.count);
      expect(indexNames(f)).toEqual(before);
    })();
    expect(f.db.pragma('integrity_check', { simple: true })).toBe('ok');
  });
});
