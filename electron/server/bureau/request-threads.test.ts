/**
 * The bureau server on several request threads, against a real PostgreSQL: while one officer's call
 * waits in the database on its thread, another session's calls on another thread are answered; one job
 * at a time for the whole server whichever thread asks, its progress and its cancel seen from every
 * thread; a job outlives the thread that asked for it; a request thread that dies answers its call as
 * not completed and is replaced. The threads run test/helpers/request-thread-test-entry.ts: the real
 * thread plus a door that sleeps in the database or crashes.
 */
import { dirname } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import type { Method } from '../../../shared/api/contract.ts';
import { freshPgDatabases } from '../../../test/helpers/engines.ts';
import { describePg } from '../../../test/helpers/pg-cluster.ts';
import { FAST_SCRYPT, TEST_COUNTY } from '../../../test/helpers/tmp.ts';
import type { PgDatabase } from '../../db/postgres/pg-db.ts';
import { sql, value } from '../../db/sql.ts';
import { initServer } from '../../services/users/server/init-server.ts';
import { RequestThreads, type RequestThreadsOptions, threadIndexFor } from './request-threads.ts';

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Admin-Pass-2026' };
const LI = { username: 'li', displayName: '李科长', role: 'supervisor' as const, password: 'Li-Pass-2026' };
const ZHANG = {
  username: 'zhang',
  displayName: '张执法',
  role: 'officer' as const,
  password: 'Zhang-Pass-2026',
};
const TEST_ENTRY = new URL('../../../test/helpers/request-thread-test-entry.ts', import.meta.url);

type Envelope = { ok: boolean; value?: unknown; error?: { code: string; message: string } };

async function until(what: string, test: () => boolean | Promise<boolean>, ms = 10_000): Promise<void> {
  const end = Date.now() + ms;
  while (!(await test())) {
    if (Date.now() > end) throw new Error(`timed out waiting until ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A request thread's connection is inside pg_sleep right now (seen from another connection). */
function someoneSleeps(db: PgDatabase): boolean {
  return (
    (value<number>(
      db,
      sql`SELECT count(*)::int FROM pg_stat_activity
          WHERE state = 'active' AND query LIKE '%pg_sleep(%' AND pid <> pg_backend_pid()`,
    ) ?? 0) > 0
  );
}

describePg('the bureau server on several request threads', () => {
  const fresh = freshPgDatabases();
  const pools: RequestThreads[] = [];
  afterEach(async () => {
    for (const p of pools.splice(0)) await p.close();
  });

  async function server(threads = 2, extra: Partial<RequestThreadsOptions> = {}) {
    const { db, url, connectAgain, dbPath } = fresh();
    // Sessions are stamped by the threads' real clock.
    await initServer(db, { county: TEST_COUNTY, admin: ADMIN }, new Date().toISOString(), FAST_SCRYPT);
    const log: string[] = [];
    const pool = new RequestThreads({
      url,
      dataDir: dirname(dbPath),
      threads,
      scrypt: FAST_SCRYPT,
      log: (m) => log.push(m),
      workerUrl: TEST_ENTRY,
      ...extra,
    });
    pools.push(pool);
    await pool.ready();
    /** One browser: it keeps the cookie the server hands it, as a real one does. */
    const browser = () => {
      let token: string | null = null;
      return {
        get token() {
          return token;
        },
        async call(method: Method | string, input: unknown = {}): Promise<Envelope> {
          const a = await pool.dispatch(method, input, { token, address: '10.0.0.8' });
          if (a.cookie === 'clear') token = null;
          else if (a.cookie) token = a.cookie.set;
          return a.envelope as Envelope;
        },
      };
    };
    /** A browser signed in as `who` whose session is pinned to thread `index` (signs in until one is). */
    const signedInOn = async (index: number, who: { username: string; password: string }) => {
      for (let attempt = 0; attempt < 64; attempt++) {
        const b = browser();
        const login = await b.call('session.login', { username: who.username, password: who.password });
        expect(login.ok, JSON.stringify(login)).toBe(true);
        if (threadIndexFor(b.token as string, threads) === index) return b;
      }
      throw new Error(`no session of ${who.username} landed on thread ${index}`);
    };
    return { db, connectAgain, pool, log, browser, signedInOn };
  }

  it('answers another session on another thread while one call waits in the database', async () => {
    const s = await server(2);
    const a = await s.signedInOn(0, ADMIN);
    const b = await s.signedInOn(1, ADMIN);
    let slowAnswered = false;
    const slow = a.call('lock.touch', { test: { sleepMs: 2500 } }).then((r) => {
      slowAnswered = true;
      return r;
    });
    await until('thread 0 sleeps in the database', () => someoneSleeps(s.db));
    const started = performance.now();
    expect(await b.call('app.status')).toMatchObject({ ok: true, value: { user: { username: 'admin' } } });
    expect(await b.call('entities.search', { query: '' })).toMatchObject({ ok: true, value: { total: 0 } });
    expect(await b.call('users.list')).toMatchObject({ ok: true });
    const took = performance.now() - started;
    // Answered while thread 0 still waits, not after it.
    expect(slowAnswered).toBe(false);
    expect(took).toBeLessThan(1500);
    expect(await slow).toMatchObject({ ok: true });

    // The control: a session pinned to the busy thread waits behind its call, as every call did on one thread.
    const c = await s.signedInOn(0, ADMIN);
    let secondAnswered = false;
    const second = a.call('lock.touch', { test: { sleepMs: 800 } }).then((r) => {
      secondAnswered = true;
      return r;
    });
    await until('thread 0 sleeps again', () => someoneSleeps(s.db));
    expect(await c.call('app.status')).toMatchObject({ ok: true });
    expect(secondAnswered).toBe(true);
    await second;
  });

  it('runs one job at a time for the server: seen, refused and cancelled from another thread', async () => {
    const s = await server(2);
    const admin = await s.signedInOn(0, ADMIN);
    expect(await admin.call('users.add', LI)).toMatchObject({ ok: true });
    expect(await admin.call('users.add', ZHANG)).toMatchObject({ ok: true });
    const li = await s.signedInOn(1, LI);
    const zhang = s.browser();
    const zhangLogin = { username: ZHANG.username, password: ZHANG.password };
    expect(await zhang.call('session.login', zhangLogin)).toMatchObject({ ok: true });
    // Another connection holds a lock the grading run needs, so the run stays in flight until it lets go.
    const holder = s.connectAgain();
    holder.script('BEGIN; LOCK TABLE import_batches IN ROW EXCLUSIVE MODE');
    const run = li.call('grading.run', { modelId: 'samr-risk', modelVersion: null, asOf: '2026-12-01' });
    const progress = async () => (await admin.call('app.progress')).value as { job: string | null };
    await until(
      'the run shows in app.progress on the other thread',
      async () => (await progress()).job !== null,
    );
    expect(await admin.call('app.progress')).toMatchObject({ ok: true, value: { job: 'grading.run' } });
    expect(await zhang.call('app.progress')).toMatchObject({ value: { job: 'grading.run' } });
    // A token the main thread has not seen open goes to its thread, which looks it up as before (an
    // unknown one is cleared from the browser) and asks the main thread for the progress.
    const unknown = await s.pool.dispatch('app.progress', {}, { token: 'no-such-session', address: null });
    expect(unknown).toMatchObject({ cookie: 'clear', envelope: { ok: true, value: { job: 'grading.run' } } });
    // A second job, asked on the other thread, is refused while the first runs.
    expect(await admin.call('monitoring.run', {})).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // An officer who did not start it may not stop it; a 管理员 on the other thread may.
    expect(await zhang.call('app.cancel')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await admin.call('app.cancel')).toMatchObject({ ok: true, value: { requested: true } });
    holder.script('ROLLBACK');
    expect(await run).toMatchObject({ ok: false, error: { code: 'cancelled' } });
    expect(await progress()).toMatchObject({ job: null });
    expect(value<number>(s.db, sql`SELECT count(*)::int FROM grading_runs`)).toBe(0);
    // The slot is free again, for a job asked on either thread.
    expect(await admin.call('monitoring.run', {})).toMatchObject({ ok: true });
  });

  it('a job goes on when the thread that asked for it dies, and the dead thread is replaced', async () => {
    const s = await server(2);
    const admin = await s.signedInOn(0, ADMIN);
    const owner = await s.signedInOn(1, ADMIN);
    const holder = s.connectAgain();
    holder.script('BEGIN; LOCK TABLE import_batches IN ROW EXCLUSIVE MODE');
    const run = owner.call('grading.run', { modelId: 'samr-risk', modelVersion: null, asOf: '2026-12-01' });
    await until('the run is in flight', async () => {
      const p = (await admin.call('app.progress')).value as { job: string | null };
      return p.job === 'grading.run';
    });
    const crashed = await owner.call('lock.touch', { test: { crash: true } });
    expect(crashed).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(crashed.error?.message).toMatch(/线程意外停止，操作未完成/);
    // The run's own call was in flight on the dead thread too: it is told so, without waiting for the job.
    expect(await run).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(s.log.join('\n')).toMatch(/request thread 1 stopped .*starting a replacement/);
    // The job is the server's: it still holds the slot, and completes once the lock is gone.
    expect(await admin.call('app.progress')).toMatchObject({ value: { job: 'grading.run' } });
    holder.script('ROLLBACK');
    await until('the run completed', () => {
      const status = value<string>(s.db, sql`SELECT status FROM grading_runs`);
      return status === 'complete';
    });
    await until('the slot is free', async () => {
      const p = (await admin.call('app.progress')).value as { job: string | null };
      return p.job === null;
    });
    // The same session's next calls land on the replacement thread and are answered.
    expect(await owner.call('app.status')).toMatchObject({
      ok: true,
      value: { user: { username: 'admin' } },
    });
    expect(await owner.call('entities.search', { query: '' })).toMatchObject({ ok: true });
    expect(await owner.call('monitoring.run', {})).toMatchObject({ ok: true });
  });

  it('a write waiting for a lock on one thread shows on every thread, and stops showing when its thread dies', async () => {
    const s = await server(2);
    const watcher = await s.signedInOn(0, ADMIN);
    const writer = await s.signedInOn(1, ADMIN);
    const holder = s.connectAgain();
    holder.script('BEGIN; LOCK TABLE settings IN EXCLUSIVE MODE');
    const waiting = writer.call('lock.setIdleSeconds', { seconds: 600 });
    const notice = async () => ((await watcher.call('app.progress')).value as { notice?: string }).notice;
    await until(
      'the wait shows on the other thread',
      async () => (await notice()) === '另一项写入正在进行，等待中…',
    );
    // The waiting thread is not blocked (it retries on a timer): it takes the crash call, and dies.
    expect(await writer.call('lock.touch', { test: { crash: true } })).toMatchObject({ ok: false });
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(await notice()).toBeUndefined();
    holder.script('ROLLBACK');
    // Nothing of the interrupted write was kept; the replacement thread writes it.
    expect(await writer.call('lock.status')).toMatchObject({ ok: true, value: { idleLockSeconds: 900 } });
    expect(await writer.call('lock.setIdleSeconds', { seconds: 600 })).toMatchObject({ ok: true });
  });

  it('without a job thread, a job runs in its request thread and still takes and frees the server-wide slot', async () => {
    const s = await server(2, { jobWorkerUrl: null });
    const first = await s.signedInOn(0, ADMIN);
    const second = await s.signedInOn(1, ADMIN);
    // Claimed, reported and released by message from the request thread (remote-job-slot.ts).
    expect(await first.call('audit.verify')).toMatchObject({ ok: true, value: { intact: true } });
    expect(s.log.join('\n')).toMatch(/no job thread: the job runs in the request thread/);
    expect(await second.call('app.progress')).toMatchObject({ ok: true, value: { job: null } });
    expect(await second.call('monitoring.run', {})).toMatchObject({ ok: true });
    expect(await first.call('audit.verify')).toMatchObject({ ok: true, value: { intact: true } });
  });

  it('an export staged on one thread is downloaded from another (a new session after the idle lock)', async () => {
    const s = await server(2);
    const first = await s.signedInOn(0, ADMIN);
    const exported = await first.call('audit.export', {});
    expect(exported).toMatchObject({ ok: true });
    const { fileId, size } = exported.value as { fileId: string; size: number };
    // Signed in again (as after the idle lock): a new session, pinned to the other thread.
    const again = await s.signedInOn(1, ADMIN);
    const chunk = await again.call('exchange.download', { fileId, offset: 0 });
    expect(chunk).toMatchObject({ ok: true, value: { size, done: true } });
    // An id of another form names no staged file, on any thread.
    expect(await again.call('exchange.download', { fileId: '../../etc/passwd', offset: 0 })).toMatchObject({
      ok: false,
    });
  });
});
