import { existsSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors.ts';
import { tempDir } from '../../test/helpers/tmp.ts';
import { acquireInstanceLock, lockPathFor, readInstanceLock } from './instance-lock.ts';
import { holdLockInChild, type LockChild, startLockChild } from './instance-lock.testkit.ts';

function conflictOf(f: () => unknown): ApiError {
  try {
    f();
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected a conflict, the lock was granted');
}

describe('instance lock', () => {
  let cleanup = () => {};
  const children: LockChild[] = [];
  afterEach(async () => {
    for (const c of children.splice(0)) await c.kill();
    cleanup();
  });
  function db(): string {
    const t = tempDir();
    cleanup = t.cleanup;
    return join(t.dir, 'creditdesk.db');
  }

  it('writes {pid, hostname, owner, startedAt} beside the database and removes it on release', () => {
    const dbPath = db();
    const lock = acquireInstanceLock(dbPath, { owner: 'cli', now: () => new Date('2026-11-21T08:00:00Z') });
    expect(lock.path).toBe(`${dbPath}.lock`);
    expect(JSON.parse(readFileSync(lockPathFor(dbPath), 'utf8'))).toEqual({
      pid: process.pid,
      hostname: hostname(),
      owner: 'cli',
      startedAt: '2026-11-21T08:00:00.000Z',
    });
    lock.release();
    expect(existsSync(lock.path)).toBe(false);
  });

  it('is re-entrant within one process: reference-counted, the last release removes the file', () => {
    const dbPath = db();
    const app = acquireInstanceLock(dbPath, { owner: 'app' });
    const cli = acquireInstanceLock(dbPath, { owner: 'cli' });
    cli.release();
    cli.release(); // a second release of the same handle gives nothing back twice
    expect(readInstanceLock(dbPath)?.owner).toBe('app');
    app.release();
    expect(existsSync(lockPathFor(dbPath))).toBe(false);
  });

  it("refuses while another process holds it, naming the process; takes a SIGKILLed holder's lock over", async () => {
    const dbPath = db();
    const holder = await holdLockInChild(dbPath, 'app');
    children.push(holder);
    expect(readInstanceLock(dbPath)?.pid).toBe(holder.pid);

    const e = conflictOf(() => acquireInstanceLock(dbPath, { owner: 'cli' }));
    expect(e.code).toBe('conflict');
    expect(e.message).toMatch(
      new RegExp(
        `^该数据库正被另一个 CreditDesk 程序（进程 ${holder.pid}，\\d{4}-\\d{2}-\\d{2} \\d{2}:\\d{2} 启动）使用。请先关闭它，或稍后再试。$`,
      ),
    );
    expect(readInstanceLock(dbPath)?.pid).toBe(holder.pid); // a refused attempt changes nothing

    await holder.kill();
    // SIGKILL runs no exit handler: the file is still there, naming a dead process.
    expect(readInstanceLock(dbPath)?.pid).toBe(holder.pid);
    const lock = acquireInstanceLock(dbPath, { owner: 'cli' });
    expect(readInstanceLock(dbPath)).toMatchObject({ pid: process.pid, owner: 'cli' });
    lock.release();
    expect(existsSync(lockPathFor(dbPath))).toBe(false);
  });

  it('says when the holder is the command line, and a child is refused while this process holds it', async () => {
    const dbPath = db();
    const holder = await holdLockInChild(dbPath, 'cli');
    children.push(holder);
    expect(conflictOf(() => acquireInstanceLock(dbPath, { owner: 'app' })).message).toContain(
      `另一个 CreditDesk 命令行程序（进程 ${holder.pid}，`,
    );
    await holder.kill();

    const mine = acquireInstanceLock(dbPath, { owner: 'app' });
    const refused = await startLockChild(dbPath, 'cli');
    children.push(refused);
    expect(refused.line).toMatch(
      new RegExp(`^conflict 该数据库正被另一个 CreditDesk 程序（进程 ${process.pid}，`),
    );
    mine.release();
  });

  it('removes the file when the holder exits normally without releasing (exit hook)', async () => {
    const dbPath = db();
    const c = await startLockChild(dbPath, 'cli', 'exit');
    children.push(c);
    expect(c.line).toBe(`held ${c.pid}`);
    expect(await c.exited).toBe(0); // exited on its own, not killed
    expect(existsSync(lockPathFor(dbPath))).toBe(false);
  });

  it('treats a lock written on another computer as held and says how to clear it', () => {
    const dbPath = db();
    const foreign = { pid: 4242, hostname: 'other-pc', owner: 'app', startedAt: '2026-11-21T00:00:00Z' };
    writeFileSync(lockPathFor(dbPath), JSON.stringify(foreign));
    const e = conflictOf(() => acquireInstanceLock(dbPath, { owner: 'cli' }));
    expect(e.code).toBe('conflict');
    expect(e.message).toContain('另一台电脑（other-pc）上的 CreditDesk 程序（进程 4242，');
    expect(e.message).toContain('.lock 文件');
    expect(e.message).not.toContain(dbPath); // no file paths in user-facing messages
    expect(JSON.parse(readFileSync(lockPathFor(dbPath), 'utf8'))).toEqual(foreign);
  });

  it('refuses an unreadable lock while it may be being written, takes it over once old', () => {
    const dbPath = db();
    const path = lockPathFor(dbPath);
    writeFileSync(path, '');
    expect(conflictOf(() => acquireInstanceLock(dbPath, { owner: 'cli' })).message).toBe(
      '该数据库正被另一个 CreditDesk 程序打开。请先关闭它，或稍后再试。',
    );
    const old = new Date(Date.now() - 60_000);
    utimesSync(path, old, old);
    const lock = acquireInstanceLock(dbPath, { owner: 'cli' });
    expect(readInstanceLock(dbPath)?.pid).toBe(process.pid);
    lock.release();
  });

  it('lets exactly one of several processes racing for a stale lock take it', async () => {
    const dbPath = db();
    const dead = await holdLockInChild(dbPath, 'app');
    await dead.kill();
    const racers = await Promise.all([1, 2, 3, 4].map(() => startLockChild(dbPath, 'cli')));
    children.push(...racers);
    const winners = racers.filter((r) => r.line.startsWith('held '));
    expect(winners).toHaveLength(1);
    expect(readInstanceLock(dbPath)?.pid).toBe(winners[0]!.pid);
    for (const r of racers.filter((x) => x !== winners[0]))
      expect(r.line).toMatch(/^conflict 该数据库正被另一个/);
  });
});
