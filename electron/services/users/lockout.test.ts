/**
 * Failed logins and lockout: the side file beside the database, its hash chain, the growing delay,
 * and the copy into the audit log at the next successful login.
 */
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../../../test/helpers/tmp.ts';
import type { ApiError } from '../../../shared/api/errors.ts';
import { Backend } from '../../backend/backend.ts';
import { verifyAuditChain } from '../audit/verify.ts';
import { lockDurationMs, type LoginLogFile, loginLogPathFor } from './login-log.ts';

const PASSWORD = 'lockout-secret-1';

describe('lockout after failed logins', () => {
  let cleanup: () => void;
  let backend: Backend | undefined;
  afterEach(() => {
    backend?.close();
    cleanup?.();
  });

  let clock = 0;
  async function setUp() {
    const t = tempDir();
    cleanup = t.cleanup;
    const dbPath = join(t.dir, 'creditdesk.db');
    clock = Date.parse('2026-05-01T09:00:00Z');
    backend = new Backend({
      dbPath,
      firstRunDemo: null,
      scrypt: FAST_SCRYPT,
      idleTimer: false,
      now: () => new Date(clock),
    });
    await backend.call('app.setup', {
      admin: { username: 'admin', displayName: '张管理', password: PASSWORD },
      county: TEST_COUNTY,
      demo: null,
    });
    await backend.call('users.add', {
      username: 'li',
      displayName: '李执法',
      role: 'officer',
      password: 'officer-pass-1',
    });
    await backend.call('session.logout', {});
    return { dbPath, logPath: loginLogPathFor(dbPath) };
  }

  async function attempt(username: string, password: string): Promise<ApiError | null> {
    try {
      await backend!.call('session.login', { username, password });
      return null;
    } catch (e) {
      return e as ApiError;
    }
  }

  it('the delay: none for 4 failures, 30 s at 5, doubling, capped at 15 min', () => {
    expect([1, 4].map(lockDurationMs)).toEqual([0, 0]);
    expect([5, 6, 7, 8].map(lockDurationMs)).toEqual([30_000, 60_000, 120_000, 240_000]);
    expect(lockDurationMs(20)).toBe(15 * 60_000);
    expect(lockDurationMs(1000)).toBe(15 * 60_000);
  });

  it('locks a name after 5 failures with a Chinese message saying how long, even for the right password', async () => {
    const { logPath } = await setUp();
    for (let i = 1; i <= 4; i++) {
      const e = await attempt('admin', `wrong-${i}`);
      expect(e?.code).toBe('wrong_password');
      if (i >= 3) expect(e?.message).toMatch(/再错 \d 次将暂时锁定/);
      clock += 1000;
    }
    const fifth = await attempt('admin', 'wrong-5');
    expect(fifth?.code).toBe('locked_out');
    expect(fifth?.message).toMatch(/30 秒后重试/);
    clock += 10_000;
    const locked = await attempt('admin', PASSWORD);
    expect(locked?.code).toBe('locked_out');
    expect(locked?.message).toMatch(/20 秒后重试/);
    // Another name is not affected.
    expect(await attempt('li', 'officer-pass-1')).toBeNull();
    await backend!.call('session.logout', {});
    // After the wait, one more failure doubles the lock.
    clock += 21_000;
    const sixth = await attempt('admin', 'wrong-6');
    expect(sixth?.code).toBe('locked_out');
    expect(sixth?.message).toMatch(/1 分钟后重试/);
    clock += 61_000;
    expect(await attempt('admin', PASSWORD)).toBeNull();

    // The success reset the count; the file never held a password.
    const file = JSON.parse(readFileSync(logPath, 'utf8')) as LoginLogFile;
    expect(file.users.admin).toBeUndefined();
    expect(file.pending).toEqual([]);
    const text = readFileSync(logPath, 'utf8');
    for (let i = 1; i <= 6; i++) expect(text).not.toContain(`wrong-${i}`);
    expect(text).not.toContain(PASSWORD);
  });

  it('copies every failure into the audit log at the next successful login, chain intact', async () => {
    await setUp();
    for (const u of ['admin', 'admin', 'nosuchuser']) {
      expect((await attempt(u, 'bad-password'))?.code).toBe('wrong_password');
      clock += 1000;
    }
    expect(await attempt('admin', PASSWORD)).toBeNull();
    const { entries } = await backend!.call('audit.list', { action: 'session.login', limit: 50 });
    const failed = entries.filter((e) => e.action === 'session.login_failed');
    // A name that is no user is never written as typed (it may be a password typed in the wrong field).
    expect(failed.map((e) => e.actor).sort()).toEqual(['admin', 'admin', '（未知用户名）']);
    expect(JSON.stringify(entries)).not.toContain('nosuchuser');
    expect(entries.some((e) => e.action === 'session.login_log_tampered')).toBe(false);
    for (const e of entries) expect(JSON.stringify(e)).not.toContain('bad-password');
    expect(verifyAuditChain(backend!.db()).intact).toBe(true);

    // Logging in again copies nothing twice.
    await backend!.call('session.logout', {});
    await attempt('admin', PASSWORD);
    const again = await backend!.call('audit.list', { action: 'session.login_failed', limit: 50 });
    expect(again.total).toBe(3);
  });

  it('an edited, a removed and a reordered pending failure are each reported at the next login', async () => {
    const { logPath } = await setUp();
    const cases: [string, (f: LoginLogFile) => void][] = [
      ['edit', (f) => (f.pending[1]!.username = 'someone-else')],
      ['remove', (f) => f.pending.splice(1, 1)],
      ['reorder', (f) => f.pending.reverse()],
      ['remove-last', (f) => f.pending.pop()],
    ];
    for (const [name, change] of cases) {
      clock += 25 * 3600_000; // a day later: li's earlier failures are forgotten, no lockout in the way
      for (let i = 0; i < 3; i++) {
        await attempt('li', `bad-${i}`);
        clock += 1000;
      }
      const f = JSON.parse(readFileSync(logPath, 'utf8')) as LoginLogFile;
      change(f);
      writeFileSync(logPath, JSON.stringify(f));
      expect(await attempt('admin', PASSWORD), name).toBeNull();
      const r = await backend!.call('audit.list', { action: 'session.login_log_tampered', limit: 10 });
      expect(r.total, name).toBeGreaterThan(0);
      await backend!.call('session.logout', {});
      await backend!.call('session.login', { username: 'admin', password: PASSWORD });
      const count = (await backend!.call('audit.list', { action: 'session.login_log_tampered', limit: 10 }))
        .total;
      await backend!.call('session.logout', {});
      expect(count, `${name}: reported once`).toBe(cases.findIndex((c) => c[0] === name) + 1);
    }
  });

  it('a deleted or corrupt failed-login file is recorded and recreated; the login still works', async () => {
    const { logPath } = await setUp();
    // Once a login has copied the file, the database knows it and misses it when it is gone.
    expect(await attempt('admin', PASSWORD)).toBeNull();
    await backend!.call('session.logout', {});
    await attempt('admin', 'bad-password');
    rmSync(logPath);
    expect(await attempt('admin', PASSWORD)).toBeNull();
    let r = await backend!.call('audit.list', { action: 'session.login_log_', limit: 10 });
    expect(r.entries.map((e) => e.action)).toContain('session.login_log_missing');
    await backend!.call('session.logout', {});
    writeFileSync(logPath, '{not json');
    expect(await attempt('admin', PASSWORD)).toBeNull();
    r = await backend!.call('audit.list', { action: 'session.login_log_', limit: 10 });
    expect(r.entries.map((e) => e.action)).toContain('session.login_log_corrupt');
    expect(JSON.parse(readFileSync(logPath, 'utf8')).format).toBe('creditdesk-logins');
  });

  it('a password typed into the name field is never written down, yet that name is locked out too', async () => {
    const { logPath } = await setUp();
    const typed = 'MySecret-2026';
    for (let i = 0; i < 4; i++) expect((await attempt(typed, 'x'))?.code).toBe('wrong_password');
    expect((await attempt(typed, 'x'))?.code).toBe('locked_out');
    expect((await attempt(typed, 'x'))?.code).toBe('locked_out');
    expect(readFileSync(logPath, 'utf8')).not.toContain(typed);
    expect(await attempt('admin', PASSWORD)).toBeNull();
    const log = await backend!.call('audit.list', { limit: 100 });
    expect(JSON.stringify(log.entries)).not.toContain(typed);
  });

  it('a database put back from an older copy is told apart from a tampered file', async () => {
    const { dbPath, logPath } = await setUp();
    expect(await attempt('admin', PASSWORD)).toBeNull();
    await backend!.call('session.logout', {});
    backend!.close();
    copyFileSync(dbPath, `${dbPath}.old`);
    // Later: failures, copied into the (newer) database by a login.
    for (let i = 0; i < 2; i++) await attempt('li', `bad-${i}`);
    expect(await attempt('admin', PASSWORD)).toBeNull();
    backend!.close();
    // The backup goes back in place (as a restore does); a new failure follows.
    copyFileSync(`${dbPath}.old`, dbPath);
    await attempt('li', 'bad-after-restore');
    expect(await attempt('admin', PASSWORD)).toBeNull();
    const r = await backend!.call('audit.list', { action: 'session.login_', limit: 20 });
    const actions = r.entries.map((e) => e.action);
    expect(actions).toContain('session.login_log_behind');
    expect(actions).not.toContain('session.login_log_tampered');
    expect(r.entries.filter((e) => e.action === 'session.login_failed')).toHaveLength(1);
    expect(JSON.parse(readFileSync(logPath, 'utf8')).pending).toEqual([]);
  });

  it('an administrator lifts a lockout; the unlock is audited', async () => {
    await setUp();
    for (let i = 0; i < 5; i++) await attempt('li', `bad-${i}`);
    expect((await attempt('li', 'officer-pass-1'))?.code).toBe('locked_out');
    await backend!.call('session.login', { username: 'admin', password: PASSWORD });
    const list = await backend!.call('users.list', {});
    expect(list.users.find((u) => u.username === 'li')).toMatchObject({
      failures: 5,
      lockedUntil: expect.any(String),
    });
    expect(await backend!.call('users.unlock', { username: 'li' })).toEqual({ wasLocked: true });
    await backend!.call('session.logout', {});
    expect(await attempt('li', 'officer-pass-1')).toBeNull();
  });
});
