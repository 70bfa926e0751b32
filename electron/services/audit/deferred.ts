/**
 * Audit entries of a session that cannot write right now: another program holds the write lock
 * (docs/instance-lock.md: reads beside a running writer), or the database cannot grow (disk full). A
 * read-only command or session must not fail, nor wait seconds, because its login or its 校验操作日志
 * entry cannot be written while an import holds the lock; and no entry may be dropped. So the entry waits in `<db>.audit-pending.jsonl` (one JSON object a line, fsynced)
 * and is appended to the chain, with its original time, by the next transaction that gets the lock:
 * any login, a logout, or the close of a command (flushDeferredAudit).
 *
 * Claiming renames the file first, so entries appended meanwhile go to a new file; a claimed file
 * left behind by a crash is taken up again, and entries already in the chain (same deferredId) are
 * skipped, so nothing is appended twice.
 */
import { randomUUID } from 'node:crypto';
import {
  closeSync,
  fsyncSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import type { Db } from '../../db/open.ts';
import { type DataDoor, isPg, sqliteOnly } from '../../db/sql.ts';
import { isDiskFull, isWriteBusy } from '../../db/write-errors.ts';
import { withWriteWait, writeUnitOfWork } from '../../db/write-lock.ts';
import { type AuditEntry, appendAudit } from './log.ts';
import { hasDeferredEntry } from './repository.ts';

/** How long a read-only session waits for the write lock before it defers its entry. */
export const DEFER_AFTER_MS = 300;

export function deferredAuditPathFor(dbPath: string): string {
  return `${dbPath}.audit-pending.jsonl`;
}

/** Which file each open connection belongs to, so a service holding only `db` can defer. */
const dbPaths = new WeakMap<Db, string>();

export function rememberDbPath(db: Db, dbPath: string): void {
  dbPaths.set(db, dbPath);
}

/** Runs `fn` with a short busy wait, so a reader beside a writer gives up in a moment, not in seconds. */
export function withShortWait<T>(db: Db, fn: () => T): T {
  return withWriteWait(db, DEFER_AFTER_MS, fn);
}

/** Appends `entry` to the pending file (durably) for a later transaction to chain. */
export function deferAudit(dbPath: string, entry: AuditEntry): void {
  const line = `${JSON.stringify({ deferredId: randomUUID(), ...entry })}\n`;
  const fd = openSync(deferredAuditPathFor(dbPath), 'a', 0o600);
  try {
    writeSync(fd, line);
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** appendAudit, or — when another connection holds the write lock — deferAudit. */
export function appendAuditOrDefer(db: DataDoor, entry: AuditEntry): 'written' | 'deferred' {
  // A server's appends wait on the chain's head row, never on a file-wide write lock: nothing to defer.
  const dbPath = isPg(db) ? undefined : dbPaths.get(db);
  if (!dbPath) {
    appendAudit(db, entry);
    return 'written';
  }
  try {
    withShortWait(sqliteOnly(db, 'withShortWait'), () => appendAudit(db, entry));
    return 'written';
  } catch (e) {
    if (!isWriteBusy(e) && !isDiskFull(e)) throw e;
    try {
      deferAudit(dbPath, entry);
    } catch (d) {
      throw isDiskFull(d) ? d : e;
    }
    return 'deferred';
  }
}

interface Deferred extends AuditEntry {
  deferredId: string;
}

function parseLine(line: string): Deferred | null {
  try {
    const v = JSON.parse(line) as Partial<Deferred>;
    if (
      typeof v.deferredId !== 'string' ||
      typeof v.at !== 'string' ||
      typeof v.actor !== 'string' ||
      typeof v.action !== 'string' ||
      !v.detail ||
      typeof v.detail !== 'object'
    )
      return null;
    return {
      deferredId: v.deferredId,
      at: v.at,
      actor: v.actor.slice(0, 64),
      action: v.action.slice(0, 64),
      target: typeof v.target === 'string' ? v.target : null,
      detail: v.detail,
    };
  } catch {
    return null; // a line torn by a crash mid-write: nothing usable in it
  }
}

/** The pending file, renamed so new entries start a new one, plus claimed files a crash left behind. */
function claimFiles(dbPath: string): string[] {
  const pending = deferredAuditPathFor(dbPath);
  const prefix = `${basename(pending)}.`;
  const claimed = readdirSync(dirname(pending))
    .filter((n) => n.startsWith(prefix) && n.endsWith('.importing'))
    .map((n) => join(dirname(pending), n));
  const mine = `${pending}.${process.pid}-${Date.now()}.importing`;
  try {
    renameSync(pending, mine);
    claimed.push(mine);
  } catch {
    // no pending file (the usual case), or another process claimed it first
  }
  return claimed;
}

/**
 * Inside the caller's write transaction: appends every deferred entry to the chain. Returns the step
 * to run after the commit (removing the claimed files).
 */
export function importDeferredAudit(db: DataDoor, dbPath: string): () => void {
  const files = claimFiles(dbPath);
  if (files.length === 0) return () => {};
  for (const file of files) {
    let text = '';
    try {
      text = readFileSync(file, 'utf8');
    } catch {
      continue; // removed meanwhile by the process that claimed it
    }
    for (const line of text.split('\n')) {
      const e = line.trim() ? parseLine(line) : null;
      if (!e || hasDeferredEntry(db, e.at, e.action, e.deferredId)) continue;
      const { deferredId, ...entry } = e;
      appendAudit(db, { ...entry, detail: { ...entry.detail, deferredId } });
    }
  }
  return () => {
    for (const f of files) rmSync(f, { force: true });
  };
}

/** Whether entries wait to be chained: the pending file, or a claimed one a crash left behind. */
export function deferredAuditWaiting(dbPath: string): boolean {
  const pending = deferredAuditPathFor(dbPath);
  const prefix = basename(pending);
  try {
    return readdirSync(dirname(pending)).some((n) => n.startsWith(prefix));
  } catch {
    return false;
  }
}

/**
 * Chains the deferred entries now if the write lock is free within a moment; otherwise they stay for
 * the next one. Never throws for want of the lock (a logout or a command's end must not fail for it).
 */
export function flushDeferredAudit(db: Db, dbPath: string): void {
  if (!deferredAuditWaiting(dbPath)) return;
  try {
    const after = withShortWait(db, () => writeUnitOfWork(db, () => importDeferredAudit(db, dbPath)));
    after();
  } catch (e) {
    if (!isWriteBusy(e) && !isDiskFull(e)) throw e;
  }
}
