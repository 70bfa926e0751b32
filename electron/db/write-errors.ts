/**
 * What SQLite and the file system say when a write cannot happen for want of room or of the write
 * lock, turned into Chinese that tells the user what was kept (issue 15). Every transport reaches these
 * through Backend.dispatch or the command line's describeError, so no write path shows
 * “程序内部错误：database or disk is full” any more.
 */
import { ApiError } from '../../shared/api/errors.ts';

function codeOf(e: unknown): string {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : '';
}

/**
 * SQLITE_FULL (database or disk is full), SQLITE_IOERR_SHMSIZE (no room for the WAL index when a
 * connection opens), or ENOSPC/EDQUOT from a file copy or write.
 */
export function isDiskFull(e: unknown): boolean {
  const code = codeOf(e);
  return (
    code.startsWith('SQLITE_FULL') ||
    code === 'SQLITE_IOERR_SHMSIZE' ||
    code === 'ENOSPC' ||
    code === 'EDQUOT'
  );
}

/** Another connection holds the write lock longer than busy_timeout. */
export function isWriteBusy(e: unknown): boolean {
  const code = codeOf(e);
  return code.startsWith('SQLITE_BUSY') || code.startsWith('SQLITE_LOCKED');
}

/** How long a writer waits for another's write lock (open.ts sets it as busy_timeout). */
export const WRITE_WAIT_MS = 5000;

export const WRITE_WAITING_NOTICE = '另一项写入正在进行，等待中…';

/**
 * What the failed work left behind, said after 磁盘空间不足: a transaction that failed rolled back, so
 * the database is as before; an import says its rows were withdrawn.
 */
export type KeptWhat = 'database' | 'import';

const KEPT: Record<KeptWhat, string> = {
  database: '数据库未受影响',
  import: '导入已撤销，数据库未受影响',
};

export function diskFullError(kept: KeptWhat = 'database'): ApiError {
  return new ApiError(
    'internal',
    `磁盘空间不足，操作未完成，${KEPT[kept]}。请清理数据库所在磁盘（删除不需要的文件或旧备份）后重试。`,
  );
}

export function writeBusyError(): ApiError {
  return new ApiError(
    'conflict',
    `另一项写入正在进行（如命令行导入），等待 ${WRITE_WAIT_MS / 1000} 秒后仍未结束，本次操作未执行，数据库未受影响。请等它完成后重试。`,
  );
}

/** The ApiError for a storage failure, or null when `e` is something else. */
export function storageError(e: unknown, kept: KeptWhat = 'database'): ApiError | null {
  if (isDiskFull(e)) return diskFullError(kept);
  if (isWriteBusy(e)) return writeBusyError();
  return null;
}
