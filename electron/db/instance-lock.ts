/**
 * One running program per database (SPEC §9). SQLite itself keeps concurrent transactions safe, but
 * not what happens around them: a restore renames files under an open connection, the key file is
 * rewritten whole by whoever changes a password, backups are pruned by count. So the program that
 * uses a database announces it in `<db>.lock`, created atomically (`open(…, 'wx')`), holding
 * `{pid, hostname, owner, startedAt}`.
 *
 * Who takes it (see docs/instance-lock.md):
 *  - the app and the browser-mode server, for the whole life of their backend (worker-client.ts);
 *  - command-line commands that change a database, for the command's duration (cli/credentials.ts
 *    `openAs`, and init/demo/restore, which open or replace files without it).
 *
 * Rules:
 *  - Re-entrant within one process: a lock whose pid is ours is ours (reference-counted), so tests
 *    that open a backend and run the command line on the same database in-process keep working, and
 *    a file left by an earlier process that had the same pid (containers restart with low pids) is
 *    adopted. The protection is between processes. Use it from one thread per process (the main one):
 *    the reference count lives in this module's memory.
 *  - Stale: a lock naming a pid that no longer runs on this host (`process.kill(pid, 0)` → ESRCH) is
 *    taken over. Only one process at a time may remove a stale lock (the `.takeover` guard), and it
 *    removes it only if the file is still the stale one it judged; a new lock is always created with
 *    'wx', so two processes can never both succeed.
 *  - A lock written on another computer (database on a shared folder) cannot be checked from here:
 *    it counts as held, and the message says so and how to clear it once that program is closed.
 *  - Released by `release()` (the close paths) and, as a last resort, on process exit. A crash leaves
 *    the file behind; its pid is then dead, so the next start takes it over.
 *  Known limit: if the OS reuses a crashed program's pid for an unrelated process before the next
 *  start, the lock looks held; the message names the pid, and deleting the `.lock` file clears it.
 */
import {
  closeSync,
  mkdirSync,
  openSync,
  readFileSync,
  renameSync,
  statSync,
  unlinkSync,
  writeSync,
} from 'node:fs';
import { hostname as osHostname } from 'node:os';
import { dirname, resolve } from 'node:path';
import { ApiError } from '../../shared/api/errors.ts';
import { localDateTime } from '../../shared/dates/iso-date.ts';

export type LockOwner = 'app' | 'cli';

export interface LockInfo {
  pid: number;
  hostname: string;
  owner: LockOwner;
  /** ISO time the holder took the lock. */
  startedAt: string;
}

export interface InstanceLock {
  /** The `.lock` file. */
  readonly path: string;
  /** Gives this reference back; the file is removed when the process's last reference is released. Idempotent. */
  release(): void;
}

export interface AcquireOptions {
  owner: LockOwner;
  now?: () => Date;
}

/** An unparseable lock younger than this may be one being written right now (open, then write). */
const UNREADABLE_GRACE_MS = 2_000;
/** A takeover guard older than this was left by a crash during a takeover (which takes microseconds). */
const GUARD_STALE_MS = 10_000;
const ATTEMPTS = 20;
/** How long a live-looking local holder is watched before the lock is refused (see recheckHeld). */
const HELD_RECHECK_MS = 1_500;
const HELD_RECHECK_STEP_MS = 100;

export function lockPathFor(dbPath: string): string {
  return `${resolve(dbPath)}.lock`;
}

/** This process's references per lock file. */
const held = new Map<string, { count: number }>();
let exitHookInstalled = false;

/**
 * Takes the lock on the database at dbPath (which need not exist yet), or throws ApiError('conflict')
 * with a Chinese message naming the holder.
 */
export function acquireInstanceLock(dbPath: string, opts: AcquireOptions): InstanceLock {
  const path = lockPathFor(dbPath);
  const mine = held.get(path);
  if (mine) {
    mine.count++;
    return handle(path);
  }
  const info: LockInfo = {
    pid: process.pid,
    hostname: osHostname(),
    owner: opts.owner,
    startedAt: (opts.now?.() ?? new Date()).toISOString(),
  };
  mkdirSync(dirname(path), { recursive: true });
  for (let attempt = 0; attempt < ATTEMPTS; attempt++) {
    if (tryCreate(path, JSON.stringify(info))) return took(path);
    const seen = readLock(path);
    if (seen.kind === 'missing') continue; // released between our open and our read: try again
    if (seen.kind === 'parsed' && seen.info.pid === info.pid && seen.info.hostname === info.hostname) {
      // Ours by pid: left by an earlier process with our pid, or by another thread of this one.
      replaceContent(path, JSON.stringify(info));
      return took(path);
    }
    let verdict: Verdict | 'changed' = judge(seen);
    if (verdict === 'held' && seen.kind === 'parsed') verdict = recheckHeld(path, seen);
    if (verdict === 'changed') continue; // released or replaced meanwhile: look again
    if (verdict !== 'stale') throw conflict(seen, verdict);
    removeIfStill(path, seen.raw);
    if (attempt > 0) sleep(10 * attempt);
  }
  throw new ApiError('conflict', '该数据库正被另一个 CreditDesk 程序打开。请先关闭它，或稍后再试。');
}

/** Who holds the lock of the database at dbPath, if anyone wrote a readable one (diagnostics, tests). */
export function readInstanceLock(dbPath: string): LockInfo | null {
  const seen = readLock(lockPathFor(dbPath));
  return seen.kind === 'parsed' ? seen.info : null;
}

/**
 * Whether another running program on this host (or a program elsewhere) holds the database now. A lock
 * left by a dead process, or none, is not held: files around the database may then be tidied up.
 */
export function lockHeldElsewhere(dbPath: string): boolean {
  const seen = readLock(lockPathFor(dbPath));
  if (seen.kind === 'missing') return false;
  if (seen.kind === 'parsed' && seen.info.pid === process.pid && seen.info.hostname === osHostname())
    return false;
  return judge(seen) !== 'stale';
}

function took(path: string): InstanceLock {
  held.set(path, { count: 1 });
  if (!exitHookInstalled) {
    exitHookInstalled = true;
    // Last resort for paths that never reach a close (process.exit, an uncaught error). Signals that
    // kill the process without 'exit' leave a stale lock, which the next start takes over.
    process.on('exit', () => {
      for (const p of held.keys()) removeOwn(p);
      held.clear();
    });
  }
  return handle(path);
}

function handle(path: string): InstanceLock {
  let released = false;
  return {
    path,
    release() {
      if (released) return;
      released = true;
      const mine = held.get(path);
      if (!mine) return;
      mine.count--;
      if (mine.count > 0) return;
      held.delete(path);
      removeOwn(path);
    },
  };
}

/** Removes the lock file only while it still names this process (never someone else's). */
function removeOwn(path: string): void {
  const seen = readLock(path);
  if (seen.kind === 'parsed' && seen.info.pid === process.pid && seen.info.hostname === osHostname()) {
    try {
      unlinkSync(path);
    } catch {
      // already gone
    }
  }
}

function tryCreate(path: string, content: string): boolean {
  let fd: number;
  try {
    fd = openSync(path, 'wx');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw e;
  }
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  return true;
}

/** Rewrites a lock we own by pid without a moment where the file is missing or half-written. */
function replaceContent(path: string, content: string): void {
  const tmp = `${path}.${process.pid}.tmp`;
  const fd = openSync(tmp, 'w');
  try {
    writeSync(fd, content);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}

type Seen =
  | { kind: 'missing' }
  | { kind: 'parsed'; raw: string; info: LockInfo }
  | { kind: 'unreadable'; raw: string; ageMs: number };

function readLock(path: string): Seen {
  let raw: string;
  let ageMs: number;
  try {
    raw = readFileSync(path, 'utf8');
    ageMs = Date.now() - statSync(path).mtimeMs;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { kind: 'missing' };
    throw e;
  }
  try {
    const v = JSON.parse(raw) as Partial<LockInfo>;
    if (
      typeof v.pid === 'number' &&
      Number.isInteger(v.pid) &&
      v.pid > 0 &&
      typeof v.hostname === 'string' &&
      (v.owner === 'app' || v.owner === 'cli') &&
      typeof v.startedAt === 'string'
    ) {
      return {
        kind: 'parsed',
        raw,
        info: { pid: v.pid, hostname: v.hostname, owner: v.owner, startedAt: v.startedAt },
      };
    }
  } catch {
    // fall through: not JSON
  }
  return { kind: 'unreadable', raw, ageMs };
}

type Verdict = 'held' | 'foreign' | 'stale';

function judge(seen: Exclude<Seen, { kind: 'missing' }>): Verdict {
  if (seen.kind === 'unreadable') return seen.ageMs > UNREADABLE_GRACE_MS ? 'stale' : 'held';
  if (seen.info.hostname !== osHostname()) return 'foreign';
  return isAlive(seen.info.pid) ? 'held' : 'stale';
}

/**
 * A holder that has just been killed can still answer `kill(pid, 0)` for a moment (a zombie until its
 * parent collects it, about a second after a SIGKILL). So a local holder is looked at again for a
 * short while before the lock is refused; a real holder costs the refused program that wait once.
 */
function recheckHeld(path: string, seen: Exclude<Seen, { kind: 'missing' }>): Verdict | 'changed' {
  const until = Date.now() + HELD_RECHECK_MS;
  while (Date.now() < until) {
    sleep(HELD_RECHECK_STEP_MS);
    const now = readLock(path);
    if (now.kind === 'missing' || now.raw !== seen.raw) return 'changed';
    if (judge(now) === 'stale') return 'stale';
  }
  return 'held';
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
  } catch (e) {
    // EPERM: it runs, as another user.
    return (e as NodeJS.ErrnoException).code !== 'ESRCH';
  }
  return !isZombie(pid);
}

/** Linux only (elsewhere nothing to read): a killed process its parent has not collected yet has state Z. */
function isZombie(pid: number): boolean {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The state follows the command name, which is in parentheses and may itself contain ") ".
    return stat.slice(stat.lastIndexOf(')') + 2, stat.lastIndexOf(')') + 3) === 'Z';
  } catch {
    return false;
  }
}

/**
 * Removes a stale lock, under the takeover guard, and only if the file still holds the content that
 * was judged stale: nobody else removes a lock whose holder is dead, so it cannot have become live.
 */
function removeIfStill(path: string, staleRaw: string): void {
  const guard = `${path}.takeover`;
  if (!tryCreate(guard, String(process.pid))) {
    clearStaleGuard(guard);
    return; // another process is taking over right now; the caller looks again
  }
  try {
    const now = readLock(path);
    if (now.kind !== 'missing' && now.raw === staleRaw) unlinkSync(path);
  } finally {
    unlinkSync(guard);
  }
}

function clearStaleGuard(guard: string): void {
  try {
    const pid = Number(readFileSync(guard, 'utf8'));
    const age = Date.now() - statSync(guard).mtimeMs;
    if (age > GUARD_STALE_MS || (Number.isInteger(pid) && pid > 0 && !isAlive(pid))) unlinkSync(guard);
  } catch {
    // gone meanwhile
  }
}

function sleep(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

function conflict(seen: Exclude<Seen, { kind: 'missing' }>, verdict: 'held' | 'foreign'): ApiError {
  if (seen.kind === 'unreadable') {
    return new ApiError('conflict', '该数据库正被另一个 CreditDesk 程序打开。请先关闭它，或稍后再试。');
  }
  const { pid, hostname, owner, startedAt } = seen.info;
  const who = owner === 'cli' ? 'CreditDesk 命令行程序' : 'CreditDesk 程序';
  const since = `进程 ${pid}，${formatTime(startedAt)} 启动`;
  if (verdict === 'foreign') {
    return new ApiError(
      'conflict',
      `该数据库正被另一台电脑（${hostname}）上的 ${who}（${since}）使用，本机无法判断它是否仍在运行。` +
        '请先在那台电脑上关闭它；如确认它已关闭，请删除数据库文件旁的 .lock 文件后再试。',
    );
  }
  return new ApiError('conflict', `该数据库正被另一个 ${who}（${since}）使用。请先关闭它，或稍后再试。`);
}

/** Local time as the user reads it, e.g. 2026-11-21 08:00. */
function formatTime(iso: string): string {
  return localDateTime(iso);
}
