/**
 * Issue 18 item 3: after the day's first login of a big file, the integrity check and the daily backup
 * run in the background one after the other — the backup only of a file that passed the check — and
 * both wait for the grace that lets the first screen load. Order is asserted, never timing thresholds.
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { corrupt } from '../../test/helpers/damage.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../../test/helpers/tmp.ts';
import { listBackupsIn } from '../services/backup/catalog.ts';
import { backupsDirFor } from '../services/backup/layout.ts';
import { Backend, type BackendOptions } from './backend.ts';

const ADMIN = { username: 'admin', displayName: '管理员', password: 'after-login-pw' };
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A small demo database whose every login takes the big-file path (check after login, in a worker). */
async function makeDb(extra: Partial<BackendOptions> = {}) {
  const t = tempDir();
  const dbPath = join(t.dir, 'creditdesk.db');
  const first = new Backend({ dbPath, firstRunDemo: null, scrypt: FAST_SCRYPT, idleTimer: false });
  await first.call('app.setup', {
    admin: ADMIN,
    county: TEST_COUNTY,
    demo: { entities: 300, seed: 'after' },
  });
  first.close();
  const logs: string[] = [];
  const backend = new Backend({
    dbPath,
    firstRunDemo: null,
    scrypt: FAST_SCRYPT,
    idleTimer: false,
    syncCheckMaxBytes: 0,
    dailyBackups: true,
    jobWorker: true,
    log: (m) => logs.push(m),
    ...extra,
  });
  cleanups.push(() => {
    backend.close();
    t.cleanup();
  });
  const dailyBackups = () => listBackupsIn(backupsDirFor(dbPath)).filter((m) => m.kind === 'daily');
  return { dbPath, backend, logs, dailyBackups };
}

async function until(what: () => Promise<boolean> | boolean, ms = 20_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const login = (b: Backend) => b.call('session.login', { username: ADMIN.username, password: ADMIN.password });

describe('background work after the first login of the day', () => {
  it('checks the file first, then writes the daily backup, and says so in app.status', async () => {
    const { backend, logs, dailyBackups } = await makeDb();
    await login(backend);
    const right = await backend.call('app.status', {});
    expect(right.integrity).toBe('checking');
    expect(right.dailyBackup?.state).toBe('waiting');

    await until(async () => (await backend.call('app.status', {})).dailyBackup?.state === 'done');
    expect((await backend.call('app.status', {})).integrity).toBe('ok');
    const checked = logs.findIndex((l) => /background integrity check: ok/.test(l));
    const written = logs.findIndex((l) => /daily backup written/.test(l));
    expect(checked).toBeGreaterThanOrEqual(0);
    expect(written).toBeGreaterThan(checked);
    expect(dailyBackups()).toHaveLength(1);
  });

  it('writes no backup of a file the check finds damaged, so older good backups are kept', async () => {
    const { dbPath, backend, logs, dailyBackups } = await makeDb();
    corrupt(dbPath, 6, 8);
    await login(backend);
    await until(async () => (await backend.call('app.status', {})).integrity === 'damaged');
    // The backup job would have been queued right after the check; give it the chance to (wrongly) run.
    await new Promise((r) => setTimeout(r, 500));
    expect(logs.some((l) => /daily backup/.test(l))).toBe(false);
    expect(dailyBackups()).toHaveLength(0);
    expect((await backend.call('app.status', {})).dailyBackup).toBeNull();
  });

  it('starts nothing during the grace after login, then both in turn', async () => {
    const { backend, logs, dailyBackups } = await makeDb({ backgroundDelayMs: 400 });
    await login(backend);
    // Within the grace: a search answers and neither the check nor the backup has begun.
    const found = await backend.call('entities.search', { query: '', limit: 5 });
    expect(found.total).toBe(300);
    expect(logs.some((l) => /integrity check|daily backup/.test(l))).toBe(false);
    expect((await backend.call('app.status', {})).dailyBackup?.state).toBe('waiting');

    await until(async () => (await backend.call('app.status', {})).dailyBackup?.state === 'done');
    expect(logs.some((l) => /background integrity check: ok/.test(l))).toBe(true);
    expect(dailyBackups()).toHaveLength(1);
  });
});
