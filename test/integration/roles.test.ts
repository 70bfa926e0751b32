/**
 * Roles are enforced in the backend, not only hidden in the UI (SPEC §9, issue 6). Every method of the
 * API contract — of every area — is called through Backend.call as each of the four roles, and must be
 * refused with 'forbidden' exactly where the table below says the role may not call it.
 *
 * The table is the bureau's policy written down once, independently of shared/domain/permissions.ts
 * (which the services check): if either changes without the other, this test fails. Reading it:
 *
 *   public      callable before login (start-up, login, lock screen, recovery from a damaged database)
 *   viewer      every logged-in role: 只读 and up (reading the credit files, results, plans)
 *   officer     执法人员 and up: entering inspection results, exporting data
 *   supervisor  科室负责人 and up: imports, grading runs and adjustments, models, sampling set-up,
 *               draws and redraws, review and publication, the audit log
 *   admin       管理员 only: users and roles, the idle-lock setting, backups and restores
 *
 * A method missing from the table fails the test: whoever adds a method decides who may call it here.
 * Inputs come from each method's own schema (roles-inputs.ts) and name rows that do not exist, so an
 * allowed call ends in 'not_found' or similar after the permission check, and changes nothing that
 * matters to the next call.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend.ts';
import { METHODS, type Method } from '../../shared/api/contract.ts';
import type { ApiError } from '../../shared/api/errors.ts';
import type { Role } from '../../shared/domain/users.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../helpers/tmp.ts';
import { sampleInput } from './roles-inputs.ts';

type Who = 'public' | Role;

const WHO: Record<string, Who> = {
  'app.status': 'public',
  'app.setup': 'public',
  'app.progress': 'public',
  'app.cancel': 'public',
  'session.login': 'public',
  'session.logout': 'public',
  'session.logoutEverywhere': 'public',
  // The desktop app's connection choice: made before anyone logs in (connection.json, not the database).
  'connection.get': 'public',
  'connection.probe': 'public',
  'connection.set': 'public',
  'entities.search': 'viewer',
  'entities.get': 'viewer',
  'entities.townships': 'viewer',
  'entities.jurisdictions': 'viewer',

  'models.list': 'viewer',
  'models.get': 'viewer',
  'models.import': 'supervisor',
  'models.export': 'supervisor',
  'models.edit': 'admin',
  'grading.runs': 'viewer',
  'grading.run': 'supervisor',
  'grading.distribution': 'viewer',
  'grading.results': 'viewer',
  'grading.compare': 'viewer',
  'grading.explain': 'viewer',
  'grading.entity': 'viewer',
  'grading.adjust': 'supervisor',

  // Officers upload too: the attachments of repair and objection cases arrive as uploads.
  'exchange.uploadBegin': 'officer',
  'exchange.uploadChunk': 'officer',
  'exchange.discard': 'officer',
  'exchange.preview': 'supervisor',
  'exchange.commit': 'supervisor',
  'exchange.errorReport': 'supervisor',
  // A download names a file by a random 32-hex id that only its creator was told: the id is the key.
  'exchange.download': 'viewer',
  'exchange.batches': 'viewer',
  'exchange.undo': 'supervisor',
  'exchange.export': 'officer',

  'sampling.items.list': 'viewer',
  'sampling.items.save': 'supervisor',
  'sampling.items.delete': 'supervisor',
  'sampling.inspectors.list': 'viewer',
  'sampling.inspectors.save': 'supervisor',
  'sampling.conflicts.list': 'viewer',
  'sampling.conflicts.save': 'supervisor',
  'sampling.conflicts.delete': 'supervisor',
  'sampling.profiles.list': 'viewer',
  'sampling.profiles.save': 'supervisor',
  'sampling.calendar.list': 'viewer',
  'sampling.calendar.save': 'supervisor',
  'sampling.calendar.delete': 'supervisor',
  'sampling.demo.seed': 'supervisor',
  'sampling.gradingRuns': 'viewer',
  'sampling.tasks.list': 'viewer',
  'sampling.tasks.create': 'supervisor',
  'sampling.tasks.nextNumber': 'supervisor',
  'sampling.tasks.update': 'supervisor',
  'sampling.tasks.get': 'viewer',
  'sampling.tasks.preview': 'viewer',
  'sampling.tasks.draw': 'supervisor',
  'sampling.tasks.redraw': 'supervisor',
  'sampling.tasks.start': 'supervisor',
  'sampling.results.enter': 'officer',
  'sampling.results.complete': 'officer',
  'sampling.results.enterMany': 'officer',
  'sampling.results.clear': 'officer',
  'sampling.tasks.review': 'supervisor',
  'sampling.tasks.publish': 'supervisor',
  // The plan and the inspection notice are published documents (“一公开”): anyone who may see the plan.
  'sampling.export.plan': 'viewer',
  'sampling.export.notice': 'viewer',
  'sampling.deadlines': 'viewer',

  'users.list': 'admin',
  'users.add': 'admin',
  'users.update': 'admin',
  'users.setPassword': 'admin',
  'users.remove': 'admin',
  'users.unlock': 'admin',
  'users.changeOwnPassword': 'viewer',
  'audit.list': 'supervisor',
  'audit.verify': 'supervisor',
  'audit.export': 'supervisor',
  'audit.head': 'supervisor',
  'lock.status': 'public',
  'lock.lock': 'public',
  'lock.touch': 'viewer',
  'lock.setIdleSeconds': 'admin',

  'backup.list': 'admin',
  'backup.create': 'admin',
  'backup.setKeep': 'admin',
  'backup.restore': 'admin',
  'backup.listForRecovery': 'public',
  'backup.restoreForRecovery': 'public',

  'app.dashboard': 'viewer',

  'repair.eligibility': 'viewer',
  'repair.list': 'viewer',
  'repair.get': 'viewer',
  'repair.create': 'officer',
  // The sample input's step is 受理, an officer's; decisions are checked in the service tests.
  'repair.step': 'officer',
  'objections.list': 'viewer',
  'objections.get': 'viewer',
  'objections.create': 'officer',
  'objections.step': 'officer',
  'cases.attach': 'officer',
  'cases.attachment': 'viewer',
  'cases.document': 'viewer',
  'cases.documentDocx': 'viewer',
  'repair.notice': 'viewer',
  'repair.noticeDocx': 'viewer',
  'repair.settings.get': 'viewer',
  'repair.settings.set': 'admin',

  'analysis.runs': 'viewer',
  'analysis.distribution': 'viewer',
  'analysis.trend': 'viewer',
  'analysis.riskRanking': 'viewer',
  'analysis.coverage': 'viewer',
  'analysis.quarterly': 'viewer',
  // The workbook is marked 内部资料 and goes to the province: officers and up, like other exports.
  'analysis.quarterlyExport': 'officer',
  'monitoring.overview': 'viewer',
  'monitoring.list': 'viewer',
  'monitoring.get': 'viewer',
  'monitoring.cluster': 'viewer',
  'monitoring.runs': 'viewer',
  'monitoring.rules.get': 'viewer',
  // 处置 and 关闭 are the officer's; 审核 is the section head's; thresholds the administrator's.
  'monitoring.run': 'officer',
  // Exports are where data leaves the system (exchange.export), as every other export.
  'monitoring.export': 'officer',
  'monitoring.dispose': 'officer',
  'monitoring.close': 'officer',
  'monitoring.review': 'supervisor',
  // A task is created only by who may set up sampling.
  'monitoring.toTask': 'supervisor',
  'monitoring.rules.save': 'admin',
};

const RANK: Record<Role, number> = { viewer: 0, officer: 1, supervisor: 2, admin: 3 };
const USERS: Record<Role, { username: string; password: string }> = {
  admin: { username: 'admin', password: 'admin-pass-1' },
  supervisor: { username: 'keyuan', password: 'supervisor-pass-1' },
  officer: { username: 'zhifa', password: 'officer-pass-1' },
  viewer: { username: 'zhidu', password: 'viewer-pass-1' },
};

describe('every contract method, as every role', () => {
  let backend: Backend;
  let cleanup: () => void;

  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    backend = new Backend({
      dbPath: join(t.dir, 'creditdesk.db'),
      firstRunDemo: null,
      scrypt: FAST_SCRYPT,
      idleTimer: false,
    });
    await backend.call('app.setup', {
      admin: { username: USERS.admin.username, displayName: '管理员', password: USERS.admin.password },
      county: TEST_COUNTY,
      demo: null,
    });
    for (const role of ['supervisor', 'officer', 'viewer'] as const) {
      await backend.call('users.add', { ...USERS[role], displayName: role, role });
    }
  });
  afterAll(() => {
    backend?.close();
    cleanup?.();
  });

  async function as(role: Role): Promise<void> {
    const status = await backend.call('app.status', {});
    if (status.user?.username === USERS[role].username) return;
    await backend.call('session.login', USERS[role]);
  }

  async function outcome(method: Method, input: unknown): Promise<string> {
    const env = await backend.dispatch(method, input);
    return env.ok ? 'ok' : env.error.code;
  }

  it('has a row for every method of every area, and a valid input for each', () => {
    const missing = METHODS.filter((m) => !(m in WHO));
    expect(missing, 'add these methods to the table in roles.test.ts').toEqual([]);
    const stale = Object.keys(WHO).filter((m) => !(METHODS as string[]).includes(m));
    expect(stale, 'methods no longer in the contract').toEqual([]);
    const bad = METHODS.map((m) => [m, sampleInput(m).error]).filter(([, e]) => e !== null);
    expect(bad, 'add a hand-written input in roles-inputs.ts').toEqual([]);
  });

  it('refuses every non-public method before login with not_logged_in', async () => {
    await backend.call('session.logout', {});
    const wrong: string[] = [];
    for (const m of METHODS) {
      if (WHO[m] === 'public' || WHO[m] === undefined) continue;
      const got = await outcome(m, sampleInput(m).input);
      if (got !== 'not_logged_in') wrong.push(`${m}: ${got}`);
    }
    expect(wrong).toEqual([]);
  });

  for (const role of ['viewer', 'officer', 'supervisor', 'admin'] as const) {
    it(`as ${role}: forbidden exactly where the table says`, async () => {
      const wrong: string[] = [];
      for (const m of METHODS) {
        const who = WHO[m];
        if (who === undefined || who === 'public') continue;
        await as(role);
        const got = await outcome(m, sampleInput(m).input);
        const allowed = RANK[role] >= RANK[who];
        if (allowed && (got === 'forbidden' || got === 'not_logged_in'))
          wrong.push(`${m}: refused (${got}) but ${role} may call it`);
        if (!allowed && got !== 'forbidden') wrong.push(`${m}: answered ${got} but ${role} may not call it`);
      }
      expect(wrong).toEqual([]);
    });
  }

  it('public methods answer without a login and never say forbidden', async () => {
    const wrong: string[] = [];
    for (const m of METHODS) {
      if (WHO[m] !== 'public' || m === 'app.setup') continue;
      await backend.call('session.logout', {});
      const got = await outcome(m, sampleInput(m).input);
      if (got === 'forbidden' || got === 'not_logged_in') wrong.push(`${m}: ${got}`);
    }
    expect(wrong).toEqual([]);
    // First-run setup over an existing database is refused whoever asks.
    expect(await outcome('app.setup', sampleInput('app.setup').input)).toBe('database_exists');
  });

  it('a refusal is a Chinese sentence naming the role, and refused calls change nothing', async () => {
    await as('viewer');
    const e = await backend
      .call('users.add', {
        username: 'zz-refused',
        displayName: '拒',
        role: 'admin',
        password: 'refused-pass-1',
      })
      .catch((x: ApiError) => x);
    expect(e).toMatchObject({ code: 'forbidden', message: expect.stringMatching(/只读.*无权/) });
    await as('officer');
    await expect(backend.call('lock.setIdleSeconds', { seconds: 10 })).rejects.toMatchObject({
      code: 'forbidden',
    });
    await as('admin');
    const users = await backend.call('users.list', {});
    expect(users.users.map((u) => u.username)).not.toContain('zz-refused');
    expect((await backend.call('lock.status', {})).idleLockSeconds).toBe(900);
  });
});
