import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../../backend/backend.ts';
import { readKeyFile, unwrapForUser, wrapForUser, writeKeyFile } from '../../db/keyfile.ts';
import { openDatabase } from '../../db/open.ts';
import { keyFilePathFor } from '../../paths.ts';
import { insertUser } from '../users/accounts.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../../../test/helpers/tmp.ts';
import { sha256File } from './checksum.ts';
import { createBackup } from './create.ts';
import { backupsDirFor } from './layout.ts';
import { dailyBackupAtLogin, dailyBackupIfDue, restoreOffline } from './service.ts';
import { corrupt } from '../../../test/helpers/damage.ts';

const ADMIN = { username: 'admin', displayName: '管理员', password: 'admin-pw-123' };

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

/** A database with a small demo county, logged in as admin; the clock is settable. */
async function setup(entities = 60) {
  const t = tempDir();
  const dbPath = join(t.dir, 'creditdesk.db');
  const clock = { now: new Date('2026-11-21T02:00:00Z') };
  const backend = new Backend({
    dbPath,
    firstRunDemo: null,
    scrypt: FAST_SCRYPT,
    now: () => clock.now,
    log: (m) => console.error(m),
  });
  cleanups.push(() => {
    backend.close();
    t.cleanup();
  });
  await backend.call('app.setup', {
    admin: ADMIN,
    county: TEST_COUNTY,
    demo: { entities, seed: 'backup-test' },
  });
  return { dir: t.dir, dbPath, backend, clock };
}

async function dataKey(dbPath: string, user = ADMIN.username, password = ADMIN.password) {
  return unwrapForUser(readKeyFile(keyFilePathFor(dbPath)), user, password);
}

/** Adds a user with `role` to the database and the key file (the users API belongs to another area). */
async function addUser(
  dbPath: string,
  backend: Backend,
  username: string,
  role: 'officer' | 'admin',
  pw: string,
) {
  insertUser(backend.db(), { username, displayName: username, role }, '2026-11-21T00:00:00Z');
  const kf = readKeyFile(keyFilePathFor(dbPath));
  writeKeyFile(
    keyFilePathFor(dbPath),
    await wrapForUser(kf, username, pw, await dataKey(dbPath), FAST_SCRYPT),
  );
}

const count = (b: Backend) => (b.db().prepare('SELECT count(*) AS n FROM entities').get() as { n: number }).n;

describe('backup.create', () => {
  it('writes an encrypted copy, the key file and a manifest whose checksum and counts match', async () => {
    const { dbPath, backend } = await setup();
    const info = await backend.call('backup.create', {});
    expect(info).toMatchObject({ kind: 'manual', createdBy: 'admin', quickCheck: 'ok', entities: 60 });
    const folder = join(backupsDirFor(dbPath), info.id);
    expect(readdirSync(folder).sort()).toEqual(['creditdesk.db', 'creditdesk.db.keys.json', 'manifest.json']);
    const file = join(folder, 'creditdesk.db');
    expect(statSync(file).size).toBe(info.size);
    expect(sha256File(file)).toBe(info.sha256);
    // Encrypted: no SQLite header and no entity name in the clear.
    const bytes = readFileSync(file);
    expect(bytes.subarray(0, 15).toString('latin1')).not.toBe('SQLite format 3');
    const someName = (backend.db().prepare('SELECT name FROM entities LIMIT 1').get() as { name: string })
      .name;
    expect(bytes.includes(Buffer.from(someName, 'utf8'))).toBe(false);
    // The backup's own key file opens it with the admin's password.
    const key = await unwrapForUser(
      readKeyFile(join(folder, 'creditdesk.db.keys.json')),
      'admin',
      ADMIN.password,
    );
    const copy = openDatabase(file, key, { readonly: true });
    expect((copy.prepare('SELECT count(*) AS n FROM entities').get() as { n: number }).n).toBe(60);
    expect(copy.pragma('quick_check', { simple: true })).toBe('ok');
    copy.close();
    const audit = backend.db().prepare("SELECT target FROM audit_log WHERE action = 'backup.create'").all();
    expect(audit).toEqual([{ target: `backup:${info.id}` }]);
    expect(existsSync(`${folder}.partial`)).toBe(false);
  });

  it('keeps the newest N of each kind (configurable) and lists newest first', async () => {
    const { backend, clock } = await setup(5);
    expect((await backend.call('backup.list', {})).keep).toBe(7);
    const ids: string[] = [];
    for (let i = 0; i < 4; i++) {
      clock.now = new Date(clock.now.getTime() + 1000);
      ids.push((await backend.call('backup.create', {})).id);
    }
    expect(await backend.call('backup.setKeep', { keep: 2 })).toEqual({ keep: 2, removed: [ids[1], ids[0]] });
    clock.now = new Date(clock.now.getTime() + 1000);
    ids.push((await backend.call('backup.create', {})).id);
    const list = await backend.call('backup.list', {});
    expect(list.keep).toBe(2);
    expect(list.backups.map((b) => b.id)).toEqual([ids[4], ids[3]]);
  });

  it('a backup interrupted while being written is neither listed nor kept', async () => {
    const { dbPath, backend } = await setup(5);
    const root = backupsDirFor(dbPath);
    // What a kill during VACUUM INTO leaves: a .partial folder with half a file and no manifest.
    mkdirSync(join(root, '20261121-010000-manual.partial'), { recursive: true });
    writeFileSync(join(root, '20261121-010000-manual.partial', 'creditdesk.db'), 'half');
    // And a folder with a database but no manifest (killed before the manifest was written and renamed).
    mkdirSync(join(root, '20261121-010001-manual'));
    expect((await backend.call('backup.list', {})).backups).toEqual([]);
    expect((await backend.call('backup.listForRecovery', {})).backups).toEqual([]);
    await backend.call('backup.create', {});
    expect(existsSync(join(root, '20261121-010000-manual.partial'))).toBe(false);
    expect((await backend.call('backup.list', {})).backups).toHaveLength(1);
  });

  it("has the check estimated from the copy's own time while it blocks, then hashes with progress", async () => {
    const { dbPath, backend } = await setup();
    const events: string[] = [];
    const info = createBackup(backend.db(), dbPath, {
      kind: 'manual',
      actor: backend.user(),
      at: backend.now(),
      onStage: (done, total, stage) => events.push(`stage ${stage} ${done}/${total}`),
      watchSnapshot: () => {
        events.push('watch');
        return () => events.push('unwatch');
      },
      estimateCheck: (stage, expectedMs) => {
        expect(expectedMs).toBeGreaterThan(0);
        events.push(`estimate ${stage}`);
        return () => events.push('estimate stopped');
      },
    });
    expect(info.quickCheck).toBe('ok');
    // The estimate covers exactly the check: after the copy, stopped before anything else is reported.
    const at = (e: string) => events.indexOf(e);
    expect(at('unwatch')).toBeGreaterThan(at('watch'));
    expect(at('estimate 正在校验备份')).toBeGreaterThan(at('stage 正在校验备份 1/3'));
    expect(at('estimate stopped')).toBe(at('estimate 正在校验备份') + 1);
    expect(events.at(-1)).toBe('stage 正在清理旧备份 2/3');
    // Any hashing report counts bytes of the copy, never past its size.
    for (const e of events.filter((x) => x.startsWith('stage 正在计算备份校验值'))) {
      const [done, total] = e.split(' ').at(-1)!.split('/').map(Number);
      expect(total).toBe(info.size);
      expect(done).toBeLessThanOrEqual(info.size);
    }
  });

  it('two backups in the same second get distinct ids, ordered', async () => {
    const { backend } = await setup(5);
    const a = await backend.call('backup.create', {});
    const b = await backend.call('backup.create', {});
    expect(b.id).toBe(a.id.replace('-manual', '-1-manual'));
    expect((await backend.call('backup.list', {})).backups.map((x) => x.id)).toEqual([b.id, a.id]);
  });

  it('is refused to non-administrators, and to nobody logged in', async () => {
    const { dbPath, backend } = await setup(5);
    await addUser(dbPath, backend, 'officer1', 'officer', 'officer-pw-1');
    await backend.call('session.login', { username: 'officer1', password: 'officer-pw-1' });
    for (const m of ['backup.create', 'backup.list'] as const) {
      const env = await backend.dispatch(m, {});
      expect(env).toMatchObject({ ok: false, error: { code: 'forbidden' } });
      if (!env.ok) expect(env.error.message).toMatch(/执法人员.*备份/);
    }
    expect(await backend.dispatch('backup.setKeep', { keep: 1 })).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    expect(
      await backend.dispatch('backup.restore', { id: '20261121-100000-manual', password: 'x' }),
    ).toMatchObject({
      ok: false,
      error: { code: 'forbidden' },
    });
    await backend.call('session.logout', {});
    expect(await backend.dispatch('backup.create', {})).toMatchObject({
      ok: false,
      error: { code: 'not_logged_in' },
    });
  });
});

describe('daily backup', () => {
  it('writes one at the first call of a local day and none again that day', async () => {
    const { dbPath, backend, clock } = await setup(5);
    const user = backend.user();
    const first = dailyBackupIfDue(backend.db(), dbPath, user, backend.now());
    expect(first?.kind).toBe('daily');
    clock.now = new Date(clock.now.getTime() + 3600_000);
    expect(dailyBackupIfDue(backend.db(), dbPath, user, backend.now())).toBeNull();
    clock.now = new Date(clock.now.getTime() + 24 * 3600_000);
    expect(dailyBackupIfDue(backend.db(), dbPath, user, backend.now())?.kind).toBe('daily');
    const kinds = (await backend.call('backup.list', {})).backups.map((b) => b.kind);
    expect(kinds).toEqual(['daily', 'daily']);
  });

  it('at login, a failing backup is logged and does not fail the login', async () => {
    const { dir, dbPath, backend } = await setup(5);
    const logged: string[] = [];
    // A file where the backups folder should be: mkdir fails.
    writeFileSync(join(dir, 'backups'), 'not a folder');
    expect(
      dailyBackupAtLogin(backend.db(), dbPath, backend.user(), backend.now(), (m) => logged.push(m)),
    ).toBeNull();
    expect(logged).toHaveLength(1);
    expect(logged[0]).toMatch(/daily backup failed/);
  });
});

describe('backup.restore (logged in)', () => {
  it('verifies, keeps the current database aside, replaces it, ends the session; the data is as backed up', async () => {
    const { dbPath, backend, clock } = await setup(30);
    const info = await backend.call('backup.create', {});
    backend.db().prepare('DELETE FROM records').run();
    backend.db().prepare('DELETE FROM entities WHERE id > 10').run();
    expect(count(backend)).toBe(10);
    clock.now = new Date(clock.now.getTime() + 60_000);

    const r = await backend.call('backup.restore', { id: info.id, password: ADMIN.password });
    expect(r.restored.id).toBe(info.id);
    expect(r.safetyCopy).toMatch(/-pre-restore$/);
    expect(await backend.dispatch('entities.search', {})).toMatchObject({
      ok: false,
      error: { code: 'not_logged_in' },
    });

    await backend.call('session.login', { username: 'admin', password: ADMIN.password });
    expect(count(backend)).toBe(30);
    const actions = backend.db().prepare('SELECT action FROM audit_log ORDER BY id DESC LIMIT 2').all();
    expect(actions.map((a) => (a as { action: string }).action)).toEqual(['session.login', 'backup.restore']);
    expect(existsSync(`${dbPath}.restoring`)).toBe(false);

    // The safety copy is the database as it was just before: 10 entities, openable with the key.
    const safety = join(backupsDirFor(dbPath), r.safetyCopy!, 'creditdesk.db');
    const old = openDatabase(safety, await dataKey(dbPath), { readonly: true });
    expect((old.prepare('SELECT count(*) AS n FROM entities').get() as { n: number }).n).toBe(10);
    old.close();
  });

  it('refuses a wrong password and a tampered backup, leaving the database untouched', async () => {
    const { dbPath, backend } = await setup(10);
    const info = await backend.call('backup.create', {});
    backend.db().pragma('wal_checkpoint(TRUNCATE)');
    const before = sha256File(dbPath);

    const wrong = await backend.dispatch('backup.restore', { id: info.id, password: 'not-the-password' });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'wrong_password' } });
    if (!wrong.ok) expect(wrong.error.message).toMatch(/备份当时/);

    corrupt(join(backupsDirFor(dbPath), info.id, 'creditdesk.db'), 2, 1);
    const tampered = await backend.dispatch('backup.restore', { id: info.id, password: ADMIN.password });
    expect(tampered).toMatchObject({ ok: false, error: { code: 'database_unreadable' } });
    if (!tampered.ok) expect(tampered.error.message).toMatch(/校验值/);

    const missing = await backend.dispatch('backup.restore', {
      id: '20991231-235959-manual',
      password: ADMIN.password,
    });
    expect(missing).toMatchObject({ ok: false, error: { code: 'not_found' } });

    // Still logged in, same file.
    expect(count(backend)).toBe(10);
    backend.db().pragma('wal_checkpoint(TRUNCATE)');
    expect(sha256File(dbPath)).toBe(before);
  });

  it('refuses ids that are paths', async () => {
    const { backend } = await setup(5);
    for (const id of ['../creditdesk.db', '..', '20261121-100000-manual/../../x', 'C:\\x', '']) {
      const env = await backend.dispatch('backup.restore', { id, password: ADMIN.password });
      expect(env, id).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    }
  });
});

describe('quick_check at open and recovery before login', () => {
  it('a damaged database is refused at login in Chinese; the newest good backup restores it', async () => {
    const { dbPath, backend, clock } = await setup(400);
    const older = await backend.call('backup.create', {});
    clock.now = new Date(clock.now.getTime() + 60_000);
    const newer = await backend.call('backup.create', {});
    backend.close();
    // The newest backup is damaged too: recovery must point at the older one.
    corrupt(join(backupsDirFor(dbPath), newer.id, 'creditdesk.db'), 5, 1);
    corrupt(dbPath, 6, 8);

    const env = await backend.dispatch('session.login', { username: 'admin', password: ADMIN.password });
    expect(env).toMatchObject({ ok: false, error: { code: 'database_unreadable' } });
    if (!env.ok) expect(env.error.message).toMatch(/完整性检查.*备份恢复/);

    const rec = await backend.call('backup.listForRecovery', {});
    expect(rec.newestGood).toBe(older.id);
    expect(rec.backups.map((b) => [b.id, b.intact])).toEqual([
      [newer.id, false],
      [older.id, true],
    ]);

    const wrong = await backend.dispatch('backup.restoreForRecovery', {
      id: older.id,
      username: 'admin',
      password: 'guess-guess',
    });
    expect(wrong).toMatchObject({ ok: false, error: { code: 'wrong_password' } });

    clock.now = new Date(clock.now.getTime() + 60_000);
    const r = await backend.call('backup.restoreForRecovery', {
      id: older.id,
      username: 'admin',
      password: ADMIN.password,
    });
    expect(r.safetyCopy).toMatch(/pre-restore/);
    await backend.call('session.login', { username: 'admin', password: ADMIN.password });
    expect(count(backend)).toBe(400);
    expect(backend.db().pragma('integrity_check', { simple: true })).toBe('ok');
  });

  it('before login, a healthy database can be replaced only by one of its administrators', async () => {
    const { dbPath, backend } = await setup(5);
    await addUser(dbPath, backend, 'officer1', 'officer', 'officer-pw-1');
    await addUser(dbPath, backend, 'admin2', 'admin', 'admin2-pw-1');
    const info = await backend.call('backup.create', {});
    // While logged in the recovery method is not the way.
    expect(
      await backend.dispatch('backup.restoreForRecovery', {
        id: info.id,
        username: 'admin',
        password: ADMIN.password,
      }),
    ).toMatchObject({ ok: false, error: { code: 'conflict' } });
    // admin2 loses the role in the current database after the backup was made.
    backend.db().prepare("UPDATE users SET role = 'officer' WHERE username = 'admin2'").run();
    await backend.call('session.logout', {});

    const officer = await backend.dispatch('backup.restoreForRecovery', {
      id: info.id,
      username: 'officer1',
      password: 'officer-pw-1',
    });
    expect(officer).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const demoted = await backend.dispatch('backup.restoreForRecovery', {
      id: info.id,
      username: 'admin2',
      password: 'admin2-pw-1',
    });
    expect(demoted).toMatchObject({ ok: false, error: { code: 'forbidden' } });
    const ok = await backend.dispatch('backup.restoreForRecovery', {
      id: info.id,
      username: 'admin',
      password: ADMIN.password,
    });
    expect(ok.ok).toBe(true);
  });

  it('a damaged key file is recovered from the backup (the database itself is kept aside)', async () => {
    const { dbPath, backend } = await setup(12);
    const info = await backend.call('backup.create', {});
    backend.close();
    writeFileSync(keyFilePathFor(dbPath), '{"format":"creditdesk-keys", trunc');
    const env = await backend.dispatch('session.login', { username: 'admin', password: ADMIN.password });
    expect(env).toMatchObject({ ok: false, error: { code: 'database_unreadable' } });
    expect((await backend.call('backup.listForRecovery', {})).newestGood).toBe(info.id);
    await backend.call('backup.restoreForRecovery', {
      id: info.id,
      username: 'admin',
      password: ADMIN.password,
    });
    await backend.call('session.login', { username: 'admin', password: ADMIN.password });
    expect(count(backend)).toBe(12);
  });

  it('a backup folder restores on a new PC where no database exists', async () => {
    const { dbPath, backend } = await setup(25);
    const info = await backend.call('backup.create', {});
    backend.close();
    const other = tempDir();
    cleanups.push(other.cleanup);
    const usb = join(other.dir, 'usb', info.id);
    cpSync(join(backupsDirFor(dbPath), info.id), usb, { recursive: true });
    const newDb = join(other.dir, 'pc2', 'creditdesk.db');
    const r = await restoreOffline(newDb, usb, 'admin', ADMIN.password, '2026-11-22T00:00:00Z');
    expect(r.safetyCopy).toBeNull();
    const b2 = new Backend({ dbPath: newDb, firstRunDemo: null });
    cleanups.push(() => b2.close());
    await b2.call('session.login', { username: 'admin', password: ADMIN.password });
    expect(count(b2)).toBe(25);
  });
});
