import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../../test/helpers/tmp.ts';
import { listBackupsIn } from '../services/backup/catalog.ts';
import { backupsDirFor } from '../services/backup/layout.ts';
import { Backend } from './backend.ts';

const ADMIN = { username: 'admin', displayName: '管理员', password: 'daily-backup-pw' };

describe('daily backup at login (the app turns it on)', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  async function setUp(dailyBackups: boolean, clock: { now: Date }) {
    const t = tempDir();
    cleanup = t.cleanup;
    const dbPath = join(t.dir, 'creditdesk.db');
    const opts = {
      dbPath,
      firstRunDemo: null,
      scrypt: FAST_SCRYPT,
      idleTimer: false,
      dailyBackups,
      now: () => clock.now,
    };
    const first = new Backend(opts);
    await first.call('app.setup', { admin: ADMIN, county: TEST_COUNTY, demo: null });
    first.close();
    return { dbPath, backend: new Backend(opts) };
  }

  it('writes one backup at the first login of a day, none at later logins that day, another the next day', async () => {
    const clock = { now: new Date('2026-11-21T01:00:00Z') };
    const { dbPath, backend } = await setUp(true, clock);
    const daily = () => listBackupsIn(backupsDirFor(dbPath)).filter((m) => m.kind === 'daily');
    try {
      await backend.call('session.login', { username: ADMIN.username, password: ADMIN.password });
      expect(daily()).toHaveLength(1);
      clock.now = new Date('2026-11-21T05:00:00Z');
      await backend.call('session.login', { username: ADMIN.username, password: ADMIN.password });
      expect(daily()).toHaveLength(1);
      clock.now = new Date('2026-11-22T05:00:00Z');
      await backend.call('session.login', { username: ADMIN.username, password: ADMIN.password });
      expect(daily()).toHaveLength(2);
    } finally {
      backend.close();
    }
  });

  it('writes nothing when the option is off (command line, tests)', async () => {
    const clock = { now: new Date('2026-11-21T01:00:00Z') };
    const { dbPath, backend } = await setUp(false, clock);
    try {
      await backend.call('session.login', { username: ADMIN.username, password: ADMIN.password });
      expect(listBackupsIn(backupsDirFor(dbPath))).toHaveLength(0);
    } finally {
      backend.close();
    }
  });
});
