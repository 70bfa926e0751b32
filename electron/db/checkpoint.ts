/**
 * Checkpoints of the write-ahead log, said in two places.
 *
 * After a large write, the command line merges the write-ahead log into the database file, so what it
 * reports as done does not depend on a later checkpoint that a full disk could block (issue 15: an
 * import said 50,000 inserted while the WAL could not be checkpointed). The data is durable either way
 * — commits are fsynced into the WAL (synchronous = FULL) — so a checkpoint that cannot finish is said
 * plainly, never reported as a failure of the work.
 */
import type { Db } from './open.ts';
import { isDiskFull, isWriteBusy } from './write-errors.ts';

export const WAL_KEPT_NOTICE =
  '数据已完整写入并保存在数据库的预写日志中，不会丢失；但暂时未能合并到数据库主文件（磁盘空间不足，或另一程序正在读取）。请清理数据库所在磁盘，下次打开数据库时会自动合并。';

/** True when the whole log was merged and truncated; false when it could not finish. */
export function checkpointWal(db: Db): boolean {
  try {
    const [r] = db.pragma('wal_checkpoint(TRUNCATE)') as {
      busy: number;
      log: number;
      checkpointed: number;
    }[];
    return !!r && r.busy === 0 && r.log === r.checkpointed;
  } catch (e) {
    if (isDiskFull(e) || isWriteBusy(e)) return false;
    throw e;
  }
}

/**
 * A long job's connection (the job thread, job-worker.ts) does not merge the log inside its commit:
 * SQLite runs that merge within the committing call once the log passes 1,000 pages, so the officer
 * waited for it before the job said done — 0.7 s after a 100,000-row import, 2–4 s after a grading
 * run of a million entities. The job thread merges it right after its answer instead (mergeWalSoon).
 */
export function leaveWalForLater(db: Db): void {
  db.pragma('wal_autocheckpoint = 0');
}

/**
 * Merges what the log holds without waiting for anyone (PASSIVE: a reader still on old pages keeps
 * them in the log, and the next checkpoint takes them). The data is already durable in the log; a
 * merge that cannot run now (full disk, a writer) is left to the next commit or checkpoint.
 */
export function mergeWalSoon(db: Db): void {
  try {
    db.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    if (isDiskFull(e) || isWriteBusy(e)) return;
    throw e;
  }
}
