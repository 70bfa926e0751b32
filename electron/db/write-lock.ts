/**
 * Waiting for another connection's write lock, in the engine's terms, so services above say only what
 * they want (a short wait, a write transaction) and a second engine can say it its own way.
 */
import type { Db } from './open.ts';
import { isWriteBusy, WRITE_WAIT_MS } from './write-errors.ts';

/**
 * Whether another connection holds the write lock at this moment: a command about to write says it
 * will wait (WRITE_WAITING_NOTICE) instead of sitting silent for up to WRITE_WAIT_MS.
 */
export function writeLockHeldElsewhere(db: Db): boolean {
  db.pragma('busy_timeout = 0');
  try {
    db.exec('BEGIN IMMEDIATE');
    db.exec('ROLLBACK');
    return false;
  } catch (e) {
    if (!isWriteBusy(e)) throw e;
    return true;
  } finally {
    db.pragma(`busy_timeout = ${WRITE_WAIT_MS}`);
  }
}

/**
 * Runs `fn` with the wait for the write lock cut to `ms`, so a reader beside a writer gives up in a
 * moment, not in seconds.
 */
export function withWriteWait<T>(db: Db, ms: number, fn: () => T): T {
  db.pragma(`busy_timeout = ${ms}`);
  try {
    return fn();
  } finally {
    db.pragma(`busy_timeout = ${WRITE_WAIT_MS}`);
  }
}

/**
 * A unit of work that takes the write lock before its first statement (BEGIN IMMEDIATE): what it reads
 * outside the database (pending files) cannot change under another writer before it commits.
 */
export function writeUnitOfWork<T>(db: Db, fn: () => T): T {
  return db.transaction(fn).immediate();
}
