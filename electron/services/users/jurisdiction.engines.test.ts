/**
 * An administrator sets and clears a user's 管辖单位 on the desk's accounts, on both engines (issue 17
 * item 3): the unit is stored, listed, audited like a role change, follows the row version, and never
 * applies to a 管理员. What the unit does to reading entities is in
 * entities/jurisdiction-scope.engines.test.ts; the server's accounts in server/bureau/jurisdiction.test.ts.
 */
import { expect, it } from 'vitest';
import { auditFilterSchema } from '../../../shared/api/contracts/audit.ts';
import { type Desk, setUpDesk } from '../../../test/helpers/engine-desk.ts';
import { forEachEngine } from '../../../test/helpers/engines.ts';
import type { DataDoor } from '../../db/sql.ts';
import { listAudit } from '../audit/read.ts';
import { addUser, listUsers, updateUser } from './accounts.ts';
import { COUNTY_WIDE, entityScopeOf } from './entity-scope.ts';

const AT = '2026-12-02T02:00:00.000Z';
const UNIT = '城关市场监管所';

forEachEngine('a user’s 管辖单位 on the desk', (fresh) => {
  const updates = (db: DataDoor, desk: Desk) =>
    listAudit(db, desk.admin, { ...auditFilterSchema.parse({ action: 'user.update' }), offset: 0, limit: 50 })
      .entries.map((e) => e.detail)
      .reverse();

  it('is set when adding, changed and cleared by an administrator, each change audited', async () => {
    const f = fresh();
    const desk = await setUpDesk(f);
    const { db, dbPath } = f;
    const added = await addUser(db, desk.admin, desk.keys(AT), {
      username: 'li',
      displayName: '李执法',
      role: 'officer',
      password: 'li-password',
      jurisdiction: UNIT,
    });
    expect(added).toMatchObject({ jurisdiction: UNIT, version: 1 });
    expect(entityScopeOf(db, { username: 'li', displayName: '李执法', role: 'officer' })).toEqual({
      jurisdiction: UNIT,
    });
    // Left out: kept (a rename does not lose the unit).
    expect(updateUser(db, desk.admin, dbPath, AT, { username: 'li', displayName: '李红' })).toMatchObject({
      displayName: '李红',
      jurisdiction: UNIT,
      version: 2,
    });
    expect(
      updateUser(db, desk.admin, dbPath, AT, {
        username: 'li',
        jurisdiction: '河口市场监管所',
        expectedVersion: 2,
      }),
    ).toMatchObject({ jurisdiction: '河口市场监管所', version: 3 });
    // A stale version changes nothing.
    expect(() =>
      updateUser(db, desk.admin, dbPath, AT, { username: 'li', jurisdiction: null, expectedVersion: 2 }),
    ).toThrow(expect.objectContaining({ code: 'conflict' }));
    expect(updateUser(db, desk.admin, dbPath, AT, { username: 'li', jurisdiction: null })).toMatchObject({
      jurisdiction: null,
    });
    expect(listUsers(db, desk.admin, dbPath).find((u) => u.username === 'li')?.jurisdiction).toBeNull();
    expect(entityScopeOf(db, { username: 'li', displayName: '李红', role: 'officer' })).toEqual(COUNTY_WIDE);
    expect(updates(db, desk).map((d) => [d.before, d.after])).toEqual([
      [
        { displayName: '李执法', role: 'officer', jurisdiction: UNIT },
        { displayName: '李红', role: 'officer', jurisdiction: UNIT },
      ],
      [
        { displayName: '李红', role: 'officer', jurisdiction: UNIT },
        { displayName: '李红', role: 'officer', jurisdiction: '河口市场监管所' },
      ],
      [
        { displayName: '李红', role: 'officer', jurisdiction: '河口市场监管所' },
        { displayName: '李红', role: 'officer', jurisdiction: null },
      ],
    ]);
  });

  it('never scopes an administrator: refused when named, cleared when a user becomes one', async () => {
    const f = fresh();
    const desk = await setUpDesk(f);
    const { db, dbPath } = f;
    const adminUnit = addUser(db, desk.admin, desk.keys(AT), {
      username: 'admin2',
      displayName: '副管理',
      role: 'admin',
      password: 'admin2-password',
      jurisdiction: UNIT,
    });
    await expect(adminUnit).rejects.toMatchObject({
      code: 'invalid_input',
      message: expect.stringContaining('管理员可查看全县的市场主体'),
    });
    await addUser(db, desk.admin, desk.keys(AT), {
      username: 'zhao',
      displayName: '赵所长',
      role: 'supervisor',
      password: 'zhao-password',
      jurisdiction: UNIT,
    });
    expect(() => updateUser(db, desk.admin, dbPath, AT, { username: 'admin', jurisdiction: UNIT })).toThrow(
      expect.objectContaining({ code: 'invalid_input' }),
    );
    const promoted = updateUser(db, desk.admin, dbPath, AT, { username: 'zhao', role: 'admin' });
    expect(promoted).toMatchObject({ role: 'admin', jurisdiction: null });
    expect(updates(db, desk).at(-1)).toEqual({
      before: { displayName: '赵所长', role: 'supervisor', jurisdiction: UNIT },
      after: { displayName: '赵所长', role: 'admin', jurisdiction: null },
    });
    // Only officers whose unit an administrator chose are ever narrowed, never an administrator.
    expect(entityScopeOf(db, desk.admin)).toEqual(COUNTY_WIDE);
    // And nobody but an administrator sets one.
    const officer = { username: 'li', displayName: '李', role: 'officer' as const };
    expect(() => updateUser(db, officer, dbPath, AT, { username: 'zhao', jurisdiction: UNIT })).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });
});
