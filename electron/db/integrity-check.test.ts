import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../../test/helpers/tmp.ts';
import { Backend } from '../backend/backend.ts';
import { startBackendWorker } from '../backend/worker-client.ts';
import { keyFilePathFor } from '../paths.ts';
import { checkFile, deferQuickCheck, startBackgroundCheck } from './integrity-check.ts';
import { readKeyFile, unwrapForUser } from './keyfile.ts';
import { DAMAGED_DATABASE_MESSAGE } from './open.ts';
import { corrupt } from '../../test/helpers/damage.ts';

const ADMIN = { username: 'admin', displayName: '管理员', password: 'admin-pw-123' };
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A database with a small demo county; the backend is closed so the file can be damaged. */
async function makeDb(entities = 400) {
  const t = tempDir();
  const dbPath = join(t.dir, 'creditdesk.db');
  const first = new Backend({ dbPath, firstRunDemo: null, scrypt: FAST_SCRYPT, idleTimer: false });
  await first.call('app.setup', { admin: ADMIN, county: TEST_COUNTY, demo: { entities, seed: 'integrity' } });
  first.close();
  const logs: string[] = [];
  // syncCheckMaxBytes 0: every file takes the background path.
  const backend = new Backend({
    dbPath,
    firstRunDemo: null,
    scrypt: FAST_SCRYPT,
    idleTimer: false,
    syncCheckMaxBytes: 0,
    log: (m) => logs.push(m),
  });
  cleanups.push(() => {
    backend.close();
    t.cleanup();
  });
  return { dbPath, backend, logs };
}

async function until(what: () => Promise<boolean> | boolean, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await what())) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 25));
  }
}

const status = (b: Backend) => b.call('app.status', {});

describe('deferQuickCheck', () => {
  it('defers only files above the threshold (WAL included)', async () => {
    const { dbPath } = await makeDb(5);
    const size = statSync(dbPath).size;
    expect(deferQuickCheck(dbPath, size - 1)).toBe(true);
    expect(deferQuickCheck(dbPath, size + 1_000_000)).toBe(false);
    expect(deferQuickCheck(join(dbPath, 'missing'), 0)).toBe(false);
  });
});

describe('background quick_check after login (big-database path forced)', () => {
  it('an intact database stays usable and reports ok', async () => {
    const { backend, logs } = await makeDb();
    await backend.call('session.login', { username: 'admin', password: ADMIN.password });
    // Not yet known right after login (or already ok on a fast machine).
    expect(['checking', 'ok']).toContain((await status(backend)).integrity);
    await until(async () => (await status(backend)).integrity === 'ok');
    expect(logs.some((l) => /background integrity check: ok/.test(l))).toBe(true);
    const found = await backend.call('entities.search', { query: '', limit: 5 });
    expect(found.total).toBe(400);
    expect((await status(backend)).user?.username).toBe('admin');
  });

  it('a damaged database logs in, then is found damaged: the session closes and calls are refused', async () => {
    const { dbPath, backend } = await makeDb();
    corrupt(dbPath, 6, 8);
    await backend.call('session.login', { username: 'admin', password: ADMIN.password });
    await until(async () => (await status(backend)).integrity === 'damaged');

    const s = await status(backend);
    expect(s.user).toBeNull();
    // The connection is closed: nothing more can be written to the damaged file.
    expect(() => backend.db()).toThrow();
    for (const [method, input] of [
      ['entities.search', { query: '', limit: 5 }],
      ['session.login', { username: 'admin', password: ADMIN.password }],
      ['backup.create', {}],
    ] as const) {
      const env = await backend.dispatch(method, input);
      expect(env).toMatchObject({
        ok: false,
        error: { code: 'database_unreadable', message: DAMAGED_DATABASE_MESSAGE },
      });
    }
    // What the recovery screen needs still answers.
    expect(await backend.dispatch('backup.listForRecovery', {})).toMatchObject({ ok: true });
    expect(await backend.dispatch('session.logout', {})).toMatchObject({ ok: true });
    expect(await backend.dispatch('app.progress', {})).toMatchObject({ ok: true });
    expect((await status(backend)).integrity).toBe('damaged');
  });

  it('the synchronous path (default threshold) still refuses a damaged small file at login', async () => {
    const { dbPath } = await makeDb();
    corrupt(dbPath, 6, 8);
    const sync = new Backend({ dbPath, firstRunDemo: null, scrypt: FAST_SCRYPT, idleTimer: false });
    cleanups.unshift(() => sync.close());
    const env = await sync.dispatch('session.login', { username: 'admin', password: ADMIN.password });
    expect(env).toMatchObject({
      ok: false,
      error: { code: 'database_unreadable', message: DAMAGED_DATABASE_MESSAGE },
    });
  });
});

describe('startBackgroundCheck / checkFile', () => {
  it('zeroes the key copy it is given and leaves the caller’s key alone', async () => {
    const { dbPath } = await makeDb(5);
    const key = await unwrapForUser(readKeyFile(keyFilePathFor(dbPath)), ADMIN.username, ADMIN.password);
    const copy = new Uint8Array(key);
    expect(checkFile(dbPath, copy)).toEqual({ problems: [] });
    expect(copy.every((b) => b === 0)).toBe(true);

    const outcome = await new Promise((resolve) => startBackgroundCheck(dbPath, key, resolve));
    expect(outcome).toEqual({ problems: [] });
    expect(key.some((b) => b !== 0)).toBe(true);
  });

  it('reports a wrong key as a failure to check, not as damage', async () => {
    const { dbPath } = await makeDb(5);
    const outcome = await new Promise((resolve) =>
      startBackgroundCheck(dbPath, Buffer.alloc(32, 7), resolve),
    );
    expect(outcome).toMatchObject({ failed: expect.stringMatching(/密钥/) });
  });

  it('falls back to the calling thread when the worker cannot start', async () => {
    const { dbPath } = await makeDb(5);
    const key = await unwrapForUser(readKeyFile(keyFilePathFor(dbPath)), ADMIN.username, ADMIN.password);
    corrupt(dbPath, 3, 2);
    const outcome = await new Promise((resolve) =>
      startBackgroundCheck(dbPath, key, resolve, { workerUrl: new URL('file:///nonexistent/worker.ts') }),
    );
    // The check ran on this thread instead, and found the damage.
    expect(outcome).toMatchObject({ problems: expect.arrayContaining([expect.any(String)]) });
  });
});

const BUNDLE = 'dist/electron/worker.js';
describe.skipIf(!existsSync(BUNDLE))('in the bundle (dist/electron)', () => {
  it('integrity-worker.js is an entry of its own and the bundled backend finds it', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const { dbPath } = await makeDb(5);
    const key = await unwrapForUser(readKeyFile(keyFilePathFor(dbPath)), ADMIN.username, ADMIN.password);
    const direct = await new Promise((resolve) =>
      startBackgroundCheck(dbPath, key, resolve, {
        workerUrl: pathToFileURL('dist/electron/integrity-worker.js'),
      }),
    );
    expect(direct).toEqual({ problems: [] });

    // The backend bundle, its threshold forced to 1 byte by the environment (worker.ts).
    process.env.CREDITDESK_SYNC_CHECK_MAX_BYTES = '1';
    const client = startBackendWorker({ dataDir: t.dir, workerUrl: pathToFileURL(BUNDLE) });
    delete process.env.CREDITDESK_SYNC_CHECK_MAX_BYTES;
    try {
      const admin = { username: 'admin', displayName: '管理员', password: 'bundle-test-pw' };
      await client.call('app.setup', { admin, county: TEST_COUNTY, demo: { entities: 50, seed: 'b' } });
      await client.call('session.logout', {});
      expect(
        await client.call('session.login', { username: 'admin', password: admin.password }),
      ).toMatchObject({
        ok: true,
      });
      const integrity = async () => {
        const s = await client.call('app.status', {});
        return s.ok ? (s.value as { integrity: string | null }).integrity : 'error';
      };
      await until(async () => (await integrity()) === 'ok');
    } finally {
      await client.close();
    }
  });
});

if (!existsSync(BUNDLE)) console.warn(`SKIPPED: ${BUNDLE} not built (npm run build)`);
