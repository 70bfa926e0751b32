/**
 * A holder killed a moment ago is a zombie until its parent collects it: `kill(pid, 0)` still
 * succeeds, so a restarted server used to refuse the database until it was restarted again (issue 15
 * item 7). Here the holder's parent is a shell that never collects it, so it stays a zombie.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/tmp.ts';
import { acquireInstanceLock, lockPathFor, readInstanceLock } from './instance-lock.ts';

const CHILD = fileURLToPath(new URL('./instance-lock.child.ts', import.meta.url));
const LINUX = process.platform === 'linux';

function stateOf(pid: number): string {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3);
}

describe.skipIf(!LINUX)('instance lock held by a just-killed process', () => {
  let shell: ChildProcess | undefined;
  let cleanup = () => {};
  afterEach(() => {
    shell?.kill('SIGKILL');
    cleanup();
  });

  it('takes over a lock whose holder is a zombie, at once', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const dbPath = join(t.dir, 'creditdesk.db');
    // `exec sleep` replaces the shell, so the lock holder's parent is a process that never waits for it.
    shell = spawn('sh', ['-c', '"$0" "$1" "$2" app wait & exec sleep 60', process.execPath, CHILD, dbPath], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    const holderPid = await new Promise<number>((resolve, reject) => {
      let out = '';
      const timer = setTimeout(() => reject(new Error(`holder said nothing: ${out}`)), 30_000);
      shell?.stdout?.setEncoding('utf8').on('data', (d: string) => {
        out += d;
        const m = /^held (\d+)\n/.exec(out);
        if (m) {
          clearTimeout(timer);
          resolve(Number(m[1]));
        }
      });
    });
    expect(readInstanceLock(dbPath)?.pid).toBe(holderPid);

    process.kill(holderPid, 'SIGKILL');
    const deadline = Date.now() + 5_000;
    while (stateOf(holderPid) !== 'Z' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 20));
    expect(stateOf(holderPid)).toBe('Z');

    const started = Date.now();
    const lock = acquireInstanceLock(dbPath, { owner: 'app' });
    expect(Date.now() - started).toBeLessThan(1_000);
    expect(readInstanceLock(dbPath)).toMatchObject({ pid: process.pid, owner: 'app' });
    lock.release();
    expect(existsSync(lockPathFor(dbPath))).toBe(false);
  });
});
