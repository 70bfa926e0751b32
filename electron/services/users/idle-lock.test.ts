/**
 * Idle lock (SPEC §9): after the configured idle time the backend ends the session itself — the
 * connection closes and its copy of the data key is zeroed — and every data call fails with
 * not_logged_in until a password is entered again. Polling does not count as activity.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../../../test/helpers/tmp.ts';
import { Backend } from '../../backend/backend.ts';

const PASSWORD = 'idle-secret-1';

describe('idle lock', () => {
  let cleanup: () => void;
  let backend: Backend | undefined;
  afterEach(() => {
    backend?.close();
    cleanup?.();
  });

  let mono = 0;
  async function setUp() {
    const t = tempDir();
    cleanup = t.cleanup;
    mono = 1_000_000;
    backend = new Backend({
      dbPath: join(t.dir, 'creditdesk.db'),
      firstRunDemo: null,
      scrypt: FAST_SCRYPT,
      idleTimer: false,
      monotonicNow: () => mono,
    });
    await backend.call('app.setup', {
      admin: { username: 'admin', displayName: '张管理', password: PASSWORD },
      county: TEST_COUNTY,
      demo: null,
    });
  }

  it('defaults to 15 minutes and locks after that long without activity; data calls then fail', async () => {
    await setUp();
    expect(await backend!.call('lock.status', {})).toEqual({ locked: null, idleLockSeconds: 900 });
    mono += 14 * 60_000;
    expect(backend!.checkIdle()).toBe(false);
    await backend!.call('entities.search', {}); // activity resets the timer
    mono += 14 * 60_000;
    expect(backend!.checkIdle()).toBe(false);
    await backend!.call('app.progress', {}); // polling is not activity
    await backend!.call('lock.status', {});
    mono += 60_001;
    expect(backend!.checkIdle()).toBe(true);

    expect(await backend!.call('lock.status', {})).toEqual({
      locked: { username: 'admin', displayName: '张管理' },
      idleLockSeconds: null,
    });
    for (const m of ['entities.search', 'users.list', 'audit.list', 'entities.townships'] as const) {
      await expect(backend!.call(m, {}), m).rejects.toMatchObject({
        code: 'not_logged_in',
        message: /已锁定/,
      });
    }
    expect(() => backend!.db()).toThrow(/已锁定/);
    expect((await backend!.call('app.status', {})).user).toBeNull();

    // A wrong password does not unlock; the right one does, and the lock is in the log.
    await expect(
      backend!.call('session.login', { username: 'admin', password: 'nope-nope' }),
    ).rejects.toMatchObject({
      code: 'wrong_password',
    });
    await backend!.call('session.login', { username: 'admin', password: PASSWORD });
    expect((await backend!.call('lock.status', {})).locked).toBeNull();
    const log = await backend!.call('audit.list', { action: 'session.', limit: 5 });
    expect(log.entries.map((e) => e.action).slice(0, 3)).toEqual([
      'session.login',
      'session.login_failed',
      'session.lock',
    ]);
    expect(log.entries[2]!.detail).toEqual({ reason: 'idle' });
  });

  it('the zeroed key: the session copy of the data key is overwritten when the lock closes it', async () => {
    await setUp();
    const hooks = (backend as unknown as { session: { dataKey: Buffer } }).session;
    const key = hooks.dataKey;
    expect(key.some((b) => b !== 0)).toBe(true);
    await backend!.call('lock.lock', {});
    expect(key.every((b) => b === 0)).toBe(true);
    await expect(backend!.call('entities.search', {})).rejects.toMatchObject({ code: 'not_logged_in' });
    await expect(backend!.call('lock.touch', {})).rejects.toMatchObject({ code: 'not_logged_in' });
  });

  it('an administrator sets the idle time; it applies at once and to later sessions; others may not', async () => {
    await setUp();
    await backend!.call('users.add', {
      username: 'li',
      displayName: '李',
      role: 'supervisor',
      password: 'super-pass-1',
    });
    expect(await backend!.call('lock.setIdleSeconds', { seconds: 60 })).toEqual({ idleLockSeconds: 60 });
    await expect(backend!.call('lock.setIdleSeconds', { seconds: 5 })).rejects.toMatchObject({
      code: 'invalid_input',
    });
    mono += 30_000;
    await backend!.call('lock.touch', {}); // the renderer saw the mouse move
    mono += 59_000;
    expect(backend!.checkIdle()).toBe(false);
    mono += 2000;
    expect(backend!.checkIdle()).toBe(true);

    // Another user may log in at the lock screen instead; the setting holds for them too.
    await backend!.call('session.login', { username: 'li', password: 'super-pass-1' });
    expect((await backend!.call('lock.status', {})).idleLockSeconds).toBe(60);
    await expect(backend!.call('lock.setIdleSeconds', { seconds: 600 })).rejects.toMatchObject({
      code: 'forbidden',
    });
  });

  it('does not lock while a call is running (a long job counts as activity until it ends)', async () => {
    await setUp();
    await backend!.call('lock.setIdleSeconds', { seconds: 10 });
    const slow = backend!.call('users.add', {
      username: 'zhao',
      displayName: '赵',
      role: 'viewer',
      password: 'viewer-pass-1',
    });
    mono += 60_000;
    expect(backend!.checkIdle()).toBe(false);
    await slow;
    expect(backend!.checkIdle()).toBe(false);
    mono += 10_001;
    expect(backend!.checkIdle()).toBe(true);
  });

  it('the background timer locks on its own', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    let m = 0;
    backend = new Backend({
      dbPath: join(t.dir, 'creditdesk.db'),
      firstRunDemo: null,
      scrypt: FAST_SCRYPT,
      monotonicNow: () => m,
    });
    await backend.call('app.setup', {
      admin: { username: 'admin', displayName: '张管理', password: PASSWORD },
      county: TEST_COUNTY,
      demo: null,
    });
    await backend.call('lock.setIdleSeconds', { seconds: 10 });
    m += 11_000;
    await new Promise((r) => setTimeout(r, 2500));
    expect((await backend.call('lock.status', {})).locked).toMatchObject({ username: 'admin' });
  });
});
