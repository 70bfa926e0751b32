/**
 * The settings area on both engines (issue 17): one JSON value per key, written over in place (an
 * upsert both engines spell alike), and the county profile read back through its schema.
 */
import { expect, it } from 'vitest';
import { forEachEngine } from '../../../test/helpers/engines.ts';
import { TEST_COUNTY } from '../../../test/helpers/tmp.ts';
import { getCounty, setCounty } from './county.ts';
import { readSetting, writeSetting } from './repository.ts';

forEachEngine('settings', (fresh) => {
  it('stores one JSON value per key, a second write replacing the first', () => {
    const { db } = fresh();
    expect(readSetting(db, 'backup.keep')).toBeUndefined();
    writeSetting(db, 'backup.keep', 7);
    writeSetting(db, 'backup.keep', 14);
    writeSetting(db, 'other', { nested: ['一', 2, null], flag: true });
    expect(readSetting(db, 'backup.keep')).toBe(14);
    expect(readSetting(db, 'other')).toEqual({ nested: ['一', 2, null], flag: true });
  });

  it('the county profile: none until set, then read back as set; an invalid one is refused unstored', () => {
    const { db } = fresh();
    expect(getCounty(db)).toBeNull();
    expect(() => setCounty(db, { ...TEST_COUNTY, regionCode: 'abc' })).toThrow();
    expect(getCounty(db)).toBeNull();
    setCounty(db, TEST_COUNTY);
    expect(getCounty(db)).toEqual(TEST_COUNTY);
    // A stored value the schema no longer accepts reads as unset rather than as a broken profile.
    writeSetting(db, 'county', { name: 1 });
    expect(getCounty(db)).toBeNull();
  });
});
