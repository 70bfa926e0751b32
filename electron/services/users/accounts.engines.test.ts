/**
 * The users area on both engines (issue 17): the account services of accounts.test.ts, called directly
 * with a SQLite and with a PostgreSQL database — adding wraps the data key and writes the row, removal
 * disables the row and takes the key out, a removed name comes back with a new profile, the rules that
 * keep an administrator in charge, password changes and their lockout, the idle-lock setting, and the
 * copy of failed logins into the audit log. The login itself (opening the encrypted file) is the desk's
 * and stays in accounts.test.ts and lockout.test.ts.
 */
import { expect, it } from 'vitest';
import { type AuditFilter, auditFilterSchema } from '../../../shared/api/contracts/audit.ts';
import { type Desk, setUpDesk } from '../../../test/helpers/engine-desk.ts';
import { forEachEngine } from '../../../test/helpers/engines.ts';
import { readKeyFile, unwrapForUser } from '../../db/keyfile.ts';
import { unitOfWork } from '../../db/sql.ts';
import { keyFilePathFor } from '../../paths.ts';
import { listAudit } from '../audit/read.ts';
import { verifyAuditChain } from '../audit/verify.ts';
import {
  addUser,
  changeOwnPassword,
  findActiveUser,
  listUsers,
  removeUser,
  setUserPassword,
  unlockUser,
  updateUser,
  userDisplayNames,
} from './accounts.ts';
import { getIdleLockSeconds, setIdleLockSeconds } from './idle-lock.ts';
import { importLoginFailures } from './login-import.ts';
import { failureIdentity, loginLogPathFor, readLoginLog, recordFailure, writeLoginLog } from './login-log.ts';

const AT = '2026-11-03T02:00:00.000Z';

/** A filter as the contract leaves it after parsing (absent fields are ''). */
const filter = (f: Partial<AuditFilter>): AuditFilter => auditFilterSchema.parse(f);
const page = ({ offset, limit, ...f }: Partial<AuditFilter> & { offset: number; limit: number }) => ({
  ...filter(f),
  offset,
  limit,
});

forEachEngine('user accounts', (fresh) => {
  async function setUp() {
    const f = fresh();
    const desk = await setUpDesk(f);
    return { ...f, desk };
  }

  const actions = (db: Parameters<typeof listAudit>[0], desk: Desk, prefix?: string) =>
    listAudit(
      db,
      desk.admin,
      page({ offset: 0, limit: 100, ...(prefix ? { action: prefix } : {}) }),
    ).entries.map((e) => [e.action, e.target, e.detail] as const);

  it('refuses a profile edit based on a user another administrator changed since (two connections)', async () => {
    const { db, dbPath, desk, connectAgain } = await setUp();
    await addUser(db, desk.admin, desk.keys(AT), {
      username: 'li.officer',
      displayName: '李红',
      role: 'officer',
      password: 'li-password',
    });
    const other = connectAgain();
    const seenHere = listUsers(db, desk.admin, dbPath).find((u) => u.username === 'li.officer')!;
    const seenThere = listUsers(other, desk.admin, dbPath).find((u) => u.username === 'li.officer')!;
    expect(seenHere.version).toBe(1);
    expect(seenThere.version).toBe(1);
    const later = '2026-11-04T06:45:00.000Z';
    const first = updateUser(db, desk.admin, dbPath, later, {
      username: 'li.officer',
      role: 'supervisor',
      expectedVersion: seenHere.version,
    });
    expect(first).toMatchObject({ role: 'supervisor', version: 2 });
    let refused: unknown;
    try {
      updateUser(other, desk.admin, dbPath, AT, {
        username: 'li.officer',
        role: 'viewer',
        expectedVersion: 1,
      });
    } catch (e) {
      refused = e;
    }
    expect(refused).toMatchObject({ code: 'conflict' });
    const message = (refused as Error).message;
    expect(message).toContain(desk.admin.displayName);
    expect(message).toMatch(/2026-11-04 \d\d:45:00/);
    expect(message).toContain('角色：');
    expect(message).toContain('未保存');
    for (const d of [db, other]) expect(findActiveUser(d, 'li.officer')?.role).toBe('supervisor');
    expect(actions(db, desk, 'user.update')).toHaveLength(1);
    // Without a version (the CLI, older callers) the edit goes through as before.
    expect(
      updateUser(other, desk.admin, dbPath, AT, { username: 'li.officer', role: 'viewer' }),
    ).toMatchObject({
      role: 'viewer',
      version: 3,
    });
  });

  it('adding a user writes the row and wraps the same data key for their password', async () => {
    const { db, dbPath, desk } = await setUp();
    const added = await addUser(db, desk.admin, desk.keys(AT), {
      username: 'li.officer',
      displayName: '李执法',
      role: 'officer',
      password: 'officer-pass-1',
    });
    expect(added).toMatchObject({ username: 'li.officer', role: 'officer', hasKey: true, failures: 0 });
    expect(findActiveUser(db, 'li.officer')).toEqual({
      username: 'li.officer',
      displayName: '李执法',
      role: 'officer',
    });
    expect(listUsers(db, desk.admin, dbPath).map((u) => [u.username, u.createdAt])).toEqual([
      ['admin', '2026-11-02T01:00:00.000Z'],
      ['li.officer', AT],
    ]);
    const kf = readKeyFile(keyFilePathFor(dbPath));
    const a = await unwrapForUser(kf, 'admin', 'admin-secret-1');
    const b = await unwrapForUser(kf, 'li.officer', 'officer-pass-1');
    expect(b.equals(a)).toBe(true);
    expect(actions(db, desk, 'user.')).toEqual([
      [
        'user.add',
        'li.officer',
        { displayName: '李执法', role: 'officer', jurisdiction: null, reactivated: false },
      ],
    ]);
    expect(() => listUsers(db, { ...desk.admin, role: 'officer' }, dbPath)).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
  });

  it('removing disables the row and takes the key out; the name comes back with a new profile', async () => {
    const { db, dbPath, desk } = await setUp();
    const wang = { username: 'wang', displayName: '王', role: 'viewer', password: 'viewer-pass-1' } as const;
    await addUser(db, desk.admin, desk.keys(AT), wang);
    removeUser(db, desk.admin, dbPath, AT, 'wang');
    expect(findActiveUser(db, 'wang')).toBeNull();
    expect(readKeyFile(keyFilePathFor(dbPath)).users.map((u) => u.username)).toEqual(['admin']);
    expect(listUsers(db, desk.admin, dbPath).map((u) => u.username)).toEqual(['admin']);
    // The log still names the removed user.
    expect(userDisplayNames(db).get('wang')).toBe('王');
    await addUser(db, desk.admin, desk.keys('2026-11-04T00:00:00.000Z'), {
      ...wang,
      displayName: '王二',
      role: 'officer',
    });
    expect(findActiveUser(db, 'wang')).toEqual({ username: 'wang', displayName: '王二', role: 'officer' });
    expect(listUsers(db, desk.admin, dbPath).map((u) => [u.username, u.createdAt])).toEqual([
      ['admin', '2026-11-02T01:00:00.000Z'],
      ['wang', '2026-11-04T00:00:00.000Z'],
    ]);
    expect(actions(db, desk, 'user.').map(([a, t, d]) => [a, t, d.reactivated ?? null])).toEqual([
      ['user.add', 'wang', true],
      ['user.remove', 'wang', null],
      ['user.add', 'wang', false],
    ]);
  });

  it('keeps an administrator in charge: not the last admin, not oneself, no duplicate names', async () => {
    const { db, dbPath, desk } = await setUp();
    const conflict = expect.objectContaining({ code: 'conflict' });
    expect(() => removeUser(db, desk.admin, dbPath, AT, 'admin')).toThrow(conflict);
    expect(() => updateUser(db, desk.admin, dbPath, AT, { username: 'admin', role: 'viewer' })).toThrow(
      conflict,
    );
    await expect(
      addUser(db, desk.admin, desk.keys(), {
        username: 'admin',
        displayName: 'x',
        role: 'viewer',
        password: 'whatever-1',
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    expect(() => removeUser(db, desk.admin, dbPath, AT, 'ghost')).toThrow(
      expect.objectContaining({ code: 'not_found' }),
    );
    await addUser(db, desk.admin, desk.keys(), {
      username: 'admin2',
      displayName: '副管理',
      role: 'admin',
      password: 'admin2-pass',
    });
    expect(updateUser(db, desk.admin, dbPath, AT, { username: 'admin2', role: 'supervisor' })).toMatchObject({
      role: 'supervisor',
      displayName: '副管理',
    });
    // The last administrator again: refused, and nothing half-written.
    expect(() => updateUser(db, desk.admin, dbPath, AT, { username: 'admin', role: 'viewer' })).toThrow(
      conflict,
    );
    expect(findActiveUser(db, 'admin')?.role).toBe('admin');
    expect(actions(db, desk, 'user.update')).toEqual([
      [
        'user.update',
        'admin2',
        {
          before: { displayName: '副管理', role: 'admin', jurisdiction: null },
          after: { displayName: '副管理', role: 'supervisor', jurisdiction: null },
        },
      ],
    ]);
  });

  it('new passwords re-wrap the key; guessing one’s own runs into the lockout, each try logged', async () => {
    const { db, dbPath, desk } = await setUp();
    await addUser(db, desk.admin, desk.keys(), {
      username: 'li',
      displayName: '李',
      role: 'officer',
      password: 'old-pass-11',
    });
    await setUserPassword(db, desk.admin, desk.keys(AT), { username: 'li', password: 'new-pass-22' });
    const kf = readKeyFile(keyFilePathFor(dbPath));
    await expect(unwrapForUser(kf, 'li', 'old-pass-11')).rejects.toMatchObject({ code: 'wrong_password' });
    await unwrapForUser(kf, 'li', 'new-pass-22');

    const li = { username: 'li', displayName: '李', role: 'officer' } as const;
    const guess = (p: string) =>
      changeOwnPassword(db, li, desk.keys(AT), { currentPassword: p, newPassword: 'third-pass-33' });
    for (let i = 0; i < 4; i++)
      await expect(guess(`guess-${i}`)).rejects.toMatchObject({ code: 'wrong_password' });
    await expect(guess('guess-5')).rejects.toMatchObject({ code: 'locked_out' });
    await expect(guess('new-pass-22')).rejects.toMatchObject({ code: 'locked_out' });
    expect(actions(db, desk, 'user.password_change_failed').map(([, , d]) => d.lockedOut)).toEqual([
      true,
      true,
      false,
      false,
      false,
      false,
    ]);
    expect(unlockUser(db, desk.admin, dbPath, AT, 'li')).toBe(true);
    await changeOwnPassword(db, li, desk.keys(AT), {
      currentPassword: 'new-pass-22',
      newPassword: 'third-pass-33',
    });
    await unwrapForUser(readKeyFile(keyFilePathFor(dbPath)), 'li', 'third-pass-33');
    expect(
      actions(db, desk, 'user.')
        .map(([a, t]) => [a, t])
        .slice(0, 3),
    ).toEqual([
      ['user.password_change', 'li'],
      ['user.unlock', 'li'],
      ['user.password_change_failed', 'li'],
    ]);
    expect(verifyAuditChain(db).intact).toBe(true);
  });

  it('the idle-lock time: 15 minutes until set, stored and logged when an administrator sets it', async () => {
    const { db, desk } = await setUp();
    expect(getIdleLockSeconds(db)).toBe(900);
    expect(setIdleLockSeconds(db, desk.admin, AT, 600)).toBe(600);
    expect(getIdleLockSeconds(db)).toBe(600);
    setIdleLockSeconds(db, desk.admin, AT, 1200);
    expect(getIdleLockSeconds(db)).toBe(1200);
    expect(() => setIdleLockSeconds(db, desk.admin, AT, 5)).toThrow();
    expect(() => setIdleLockSeconds(db, { ...desk.admin, role: 'officer' }, AT, 600)).toThrow(
      expect.objectContaining({ code: 'forbidden' }),
    );
    expect(actions(db, desk, 'settings.').map(([, , d]) => d)).toEqual([
      { before: 600, after: 1200 },
      { before: 900, after: 600 },
    ]);
  });

  it('failed logins wait in the side file and are copied into the log once, in order; tampering shows', async () => {
    const { db, dbPath, desk } = await setUp();
    const path = loginLogPathFor(dbPath);
    const databaseId = readKeyFile(keyFilePathFor(dbPath)).databaseId;
    const fail = (typed: string, at: string) =>
      recordFailure(path, databaseId, failureIdentity(databaseId, typed, typed === 'admin'), at);
    fail('admin', '2026-11-03T01:00:00.000Z');
    fail('not-a-user', '2026-11-03T01:00:05.000Z');
    const copy = () => {
      const after = unitOfWork(db, () => importLoginFailures(db, path, databaseId, AT, 'admin'));
      after();
    };
    copy();
    const failed = listAudit(
      db,
      desk.admin,
      page({
        action: 'session.login_failed',
        offset: 0,
        limit: 10,
      }),
    ).entries;
    expect(failed.map((e) => [e.at, e.actor, e.detail.seq])).toEqual([
      ['2026-11-03T01:00:05.000Z', '（未知用户名）', 2],
      ['2026-11-03T01:00:00.000Z', 'admin', 1],
    ]);
    const file = readLoginLog(path);
    expect(file.kind === 'ok' && file.file.pending).toEqual([]);
    // Nothing new: nothing copied again.
    copy();
    expect(listAudit(db, desk.admin, page({ action: 'session.', offset: 0, limit: 10 })).total).toBe(2);
    // An edited pending entry is copied, and said to be edited.
    fail('admin', '2026-11-03T03:00:00.000Z');
    const r = readLoginLog(path);
    if (r.kind !== 'ok') throw new Error('login log unreadable');
    r.file.pending[0]!.username = 'someone-else';
    writeLoginLog(path, r.file);
    copy();
    const tampered = listAudit(
      db,
      desk.admin,
      page({
        action: 'session.login_log_tampered',
        offset: 0,
        limit: 10,
      }),
    );
    expect(tampered.entries.map((e) => e.detail.seq)).toEqual([3]);
    // database.create, two failures, the edited third, and the word that it was edited.
    expect(verifyAuditChain(db)).toMatchObject({ intact: true, entries: 5 });
  });
});
