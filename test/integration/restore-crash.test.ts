/**
 * A restore killed at any point of the file swap (issue 15 item 4): the next open completes or drops
 * it, leaves no `.restoring` file behind, and every restore that replaced the database appears in the
 * restored database's audit log, once. The restore runs in a child process that SIGKILLs itself at
 * the step named (restore-crash.child.ts); the parent then opens the folder like a restarted program.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend.ts';
import { readInstanceLock } from '../../electron/db/instance-lock.ts';
import { backupsDirFor } from '../../electron/services/backup/layout.ts';
import { restoreJournalPathFor } from '../../electron/services/backup/restore-journal.ts';
import { verifyAuditChain } from '../../electron/services/audit/verify.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../helpers/tmp.ts';

const CHILD = fileURLToPath(new URL('./restore-crash.child.ts', import.meta.url));
const ADMIN = { username: 'admin', displayName: '管理员', password: 'restore-crash-pw' };

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const c of cleanups.splice(0)) c();
});

function backendFor(dbPath: string): Backend {
  const b = new Backend({ dbPath, firstRunDemo: null, scrypt: FAST_SCRYPT });
  cleanups.unshift(() => b.close());
  return b;
}

/** A database of 40 entities with a manual backup of it, then 20 more entities added after the backup. */
async function databaseWithBackup() {
  const t = tempDir();
  cleanups.push(t.cleanup);
  const dbPath = join(t.dir, 'creditdesk.db');
  const b = new Backend({ dbPath, firstRunDemo: null, scrypt: FAST_SCRYPT });
  await b.call('app.setup', { admin: ADMIN, county: TEST_COUNTY, demo: { entities: 40, seed: 'before' } });
  const backup = await b.call('backup.create', {});
  const { writeDemoCounty } = await import('../../electron/services/entities/demo-writer.ts');
  writeDemoCounty(b.db(), { entities: 20, seed: 'after', county: TEST_COUNTY, actor: 'admin', at: b.now() });
  b.close();
  return { dir: t.dir, dbPath, backupId: backup.id, folder: join(backupsDirFor(dbPath), backup.id) };
}

function restoreAndDieAt(dbPath: string, folder: string, step: string) {
  return new Promise<{ signal: NodeJS.Signals | null; output: string }>((resolve, reject) => {
    const child = spawn(process.execPath, [CHILD, dbPath, folder, ADMIN.username, ADMIN.password, step], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => {
      output += d;
    });
    child.stderr.setEncoding('utf8').on('data', (d: string) => {
      output += d;
    });
    child.on('error', reject);
    child.on('exit', (_code, signal) => resolve({ signal, output }));
  });
}

function leftovers(dir: string): string[] {
  return readdirSync(dir).filter((f) => f.includes('.restoring') || f.includes('restore-journal'));
}

async function openAgain(dbPath: string) {
  const b = backendFor(dbPath);
  const status = await b.call('app.status', {});
  await b.call('session.login', { username: ADMIN.username, password: ADMIN.password });
  const db = b.db();
  const restores = db
    .prepare("SELECT actor, target, detail FROM audit_log WHERE action = 'backup.restore'")
    .all() as { actor: string; target: string; detail: string }[];
  const entities = (db.prepare('SELECT count(*) AS n FROM entities').get() as { n: number }).n;
  return { b, status, restores, entities, chain: verifyAuditChain(db) };
}

describe('a restore killed during the file swap', () => {
  for (const step of ['journaled', 'keys-swapped', 'swapped'] as const) {
    it(`killed at "${step}": the next open completes it and the audit log records it once`, async () => {
      const { dir, dbPath, backupId, folder } = await databaseWithBackup();
      const killed = await restoreAndDieAt(dbPath, folder, step);
      expect(killed.signal, killed.output).toBe('SIGKILL');
      expect(existsSync(restoreJournalPathFor(dbPath))).toBe(true);
      expect(readInstanceLock(dbPath)).not.toBeNull(); // the dead restorer's lock is still there

      const again = await openAgain(dbPath);
      expect(again.status).toMatchObject({ databaseExists: true });
      expect(again.entities).toBe(40); // the backup's content, not the 60 of the replaced database
      expect(again.restores).toHaveLength(1);
      expect(again.restores[0]!.target).toBe(`backup:${backupId}`);
      expect(JSON.parse(again.restores[0]!.detail)).toMatchObject({ recordedLater: expect.any(String) });
      expect(again.chain.intact).toBe(true);
      expect(leftovers(dir)).toEqual([]);
      again.b.close();

      // A second open records nothing more.
      const third = await openAgain(dbPath);
      expect(third.restores).toHaveLength(1);
    });
  }

  it('killed before the journal (backup only staged): nothing replaced, the staged copy is removed', async () => {
    const { dir, dbPath, folder } = await databaseWithBackup();
    const killed = await restoreAndDieAt(dbPath, folder, 'staged');
    expect(killed.signal, killed.output).toBe('SIGKILL');
    expect(leftovers(dir)).toContain('creditdesk.db.restoring');

    const again = await openAgain(dbPath);
    expect(again.entities).toBe(60);
    expect(again.restores).toHaveLength(0);
    expect(leftovers(dir)).toEqual([]);
  });

  it('an uninterrupted restore records itself once and leaves no journal', async () => {
    const { dir, dbPath, folder } = await databaseWithBackup();
    const done = await restoreAndDieAt(dbPath, folder, 'never');
    expect(done.output).toContain('FINISHED');
    const again = await openAgain(dbPath);
    expect(again.entities).toBe(40);
    expect(again.restores).toHaveLength(1);
    expect(JSON.parse(again.restores[0]!.detail)).not.toHaveProperty('recordedLater');
    expect(leftovers(dir)).toEqual([]);
  });
});
