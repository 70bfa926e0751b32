/**
 * `creditdesk demo` creating its database writes it without the WAL (electron/db/unjournaled-write.ts).
 * Killed while its pages go into the file, it leaves a file that `check`, `demo` itself and every login
 * refuse as incomplete — never one that looks good. Deleting the file lets `demo` create it afresh.
 */
import { spawn } from 'node:child_process';
import { existsSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { INCOMPLETE_DATABASE_MESSAGE } from '../electron/db/unjournaled-write.ts';
import { tempDir } from '../test/helpers/tmp.ts';
import { capture } from './capture.testkit.ts';
import { main } from './main.ts';

const PASSWORD = { CREDITDESK_PASSWORD: 'county-secret-1' };
/** Setting up writes well under this; only the demo's rows reach it. */
const DEMO_WRITING_BYTES = 4 << 20;

/** Runs `creditdesk demo` in a process of its own and SIGKILLs it once the file passes `bytes`. */
function demoKilledPast(db: string, bytes: number): Promise<{ signal: string | null; size: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ['cli/bin.mjs', 'demo', '--db', db, '--entities', '20000', '--seed', 'killed'],
      { env: { ...process.env, ...PASSWORD }, stdio: ['ignore', 'ignore', 'pipe'] },
    );
    let stderr = '';
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (d: string) => {
      stderr += d;
    });
    let size = 0;
    const poll = setInterval(() => {
      size = existsSync(db) ? statSync(db).size : 0;
      if (size > bytes) {
        clearInterval(poll);
        child.kill('SIGKILL');
      }
    }, 2);
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      clearInterval(poll);
      if (signal !== 'SIGKILL') reject(new Error(`demo ended before the kill (${code}): ${stderr}`));
      else resolve({ signal, size });
    });
  });
}

describe('creditdesk demo, interrupted while it fills a new file', () => {
  const cleanups: (() => void)[] = [];
  afterEach(() => {
    for (const c of cleanups.splice(0)) c();
  });

  it('check, demo and login refuse the file; once it is deleted, demo creates a whole one', async () => {
    const t = tempDir();
    cleanups.push(t.cleanup);
    const db = join(t.dir, 'creditdesk.db');

    const killed = await demoKilledPast(db, DEMO_WRITING_BYTES);
    expect(killed.signal).toBe('SIGKILL');
    expect(existsSync(`${db}-wal`)).toBe(false);

    const check = capture(PASSWORD);
    expect(await main(['check', '--db', db, '--json'], check.io), check.err.join('\n')).toBe(1);
    expect(JSON.parse(check.out[0] ?? '{}')).toEqual({ ok: false, message: INCOMPLETE_DATABASE_MESSAGE });

    const again = capture(PASSWORD);
    expect(await main(['demo', '--db', db, '--entities', '50', '--seed', 'again'], again.io)).toBe(2);
    expect(again.err.join('\n')).toContain(INCOMPLETE_DATABASE_MESSAGE);

    const list = capture(PASSWORD);
    expect(await main(['entities', 'list', '--db', db], list.io)).toBe(2);
    expect(list.err.join('\n')).toContain(INCOMPLETE_DATABASE_MESSAGE);

    rmSync(db);
    const fresh = capture(PASSWORD);
    expect(await main(['demo', '--db', db, '--entities', '300', '--seed', 'after'], fresh.io)).toBe(0);
    expect(JSON.parse(fresh.out[0] ?? '{}')).toMatchObject({
      created: true,
      inserted: 300,
      checkpointed: true,
    });
    const whole = capture(PASSWORD);
    expect(await main(['check', '--db', db, '--json'], whole.io)).toBe(0);
    expect(JSON.parse(whole.out[0] ?? '{}')).toMatchObject({ ok: true });
  }, 180_000);
});
