/**
 * Optimistic concurrency for the inspector form (issue 17 item 3), on both engines: two officers open
 * the same inspector; the first save wins, the second is refused with who saved, when and what the
 * row holds now, and the row keeps the first's values.
 */
import { beforeEach, expect, it } from 'vitest';
import type { InspectorInput } from '../../../shared/api/contracts/sampling.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { type FreshDb, forEachEngine } from '../../../test/helpers/engines.ts';
import type { DataDoor } from '../../db/sql.ts';
import type { Actor } from '../authz.ts';
import { insertUser } from '../users/repository.ts';
import { listInspectors, saveInspector } from './reference-store.ts';

const sun: Actor = { username: 'sun', displayName: '孙丽', role: 'supervisor' };
const zhou: Actor = { username: 'zhou', displayName: '周杰', role: 'supervisor' };
const AT = '2026-11-02T01:00:00.000Z';
const LATER = '2026-11-05T07:20:00.000Z';
const TODAY = '2026-11-06';
const inspector = (unit: string): InspectorInput => ({
  employeeNo: 'J0301',
  name: '吴刚',
  unit,
  certNo: '豫执0301',
  certExpiry: '2029-12-31',
});

forEachEngine('inspectors: a version per row', (fresh) => {
  let f: FreshDb;
  let db: DataDoor;
  let other: DataDoor;

  beforeEach(() => {
    f = fresh();
    db = f.db;
    for (const u of [sun, zhou]) insertUser(db, u, AT);
    saveInspector(db, sun, { ...inspector('一所'), expectedVersion: 0 }, AT);
    other = f.connectAgain();
  });

  const row = (d: DataDoor) => listInspectors(d, sun, TODAY).find((i) => i.employeeNo === 'J0301')!;

  it('lets the first of two saves win and refuses the second with who, when and what', () => {
    const seenBySun = row(db).version;
    const seenByZhou = row(other).version;
    expect(seenBySun).toBe(1);
    expect(seenByZhou).toBe(1);
    saveInspector(db, sun, { ...inspector('二所'), expectedVersion: seenBySun }, LATER);
    let refused: unknown;
    try {
      saveInspector(other, zhou, { ...inspector('三所'), expectedVersion: seenByZhou }, AT);
    } catch (e) {
      refused = e;
    }
    expect(refused).toBeInstanceOf(ApiError);
    const e = refused as ApiError;
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('孙丽');
    expect(e.message).toMatch(/2026-11-05 \d\d:20:00/);
    expect(e.message).toContain('单位：二所');
    for (const d of [db, other]) expect(row(d)).toMatchObject({ unit: '二所', version: 2 });
  });

  it('refuses a new inspector whose employee number another officer saved meanwhile', () => {
    expect(() => saveInspector(other, zhou, { ...inspector('三所'), expectedVersion: 0 }, LATER)).toThrow(
      /先行录入/,
    );
    expect(row(db)).toMatchObject({ unit: '一所', version: 1 });
  });

  it('still saves when the caller names no version (older callers)', () => {
    saveInspector(other, zhou, inspector('三所'), LATER);
    expect(row(db)).toMatchObject({ unit: '三所', version: 2 });
  });
});
