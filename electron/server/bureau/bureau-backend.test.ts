/**
 * The bureau server's backend against a real PostgreSQL: officers sign in from their own browsers
 * (a token each), the desk's lockout and idle time hold per account, sessions end on sign-out
 * everywhere, a new password or removal, monitoring, analysis and the audit log's export as on the desk,
 * and what the server cannot do yet (backups, pg_dump's there) says so.
 */
import { expect, it } from 'vitest';
import type { Method } from '../../../shared/api/contract.ts';
import { freshPgDatabases } from '../../../test/helpers/engines.ts';
import { describePg } from '../../../test/helpers/pg-cluster.ts';
import { writeFixture } from '../../../test/helpers/monitoring-db.ts';
import { FIXTURE_AS_OF, monitoringFixture } from '../../../test/helpers/monitoring-fixture.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../../../test/helpers/tmp.ts';
import { runInsert, sql } from '../../db/sql.ts';
import { verifyAudit } from '../../services/audit/read.ts';
import { initServer } from '../../services/users/server/init-server.ts';
import { BureauBackend } from './bureau-backend.ts';

const ADMIN = { username: 'admin', displayName: '王管理', password: 'Admin-Pass-2026' };
const OFFICER = {
  username: 'zhang',
  displayName: '张执法',
  role: 'officer' as const,
  password: 'Zhang-Pass-2026',
};

describePg('the bureau server backend', () => {
  const fresh = freshPgDatabases();

  async function server() {
    const { db, url, connectAgain } = fresh();
    let clock = Date.parse('2026-12-03T09:00:00Z');
    await initServer(db, { county: TEST_COUNTY, admin: ADMIN }, new Date(clock).toISOString(), FAST_SCRYPT);
    const t = tempDir();
    const backend = new BureauBackend({
      db,
      url,
      dataDir: t.dir,
      now: () => new Date(clock),
      scrypt: FAST_SCRYPT,
    });
    /** One browser: it keeps the cookie the server hands it, as a real one does. */
    const browser = () => {
      let token: string | null = null;
      return {
        get token() {
          return token;
        },
        async call(method: Method | string, input: unknown = {}) {
          const a = await backend.dispatch(method, input, { token, address: '10.0.0.8' });
          if (a.cookie === 'clear') token = null;
          else if (a.cookie) token = a.cookie.set;
          return a.envelope;
        },
      };
    };
    return {
      db,
      connectAgain,
      backend,
      browser,
      advance: (ms: number) => {
        clock += ms;
      },
      cleanup: t.cleanup,
    };
  }

  it('two officers work at once from two browsers, each in their own session', async () => {
    const s = await server();
    const a = s.browser();
    const b = s.browser();
    expect(await a.call('app.status')).toMatchObject({ ok: true, value: { user: null, server: true } });
    expect(await a.call('session.login', { username: 'admin', password: ADMIN.password })).toMatchObject({
      ok: true,
      value: { user: { username: 'admin', role: 'admin' }, county: TEST_COUNTY },
    });
    expect(a.token).toMatch(/^[\w-]{40,}$/);
    expect(await a.call('users.add', OFFICER)).toMatchObject({
      ok: true,
      value: { username: 'zhang', hasKey: true },
    });
    // The officer cannot manage users; the admin's session is untouched by the officer's sign-in.
    expect(await b.call('session.login', { username: 'zhang', password: OFFICER.password })).toMatchObject({
      ok: true,
    });
    expect(await b.call('users.list')).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    expect(await a.call('app.status')).toMatchObject({ value: { user: { username: 'admin' } } });
    expect(await b.call('app.status')).toMatchObject({ value: { user: { username: 'zhang' } } });
    // Both sign-ins are in the one chain, which verifies.
    const log = await a.call('audit.list', {});
    expect(log.ok).toBe(true);
    const actions = (log as { value: { entries: { action: string; actor: string }[] } }).value.entries.map(
      (e) => `${e.actor}:${e.action}`,
    );
    expect(actions).toEqual(
      expect.arrayContaining([
        'admin:server.init',
        'admin:session.login',
        'admin:user.add',
        'zhang:session.login',
      ]),
    );
    expect(
      verifyAudit(s.db, { username: 'admin', displayName: '', role: 'admin' }, s.backend.now()).intact,
    ).toBe(true);
    // What a server cannot do yet says so, and the browser keeps its session.
    const backup = await a.call('backup.list', {});
    expect(backup).toMatchObject({ ok: false, error: { code: 'unavailable' } });
    expect(a.token).not.toBeNull();
    s.cleanup();
  });

  it('locks an account after five wrong passwords, as the desk does, and says nothing about unknown names', async () => {
    const s = await server();
    const a = s.browser();
    const unknown = await a.call('session.login', { username: 'nobody', password: 'whatever-1' });
    const wrong = await a.call('session.login', { username: 'admin', password: 'whatever-1' });
    expect(unknown).toMatchObject({ ok: false, error: { code: 'wrong_password' } });
    expect((unknown as { error: { message: string } }).error.message).toBe(
      (wrong as { error: { message: string } }).error.message,
    );
    for (let i = 2; i <= 4; i++) await a.call('session.login', { username: 'admin', password: `wrong-${i}` });
    expect(await a.call('session.login', { username: 'admin', password: 'wrong-5' })).toMatchObject({
      ok: false,
      error: { code: 'locked_out' },
    });
    // The right password does not get through the lock, and is not even tried.
    expect(await a.call('session.login', { username: 'admin', password: ADMIN.password })).toMatchObject({
      ok: false,
      error: { code: 'locked_out' },
    });
    s.advance(31_000);
    expect(await a.call('session.login', { username: 'admin', password: ADMIN.password })).toMatchObject({
      ok: true,
    });
    const failures = await a.call('audit.list', { action: 'session.login_failed' });
    // The unknown name's failure and the admin's five; the refusal while locked tried no password.
    expect((failures as { value: { total: number } }).value.total).toBe(6);
    s.cleanup();
  });

  it('ends a session when idle, shows the lock screen for its officer, and on sign-out everywhere', async () => {
    const s = await server();
    const a = s.browser();
    const b = s.browser();
    await a.call('session.login', { username: 'admin', password: ADMIN.password });
    await b.call('session.login', { username: 'admin', password: ADMIN.password });
    s.advance(15 * 60_000 + 1000);
    expect(await a.call('users.list')).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
    expect(await a.call('lock.status')).toMatchObject({
      value: { locked: { username: 'admin', displayName: '王管理' }, idleLockSeconds: null },
    });
    await a.call('session.login', { username: 'admin', password: ADMIN.password });
    await b.call('session.login', { username: 'admin', password: ADMIN.password });
    expect(await a.call('session.logoutEverywhere')).toMatchObject({ ok: true, value: { sessions: 2 } });
    expect(a.token).toBeNull();
    expect(await b.call('users.list')).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
    s.cleanup();
  });

  it('answers no area without a session: before sign-in, after sign-out everywhere, on the lock screen', async () => {
    const s = await server();
    const reads: [Method, unknown][] = [
      ['entities.search', { query: '' }],
      ['entities.townships', {}],
      ['audit.list', {}],
      ['sampling.inspectors.list', {}],
      ['app.dashboard', {}],
    ];
    const refusesAll = async (who: ReturnType<typeof s.browser>) => {
      for (const [method, input] of reads) {
        expect(await who.call(method, input), method).toMatchObject({
          ok: false,
          error: { code: 'not_logged_in' },
        });
      }
    };
    const a = s.browser();
    const b = s.browser();
    await refusesAll(a);
    await a.call('session.login', { username: 'admin', password: ADMIN.password });
    await b.call('session.login', { username: 'admin', password: ADMIN.password });
    for (const [method, input] of reads) {
      expect(await b.call(method, input), method).toMatchObject({ ok: true });
    }
    await a.call('session.logoutEverywhere');
    await refusesAll(b);
    await b.call('session.login', { username: 'admin', password: ADMIN.password });
    await b.call('lock.lock');
    await refusesAll(b);
    s.cleanup();
  });

  it("a new password or removal by the administrator ends that officer's sessions", async () => {
    const s = await server();
    const a = s.browser();
    const b = s.browser();
    await a.call('session.login', { username: 'admin', password: ADMIN.password });
    await a.call('users.add', OFFICER);
    await b.call('session.login', { username: 'zhang', password: OFFICER.password });
    expect(await b.call('lock.touch')).toMatchObject({ ok: true });
    await a.call('users.setPassword', { username: 'zhang', password: 'Zhang-New-2026' });
    expect(await b.call('lock.touch')).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
    expect(await b.call('session.login', { username: 'zhang', password: OFFICER.password })).toMatchObject({
      ok: false,
    });
    await b.call('session.login', { username: 'zhang', password: 'Zhang-New-2026' });
    await a.call('users.remove', { username: 'zhang' });
    expect(await b.call('lock.touch')).toMatchObject({ ok: false, error: { code: 'not_logged_in' } });
    expect(await b.call('session.login', { username: 'zhang', password: 'Zhang-New-2026' })).toMatchObject({
      ok: false,
      error: { code: 'wrong_password' },
    });
    s.cleanup();
  });

  it('is initialised once: a second initialisation changes nothing', async () => {
    const s = await server();
    await expect(
      initServer(
        s.db,
        { county: TEST_COUNTY, admin: { ...ADMIN, username: 'other' } },
        s.backend.now(),
        FAST_SCRYPT,
      ),
    ).rejects.toMatchObject({ code: 'database_exists' });
    const a = s.browser();
    expect(await a.call('session.login', { username: 'other', password: ADMIN.password })).toMatchObject({
      ok: false,
    });
    s.cleanup();
  });

  it('runs a long job in a job thread with its own connection, and shows its progress to every officer', async () => {
    const s = await server();
    const a = s.browser();
    const b = s.browser();
    await a.call('session.login', { username: 'admin', password: ADMIN.password });
    await a.call('users.add', { ...OFFICER, role: 'auditor' });
    await b.call('session.login', { username: 'zhang', password: OFFICER.password });
    const seen: string[] = [];
    const verify = a.call('audit.verify');
    // While the job thread verifies, this thread keeps answering, and the other officer sees the job.
    for (let i = 0; i < 50; i++) {
      const p = (await b.call('app.progress')) as { value: { job: string | null } };
      if (p.value.job) seen.push(p.value.job);
      if (seen.length > 0) break;
      await new Promise((r) => setTimeout(r, 5));
    }
    expect(await verify).toMatchObject({ ok: true, value: { intact: true } });
    expect(seen).toContain('audit.verify');
    expect(await b.call('app.progress')).toMatchObject({ value: { job: null } });
    s.cleanup();
  });
  it('takes repair applications and objections, their attachments and documents, as the desk does', async () => {
    const s = await server();
    const a = s.browser();
    await a.call('session.login', { username: 'admin', password: ADMIN.password });
    const at = '2026-01-01T00:00:00Z';
    const entityId = runInsert(
      s.db,
      sql`INSERT INTO entities (uscc, name, kind, status, established_on, created_at, updated_at)
          VALUES ('91410422MA9XYZ0017', '示范县清风食品有限公司', 'enterprise', 'active', '2015-03-02', ${at}, ${at})`,
    ).newId;
    const data = { decisionNo: '示市监罚〔2025〕8号', penaltyKinds: ['罚款'], fine: 200000 };
    const recordId = runInsert(
      s.db,
      sql`INSERT INTO records (entity_id, type, date, natural_key, data, created_at)
          VALUES (${entityId}, 'penalty', '2025-08-31', 'penalty:示市监罚〔2025〕8号', ${JSON.stringify(data)}, ${at})`,
    ).newId;
    const ok = async <T>(method: Method, input: unknown): Promise<T> => {
      const e = await a.call(method, input);
      expect(e).toMatchObject({ ok: true });
      return (e as { value: T }).value;
    };
    const app = await ok<{ id: number; state: string }>('repair.create', {
      entityId,
      recordId,
      applicant: '李清风',
      reason: '罚款已缴清，已整改',
      channel: '窗口',
      appliedOn: '2026-12-03',
    });
    expect(app.state).toBe('applied');
    for (const kind of ['application', 'commitment'] as const) {
      const bytes = Buffer.from(`%PDF-1.4 ${kind}`);
      const { uploadId } = await ok<{ uploadId: string }>('exchange.uploadBegin', {
        fileName: `${kind}.pdf`,
        size: bytes.length,
      });
      await ok('exchange.uploadChunk', { uploadId, index: 0, base64: bytes.toString('base64') });
      await ok('cases.attach', { caseKind: 'repair', caseId: app.id, kind, uploadId });
    }
    const accepted = await ok<{ state: string; requiredAttached: boolean; attachments: { id: number }[] }>(
      'repair.step',
      { id: app.id, step: 'accept', onDate: '2026-12-03' },
    );
    expect(accepted).toMatchObject({ state: 'accepted', requiredAttached: true });
    const offer = await ok<{ fileId: string }>('cases.attachment', { id: accepted.attachments[0]!.id });
    const chunk = await ok<{ base64: string }>('exchange.download', { fileId: offer.fileId, offset: 0 });
    expect(Buffer.from(chunk.base64, 'base64').toString()).toBe('%PDF-1.4 application');
    expect(
      await ok('cases.document', { caseKind: 'repair', caseId: app.id, document: 'acceptance' }),
    ).toMatchObject({ signature: { bureau: TEST_COUNTY.bureau } });
    expect(await ok('repair.list', { tab: 'in_progress', query: '清风' })).toMatchObject({
      total: 1,
      counts: { pending: 0, in_progress: 1, closed: 0 },
    });
    const objection = await ok<{ id: number }>('objections.create', {
      entityId,
      recordId,
      objector: '李清风',
      channel: 'window',
      reasons: '罚款金额有误',
      receivedOn: '2026-12-03',
    });
    expect(await ok('repair.eligibility', { entityId })).toMatchObject({
      records: [{ recordId, disputed: true }],
    });
    expect(await ok('objections.get', { id: objection.id })).toMatchObject({ state: 'received' });
    expect(await ok('repair.settings.get', {})).toBeDefined();
    // The 工作台 answers on the server too: the cases are counted, and the server keeps no backups folder.
    expect(await ok('app.dashboard', {})).toMatchObject({
      openItems: { repairs: 1, objections: 1, warnings: 0 },
      lastBackup: null,
      entities: { total: 1 },
    });
    s.cleanup();
  });

  it('runs monitoring in the job thread, answers analysis, and offers the audit log as a download; backups stay the desk’s', async () => {
    const s = await server();
    const a = s.browser();
    await a.call('session.login', { username: 'admin', password: ADMIN.password });
    writeFixture(s.db, monitoringFixture().document);
    const ok = async <T>(method: Method, input: unknown): Promise<T> => {
      const e = await a.call(method, input);
      expect(e).toMatchObject({ ok: true });
      return (e as { value: T }).value;
    };
    const { run } = await ok<{ run: { id: number; found: number; created: number } }>('monitoring.run', {
      asOf: FIXTURE_AS_OF,
    });
    expect(run.found).toBeGreaterThan(10);
    expect(run.created).toBe(run.found);
    expect(await ok('monitoring.overview', {})).toMatchObject({ active: run.found, lastRun: { id: run.id } });
    const list = await ok<{ total: number; items: { id: number; status: string }[] }>('monitoring.list', {
      state: 'active',
      offset: 0,
      limit: 10,
    });
    expect(list.total).toBe(run.found);
    const first = list.items[0]!;
    expect(
      await ok('monitoring.review', { id: first.id, decision: 'dismiss', note: '经核实为误报' }),
    ).toMatchObject({
      status: 'dismissed',
      steps: [{ step: 'generate' }, { step: 'dismiss', byName: '王管理' }],
    });
    expect(await ok('app.dashboard', {})).toMatchObject({ openItems: { warnings: run.found - 1 } });
    expect(await ok('monitoring.rules.get', {})).toMatchObject({ version: 1, builtIn: true });
    // Analysis reads the fixture's two grading runs; the quarterly report is built from the same rows.
    const { runs } = await ok<{ runs: { id: number }[] }>('analysis.runs', {});
    expect(runs.length).toBeGreaterThan(0);
    expect(await ok('analysis.quarterly', { year: 2026, quarter: 4 })).toMatchObject({
      cases: { warnings: { available: true, received: run.found } },
    });
    // The audit log's workbook is written in the server's data folder and fetched like other exports.
    const offer = await ok<{ fileId: string; rows: number }>('audit.export', {});
    expect(offer.rows).toBeGreaterThan(3);
    const chunk = await ok<{ base64: string }>('exchange.download', { fileId: offer.fileId, offset: 0 });
    expect(Buffer.from(chunk.base64, 'base64').subarray(0, 2).toString()).toBe('PK');
    // Backups are pg_dump's on a server (docs/bureau-server.md): said plainly, nothing attempted.
    expect(await a.call('backup.create', {})).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/单位服务器/) },
    });
    s.cleanup();
  });

  it('a write that finds a table locked waits without holding up other officers, then goes through', async () => {
    const s = await server();
    const a = s.browser();
    const b = s.browser();
    await a.call('session.login', { username: 'admin', password: ADMIN.password });
    await b.call('session.login', { username: 'admin', password: ADMIN.password });
    // Another connection holds users as a grading run holds its inputs: writers wait, readers do not.
    const other = s.connectAgain();
    other.script('BEGIN; LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE');
    const adding = a.call('users.add', OFFICER);
    await new Promise((r) => setTimeout(r, 400));
    const started = performance.now();
    expect(await b.call('users.list')).toMatchObject({ ok: true });
    expect(performance.now() - started).toBeLessThan(2000);
    expect(await b.call('app.progress')).toMatchObject({ value: { notice: '另一项写入正在进行，等待中…' } });
    other.script('ROLLBACK');
    expect(await adding).toMatchObject({ ok: true, value: { username: 'zhang' } });
    expect(await b.call('app.progress')).not.toMatchObject({ value: { notice: expect.anything() } });
    s.cleanup();
  });
});
