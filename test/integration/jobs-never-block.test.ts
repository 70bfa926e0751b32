/**
 * Issue 18 items 2 and 3: long jobs run in the job worker, beside the request path. While a grading
 * run is in progress a search is answered (before the run ends) and progress keeps arriving; the day's
 * first login answers before its daily backup is written, which then completes and is recorded.
 * These tests assert order and overlap, never timing thresholds (the bench measures latencies).
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../shared/api/contract.ts';
import { Backend } from '../../electron/backend/backend.ts';
import type { BackendClient } from '../../electron/backend/client.ts';
import { startBackendWorker } from '../../electron/backend/worker-client.ts';
import { listBackupsIn } from '../../electron/services/backup/catalog.ts';
import { backupsDirFor } from '../../electron/services/backup/layout.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../helpers/tmp.ts';

const ADMIN = { username: 'admin', displayName: '管理员', password: 'jobs-never-block' };
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function call<T>(client: BackendClient, method: Parameters<BackendClient['call']>[0], input: unknown) {
  const env = await client.call(method, input);
  if (!env.ok) throw new Error(`${method}: ${env.error.message}`);
  return env.value as T;
}

describe('a grading run in the job worker', () => {
  let client: BackendClient | undefined;
  let cleanup = () => {};
  afterEach(async () => {
    await client?.close();
    client = undefined;
    cleanup();
  });

  it('lets a search answer while it runs, and reports progress as it goes', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    client = startBackendWorker({
      dataDir: t.dir,
      workerUrl: new URL('../../electron/backend/worker.ts', import.meta.url),
    });
    const c = client;
    // The demo is itself a job of the job worker; setup answers once it is written.
    const setup = await call<{ demoEntities: number }>(c, 'app.setup', {
      admin: ADMIN,
      county: TEST_COUNTY,
      demo: { entities: 10_000, seed: 'jobs-never-block' },
    });
    expect(setup.demoEntities).toBe(10_000);

    let runEnded = false;
    const run = c
      .call('grading.run', { modelId: 'samr-risk', modelVersion: null, asOf: '2026-10-31' })
      .finally(() => {
        runEnded = true;
      });
    const seen: JobProgress[] = [];
    while (!runEnded) {
      const p = await call<JobProgress>(c, 'app.progress', {});
      if (p.job === 'grading.run') {
        seen.push(p);
        break;
      }
      await sleep(5);
    }
    expect(runEnded).toBe(false);

    // The run is in progress: a search goes to the backend's thread, which is not busy with it.
    const found = await call<{ rows: unknown[] }>(c, 'entities.search', { query: '公司' });
    const searchAnsweredDuringRun = !runEnded;
    expect(found.rows.length).toBeGreaterThan(0);
    expect(searchAnsweredDuringRun).toBe(true);

    while (!runEnded) {
      const p = await call<JobProgress>(c, 'app.progress', {});
      if (p.job === 'grading.run') seen.push(p);
      await sleep(20);
    }
    const env = await run;
    expect(env).toMatchObject({ ok: true, value: { run: { id: expect.any(Number) } } });
    // The worker reports while it works: more than its opening step reached the main thread.
    const steps = new Set(seen.map((p) => `${p.stage}|${p.done}`));
    expect(steps.size).toBeGreaterThan(1);
    expect(await call<JobProgress>(c, 'app.progress', {})).toMatchObject({ job: null });
  }, 180_000);
});

describe('a write from a request while a job holds the write lock', () => {
  let backend: Backend | undefined;
  let cleanup = () => {};
  afterEach(() => {
    backend?.close();
    backend = undefined;
    cleanup();
  });

  it('waits, saying so in app.progress, and is saved once the job lets go', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const b = new Backend({
      dbPath: join(t.dir, 'creditdesk.db'),
      firstRunDemo: null,
      scrypt: FAST_SCRYPT,
      idleTimer: false,
      jobWorker: true,
    });
    backend = b;
    await b.call('app.setup', {
      admin: ADMIN,
      county: TEST_COUNTY,
      demo: { entities: 10_000, seed: 'jobs-write-wait' },
    });
    let runEnded = false;
    const run = b
      .call('grading.run', { modelId: 'samr-risk', modelVersion: null, asOf: '2026-10-31' })
      .finally(() => {
        runEnded = true;
      });
    // The run holds the write lock from its first row until it commits; it has reported some work.
    while ((await b.call('app.progress', {})).done === 0 && !runEnded) await sleep(5);
    expect(runEnded).toBe(false);

    let saved = false;
    const write = b.call('backup.setKeep', { keep: 9 }).finally(() => {
      saved = true;
    });
    const notices = new Set<string>();
    while (!saved) {
      const p = await b.call('app.progress', {});
      if (p.notice) notices.add(p.notice);
      await sleep(10);
    }
    await run;
    expect(await write).toMatchObject({ keep: 9 });
    expect([...notices]).toEqual(['另一项写入正在进行，等待中…']);
    expect((await b.call('backup.list', {})).keep).toBe(9);
    expect((await b.call('app.progress', {})).notice).toBeUndefined();
  }, 180_000);
});

describe('the daily backup after the first login of the day', () => {
  let backend: Backend | undefined;
  let cleanup = () => {};
  afterEach(() => {
    backend?.close();
    backend = undefined;
    cleanup();
  });

  async function setUp(): Promise<{ dbPath: string; backend: Backend }> {
    const t = tempDir();
    cleanup = t.cleanup;
    const dbPath = join(t.dir, 'creditdesk.db');
    const opts = {
      dbPath,
      firstRunDemo: null,
      scrypt: FAST_SCRYPT,
      idleTimer: false,
      dailyBackups: true,
      jobWorker: true,
    } as const;
    const first = new Backend(opts);
    await first.call('app.setup', { admin: ADMIN, county: TEST_COUNTY, demo: null });
    first.close();
    return { dbPath, backend: new Backend(opts) };
  }

  async function settled(b: Backend) {
    for (let i = 0; i < 600; i++) {
      const s = (await b.call('app.status', {})).dailyBackup;
      if (s?.state !== 'running' && s?.state !== 'waiting') return s;
      await sleep(50);
    }
    throw new Error('the daily backup did not end');
  }

  it('login answers first; the backup then completes in the background and is recorded', async () => {
    const s = await setUp();
    backend = s.backend;
    const daily = () => listBackupsIn(backupsDirFor(s.dbPath)).filter((m) => m.kind === 'daily');
    await backend.call('session.login', { username: ADMIN.username, password: ADMIN.password });
    // Still running when login has answered: the outcome reaches this thread only as a later message.
    // ('waiting' until the file's integrity is known; a small file is checked inside the login.)
    expect(['waiting', 'running']).toContain((await backend.call('app.status', {})).dailyBackup?.state);
    expect(daily()).toHaveLength(0);
    // Requests are answered meanwhile.
    expect((await backend.call('entities.search', { query: '' })).rows).toEqual([]);

    expect(await settled(backend)).toEqual({ state: 'done', message: null });
    expect(daily()).toHaveLength(1);
    const log = await backend.call('audit.list', { limit: 20 });
    expect(log.entries.map((e) => e.action)).toContain('backup.daily');
    expect(await backend.call('app.progress', {})).toMatchObject({ job: null });

    // A later login the same day starts none.
    await backend.call('session.login', { username: ADMIN.username, password: ADMIN.password });
    expect((await backend.call('app.status', {})).dailyBackup).toBeNull();
  });

  it('a backup that cannot be written is reported after login, which is not refused', async () => {
    const s = await setUp();
    backend = s.backend;
    // The backups folder's place is taken by a file: the backup fails when it creates its folder.
    writeFileSync(backupsDirFor(s.dbPath), 'not a folder');
    const login = await backend.call('session.login', { username: ADMIN.username, password: ADMIN.password });
    expect(login.user.username).toBe(ADMIN.username);
    const outcome = await settled(backend);
    expect(outcome?.state).toBe('failed');
    expect(outcome?.message).toBeTruthy();
    expect((await backend.call('app.status', {})).user?.username).toBe(ADMIN.username);
  });
});

describe('exports and the audit log checks in the job worker', () => {
  let backend: Backend | undefined;
  let cleanup = () => {};
  afterEach(() => {
    backend?.close();
    backend = undefined;
    cleanup();
  });

  it('answer with their files and findings, worked out by the job worker', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const logged: string[] = [];
    const b = new Backend({
      dbPath: join(t.dir, 'creditdesk.db'),
      firstRunDemo: null,
      scrypt: FAST_SCRYPT,
      idleTimer: false,
      jobWorker: true,
      log: (m) => logged.push(m),
    });
    backend = b;
    await b.call('app.setup', {
      admin: ADMIN,
      county: TEST_COUNTY,
      demo: { entities: 300, seed: 'jobs-exports' },
    });
    await b.call('grading.run', { modelId: 'samr-risk', modelVersion: null, asOf: '2026-10-31' });

    const results = await b.call('exchange.export', { kind: 'grading_results' });
    expect(results.rows).toBeGreaterThan(0);
    const first = await b.call('exchange.download', { fileId: results.fileId, offset: 0 });
    expect(Buffer.from(first.base64, 'base64').subarray(0, 2).toString('latin1')).toBe('PK');
    expect(first.size).toBe(results.size);

    const verified = await b.call('audit.verify', {});
    expect(verified).toMatchObject({ intact: true });
    const log = await b.call('audit.export', {});
    expect(log.rows).toBeGreaterThan(0);
    const report = await b.call('analysis.quarterlyExport', { year: 2026, quarter: 4 });
    expect(report.fileName).toContain('2026年第4季度');
    expect(report.size).toBeGreaterThan(0);

    // Written by the job worker, not by a fallback in this thread; each left an entry in the log.
    expect(logged.filter((m) => m.includes('job worker'))).toEqual([]);
    const actions = (await b.call('audit.list', { limit: 50 })).entries.map((e) => e.action);
    for (const a of ['exchange.export', 'audit.verify', 'audit.export', 'analysis.report'])
      expect(actions).toContain(a);
    expect(await b.call('app.progress', {})).toMatchObject({ job: null });
  }, 180_000);
});
