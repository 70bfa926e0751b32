/**
 * Users and their wrapped keys: adding wraps the data key for the new password, a new password
 * re-wraps it (the old one stops working, the database is not re-encrypted), removing takes the
 * wrapped key out. Rules that keep an administrator in charge. No password or key in the audit log.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../../../test/helpers/tmp.ts';
import { Backend } from '../../backend/backend.ts';
import { readKeyFile, unwrapForUser } from '../../db/keyfile.ts';

const ADMIN_PW = 'admin-secret-1';

describe('user management', () => {
  let cleanup: () => void;
  let backend: Backend | undefined;
  afterEach(() => {
    backend?.close();
    cleanup?.();
  });

  async function setUp() {
    const t = tempDir();
    cleanup = t.cleanup;
    const dbPath = join(t.dir, 'creditdesk.db');
    backend = new Backend({ dbPath, firstRunDemo: null, scrypt: FAST_SCRYPT, idleTimer: false });
    await backend.call('app.setup', {
      admin: { username: 'admin', displayName: '张管理', password: ADMIN_PW },
      county: TEST_COUNTY,
      demo: null,
    });
    return { dbPath, keyPath: `${dbPath}.keys.json` };
  }

  const login = (username: string, password: string) =>
    backend!.call('session.login', { username, password });

  it('adding a user wraps the same data key for their password; they log in with their role', async () => {
    const { keyPath } = await setUp();
    const added = await backend!.call('users.add', {
      username: 'li.officer',
      displayName: '李执法',
      role: 'officer',
      password: 'officer-pass-1',
    });
    expect(added).toMatchObject({ username: 'li.officer', role: 'officer', hasKey: true, failures: 0 });
    const kf = readKeyFile(keyPath);
    expect(kf.users.map((u) => u.username).sort()).toEqual(['admin', 'li.officer']);
    const a = await unwrapForUser(kf, 'admin', ADMIN_PW);
    const b = await unwrapForUser(kf, 'li.officer', 'officer-pass-1');
    expect(b.equals(a)).toBe(true);
    await backend!.call('session.logout', {});
    const out = await login('li.officer', 'officer-pass-1');
    expect(out.user).toMatchObject({ username: 'li.officer', role: 'officer', displayName: '李执法' });
    await expect(backend!.call('users.list', {})).rejects.toMatchObject({ code: 'forbidden' });
  });

  it('a new password re-wraps the key: the old password stops working, nothing is re-encrypted', async () => {
    const { dbPath, keyPath } = await setUp();
    await backend!.call('users.add', {
      username: 'li',
      displayName: '李',
      role: 'officer',
      password: 'old-pass-11',
    });
    const before = readFileSync(dbPath);
    const kfBefore = readKeyFile(keyPath).users.find((u) => u.username === 'li')!;
    await backend!.call('users.setPassword', { username: 'li', password: 'new-pass-22' });
    const kfAfter = readKeyFile(keyPath).users.find((u) => u.username === 'li')!;
    expect(kfAfter.kdf.salt).not.toBe(kfBefore.kdf.salt);
    expect(kfAfter.wrap.ct).not.toBe(kfBefore.wrap.ct);
    await backend!.call('session.logout', {});
    await expect(login('li', 'old-pass-11')).rejects.toMatchObject({ code: 'wrong_password' });
    await login('li', 'new-pass-22');
    // Its own password: the current one is asked again.
    await expect(
      backend!.call('users.changeOwnPassword', {
        currentPassword: 'wrong-current',
        newPassword: 'third-pass-33',
      }),
    ).rejects.toMatchObject({ code: 'wrong_password' });
    await backend!.call('users.changeOwnPassword', {
      currentPassword: 'new-pass-22',
      newPassword: 'third-pass-33',
    });
    await backend!.call('session.logout', {});
    await login('li', 'third-pass-33');
    await backend!.call('session.logout', {});
    // The database pages were never rewritten for a password change (only appended to by the log).
    const after = readFileSync(dbPath);
    expect(after.subarray(0, 4096).equals(before.subarray(0, 4096))).toBe(true);
  });

  it('guessing one’s own current password from an open session runs into the lockout', async () => {
    await setUp();
    const guess = (p: string) =>
      backend!.call('users.changeOwnPassword', { currentPassword: p, newPassword: 'new-pass-123' });
    for (let i = 0; i < 4; i++)
      await expect(guess(`guess-${i}`)).rejects.toMatchObject({ code: 'wrong_password' });
    await expect(guess('guess-5')).rejects.toMatchObject({ code: 'locked_out' });
    await expect(guess(ADMIN_PW)).rejects.toMatchObject({ code: 'locked_out' });
    const log = await backend!.call('audit.list', { action: 'user.password_change_failed', limit: 10 });
    expect(log.entries.map((e) => e.detail.lockedOut)).toEqual([true, true, false, false, false, false]);
  });

  it('removing a user removes their wrapped key; they cannot log in; the name stays in the log', async () => {
    const { keyPath } = await setUp();
    await backend!.call('users.add', {
      username: 'wang',
      displayName: '王',
      role: 'viewer',
      password: 'viewer-pass-1',
    });
    await backend!.call('users.remove', { username: 'wang' });
    expect(readKeyFile(keyPath).users.map((u) => u.username)).toEqual(['admin']);
    expect((await backend!.call('users.list', {})).users.map((u) => u.username)).toEqual(['admin']);
    const log = await backend!.call('audit.list', { action: 'user.', limit: 10 });
    expect(log.entries.map((e) => [e.action, e.target])).toEqual([
      ['user.remove', 'wang'],
      ['user.add', 'wang'],
    ]);
    await backend!.call('session.logout', {});
    await expect(login('wang', 'viewer-pass-1')).rejects.toMatchObject({ code: 'wrong_password' });
    // The name can be given again later, with a new password.
    await login('admin', ADMIN_PW);
    await backend!.call('users.add', {
      username: 'wang',
      displayName: '王二',
      role: 'officer',
      password: 'viewer-pass-2',
    });
    await backend!.call('session.logout', {});
    expect((await login('wang', 'viewer-pass-2')).user).toMatchObject({
      role: 'officer',
      displayName: '王二',
    });
  });

  it('keeps an administrator in charge: not the last admin, not oneself, no duplicate names', async () => {
    await setUp();
    await expect(backend!.call('users.remove', { username: 'admin' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(backend!.call('users.update', { username: 'admin', role: 'viewer' })).rejects.toMatchObject({
      code: 'conflict',
    });
    await expect(
      backend!.call('users.add', {
        username: 'admin',
        displayName: 'x',
        role: 'viewer',
        password: 'whatever-1',
      }),
    ).rejects.toMatchObject({ code: 'conflict' });
    await expect(backend!.call('users.remove', { username: 'ghost' })).rejects.toMatchObject({
      code: 'not_found',
    });
    await backend!.call('users.add', {
      username: 'admin2',
      displayName: '副管理',
      role: 'admin',
      password: 'admin2-pass',
    });
    // With two administrators, the other one may be demoted, but never one's own role.
    expect(await backend!.call('users.update', { username: 'admin2', role: 'supervisor' })).toMatchObject({
      role: 'supervisor',
    });
    await backend!.call('users.update', { username: 'admin2', role: 'admin' });
    await expect(backend!.call('users.update', { username: 'admin', role: 'viewer' })).rejects.toMatchObject({
      code: 'conflict',
    });
  });

  it('a role change takes effect at the next login; the log holds no password or key material', async () => {
    const { keyPath } = await setUp();
    await backend!.call('users.add', {
      username: 'li',
      displayName: '李',
      role: 'viewer',
      password: 'viewer-pass-9',
    });
    await backend!.call('users.update', { username: 'li', role: 'supervisor' });
    await backend!.call('users.setPassword', { username: 'li', password: 'changed-pass-9' });
    const log = await backend!.call('audit.list', { limit: 500 });
    const text = JSON.stringify(log.entries);
    const kf = readKeyFile(keyPath);
    for (const secret of ['viewer-pass-9', 'changed-pass-9', ADMIN_PW]) expect(text).not.toContain(secret);
    for (const u of kf.users) {
      expect(text).not.toContain(u.wrap.ct);
      expect(text).not.toContain(u.kdf.salt);
    }
    const key = await unwrapForUser(kf, 'admin', ADMIN_PW);
    expect(text).not.toContain(key.toString('hex'));
    expect(text).not.toContain(key.toString('base64'));
    await backend!.call('session.logout', {});
    expect((await login('li', 'changed-pass-9')).user.role).toBe('supervisor');
  });
});
