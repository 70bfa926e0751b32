/**
 * A bulk write into a database file created moments ago that this process alone holds (`creditdesk
 * demo` into a new file: a million entities and six million records in one transaction). In WAL mode
 * every page of it is encrypted into the log at the commit, then read back, decrypted and encrypted
 * again into the file by the checkpoint, with fsyncs between: the commit and checkpoint were 29 % of
 * the 1 M demo's CPU. Here the pages go straight into the file once: the rollback journal is kept in
 * memory (an error or a cancel still rolls back) and nothing is fsynced until the end, when the file is
 * put back into WAL with the caller's syncs, flushed to disk, and only then declared whole.
 *
 * Without a journal on disk, a kill or a power cut in the middle leaves a file holding part of the new
 * pages — typically a schema whose pages disagree, which SQLite only calls malformed. So the write is
 * announced twice before its first page can reach the file, and withdrawn only after every page is on
 * disk:
 *  - `<db>.incomplete`, a file beside the database (created and fsynced with its folder): openDatabase
 *    refuses the database while it exists, with INCOMPLETE_DATABASE_MESSAGE, before reading a page;
 *  - a mark in the file's own header (application_id, committed in WAL and synced): a copy of the file
 *    taken without its neighbour is still refused when its schema can be read, and fails as damaged
 *    when it cannot.
 * An interrupted write therefore never looks like a good database. `creditdesk demo` refuses the file
 * too; once it is deleted, `demo` creates it afresh (setting up a missing database drops a leftover
 * `.incomplete`).
 *
 * Only for a file nobody else reads: the app's first-run demo writes into the database the app is
 * reading meanwhile and keeps WAL. If another connection has the file open, the write stays in WAL.
 */
import { closeSync, existsSync, fsyncSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { fsyncPath } from './fsync.ts';
import type { Db } from './open.ts';
import { isWriteBusy } from './write-errors.ts';
import { withWriteWait } from './write-lock.ts';

/** "CDIW" (CreditDesk, incomplete write) in the header's application_id; 0 in every whole file. */
export const INCOMPLETE_WRITE_MARK = 0x43444957;

export const INCOMPLETE_DATABASE_MESSAGE =
  '此数据库文件不完整：写入演示数据时程序被中断，文件中只有部分数据，不能使用。请删除此数据库文件后重新生成演示数据。';

export function incompleteMarkerPath(dbPath: string): string {
  return `${dbPath}.incomplete`;
}

/** Whether the file beside `dbPath` says a write into it was interrupted. */
export function announcedIncomplete(dbPath: string): boolean {
  return existsSync(incompleteMarkerPath(dbPath));
}

/** For a database file that is being replaced or created anew: an old announcement does not apply. */
export function forgetIncomplete(dbPath: string): void {
  rmSync(incompleteMarkerPath(dbPath), { force: true });
}

export function carriesIncompleteMark(db: Db): boolean {
  return db.pragma('application_id', { simple: true }) === INCOMPLETE_WRITE_MARK;
}

/**
 * Runs `write` (which opens and commits its own transaction) on `db` without the WAL and without
 * fsyncs, as described above. `db` must be in WAL mode, outside a transaction.
 */
export function writeUnjournaled<T>(db: Db, write: () => T): T {
  if (db.inTransaction) throw new Error('writeUnjournaled: called inside a transaction');
  const synchronous = db.pragma('synchronous', { simple: true }) as number;
  announce(db.name);
  db.pragma(`application_id = ${INCOMPLETE_WRITE_MARK}`);
  if (!leaveWal(db)) {
    // Another connection has the file open: the write stays in WAL, journaled as usual.
    withdraw(db);
    return write();
  }
  db.pragma('synchronous = OFF');
  let result: T;
  try {
    result = write();
  } catch (e) {
    // Rolled back (the memory journal restored every page): the file is the one before, whole again.
    // A rollback that could not finish leaves the transaction open, and the file announced.
    if (!db.inTransaction) {
      backToWal(db, synchronous);
      withdraw(db);
    }
    throw e;
  }
  backToWal(db, synchronous);
  withdraw(db);
  return result;
}

function announce(dbPath: string): void {
  const marker = incompleteMarkerPath(dbPath);
  writeFileSync(marker, '写入未完成\n');
  fsyncFile(marker);
  fsyncPath(dirname(marker));
}

/** Only once the file is whole on disk: the header mark first (a synced WAL commit), then the neighbour. */
function withdraw(db: Db): void {
  db.pragma('application_id = 0');
  forgetIncomplete(db.name);
}

/** False, at once, when another connection has the file open (it must not lose its WAL under it). */
function leaveWal(db: Db): boolean {
  try {
    return withWriteWait(db, 0, () => db.pragma('journal_mode = MEMORY', { simple: true })) === 'memory';
  } catch (e) {
    if (isWriteBusy(e)) return false;
    throw e;
  }
}

function backToWal(db: Db, synchronous: number): void {
  db.pragma(`synchronous = ${synchronous}`);
  // A synced write of page 1 (the header's WAL version bytes) in rollback mode.
  if (db.pragma('journal_mode = WAL', { simple: true }) !== 'wal') {
    throw new Error('writeUnjournaled: the database did not return to WAL');
  }
  // And the whole file, whatever SQLite chose to sync: every page the write left in the OS's cache.
  fsyncFile(db.name);
}

/** fsync of a file; a failure (the disk) is the write's failure. */
function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}
