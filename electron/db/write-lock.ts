/**
 * Whether another connection holds the database's write lock at this moment: a command about to write
 * says it will wait (WRITE_WAITING_NOTICE) instead of sitting silent for up to WRITE_WAIT_MS.
 */
import type { Db } from './open.ts';
import { isWriteBusy, WRITE_WAIT_MS } from './write-errors.ts';

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
