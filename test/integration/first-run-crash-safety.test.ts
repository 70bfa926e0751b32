import { createHash } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../helpers/tmp.ts';

const ADMIN = { username: 'admin', displayName: '管理员', password: 'first-run-pw' };

describe('first run survives a crash at any point', () => {
  let cleanup: () => void;
  let backend: Backend | undefined;
  afterEach(() => {
    backend?.close();
    cleanup?.();
  });

  function fresh() {
    const t = tempDir();
    cleanup = t.cleanup;
    const dbPath = join(t.dir, 'creditdesk.db');
    backend = new Backend({ dbPath, firstRunDemo: null, scrypt: FAST_SCRYPT });
    return { dir: t.dir, dbPath };
  }

  it('leaves exactly the database, its key file and its audit anchor file, no staging files', async () => {
    const { dir } = fresh();
    await backend!.call('app.setup', { admin: ADMIN, county: TEST_COUNTY, demo: null });
    expect(
      readdirSync(dir)
        .filter((f) => !f.endsWith('-wal') && !f.endsWith('-shm'))
        .sort(),
    ).toEqual(['creditdesk.db', 'creditdesk.db.audit-anchors.jsonl', 'creditdesk.db.keys.json']);
  });

  it('runs again after a crash that left a half-built database and a key file without its database', async () => {
    const { dir, dbPath } = fresh();
    // What an interrupted first run can leave: the staging database and its key file, and (crash
    // between the two renames) a key file already in place with no database beside it.
    writeFileSync(`${dbPath}.creating`, 'half-written pages');
    writeFileSync(`${dbPath}.creating.keys.json`, '{}');
    writeFileSync(
      `${dbPath}.keys.json`,
      '{"format":"creditdesk-keys","version":1,"databaseId":"lost","users":[]}',
    );
    expect((await backend!.call('app.status', {})).databaseExists).toBe(false);

    await backend!.call('app.setup', { admin: ADMIN, county: TEST_COUNTY, demo: null });
    const files = readdirSync(dir);
    expect(files).not.toContain('creditdesk.db.creating');
    expect(files).not.toContain('creditdesk.db.creating.keys.json');
    // The stray key file is kept aside, not destroyed.
    expect(files.some((f) => f.startsWith('creditdesk.db.keys.json.orphaned-'))).toBe(true);
    backend!.close();
    backend = new Backend({ dbPath, firstRunDemo: null });
    expect(
      (await backend.call('session.login', { username: 'admin', password: ADMIN.password })).user.role,
    ).toBe('admin');
  });

  it('explains a missing key file and leaves the database untouched', async () => {
    const { dbPath } = fresh();
    await backend!.call('app.setup', { admin: ADMIN, county: TEST_COUNTY, demo: null });
    backend!.close();
    renameSync(`${dbPath}.keys.json`, `${dbPath}.keys.json.moved`);
    const before = createHash('sha256').update(readFileSync(dbPath)).digest('hex');
    backend = new Backend({ dbPath, firstRunDemo: null });
    const env = await backend.dispatch('session.login', { username: 'admin', password: ADMIN.password });
    expect(env).toMatchObject({ ok: false, error: { code: 'database_unreadable' } });
    if (!env.ok) expect(env.error.message).toMatch(/密钥文件/);
    // A second setup must not overwrite a database that only lost its key file.
    expect(
      await backend.dispatch('app.setup', { admin: ADMIN, county: TEST_COUNTY, demo: null }),
    ).toMatchObject({
      ok: false,
      error: { code: 'database_exists' },
    });
    expect(createHash('sha256').update(readFileSync(dbPath)).digest('hex')).toBe(before);
    expect(existsSync(`${dbPath}.keys.json`)).toBe(false);
  });
});
