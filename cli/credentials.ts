import { ApiError } from '../shared/api/errors.ts';
import { Backend } from '../electron/backend/backend.ts';
import { acquireInstanceLock } from '../electron/db/instance-lock.ts';
import { storageError, WRITE_WAITING_NOTICE } from '../electron/db/write-errors.ts';
import { CliError, type CliIO } from './io.ts';
import { backendCheckOptions, type IntegrityPolicy } from './integrity-policy.ts';

/** User and password come from the environment, never from argv (which other users can see in `ps`). */
export function credentials(io: CliIO): { username: string; password: string } {
  const password = io.env.CREDITDESK_PASSWORD;
  if (!password) {
    throw new CliError(
      '未提供密码：请通过环境变量 CREDITDESK_PASSWORD 传入（用户名用 CREDITDESK_USER，默认 admin）。',
    );
  }
  return { username: io.env.CREDITDESK_USER || 'admin', password };
}

/**
 * Logs in to the database at dbPath with the environment's credentials; the caller closes the backend.
 * Unless `lock: false`, it first takes the database's instance lock (electron/db/instance-lock.ts) and
 * backend.close() gives it back: a command that changes the database refuses while the app, the
 * browser-mode server or another command uses it. Only read-only commands (`entities list`,
 * `audit verify|list`) pass `lock: false`: SQLite (WAL) lets them read beside a running program, and
 * their audit entries wait in the pending file when that program holds the write lock
 * (electron/services/audit/deferred.ts).
 */
export async function openAs(
  io: CliIO,
  dbPath: string,
  opts: { lock?: boolean; check?: IntegrityPolicy } = {},
): Promise<Backend> {
  const { username, password } = credentials(io);
  const lock = opts.lock === false ? null : acquireInstanceLock(dbPath, { owner: 'cli' });
  const backend = new Backend({ dbPath, firstRunDemo: null, ...backendCheckOptions(io, dbPath, opts.check) });
  if (lock) {
    const close = backend.close.bind(backend);
    backend.close = () => {
      try {
        close();
      } finally {
        lock.release();
      }
    };
  }
  try {
    await backend.call('session.login', { username, password });
  } catch (e) {
    backend.close();
    throw e;
  }
  if (backend.loginAuditDeferred()) {
    io.err('另一项写入正在进行：本次登录记录已暂存，将在该写入结束后补记到操作日志。');
  }
  if (lock) announceWriteWait(backend, io);
  return backend;
}

/**
 * A command about to write tells the user when another program holds the write lock right now
 * (WRITE_WAITING_NOTICE); its write then waits at most WRITE_WAIT_MS and fails with a clear message.
 */
function announceWriteWait(backend: Backend, io: CliIO): void {
  if (backend.writeLockBusy()) io.err(WRITE_WAITING_NOTICE);
}

export function describeError(e: unknown): { message: string; exitCode: number } {
  if (e instanceof CliError) return { message: e.message, exitCode: e.exitCode };
  if (e instanceof ApiError) return { message: e.message, exitCode: 2 };
  const storage = storageError(e);
  if (storage) return { message: storage.message, exitCode: 2 };
  return { message: `程序内部错误：${e instanceof Error ? e.message : String(e)}`, exitCode: 2 };
}
