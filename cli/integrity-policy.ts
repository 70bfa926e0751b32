import { existsSync, statSync } from 'node:fs';
import type { BackendOptions } from '../electron/backend/backend.ts';
import { DEFAULT_SYNC_CHECK_MAX_BYTES } from '../electron/db/integrity-check.ts';
import type { CliIO } from './io.ts';

/**
 * How a command checks the database (PRAGMA quick_check, SPEC §9) before it logs in:
 * - 'full': at any size, before login (the default: most commands are quick next to the check, and a
 *   command may write);
 * - 'bounded': the app's bound — a file up to DEFAULT_SYNC_CHECK_MAX_BYTES (~1.3 s of checking) is
 *   checked before login; a bigger one is not checked in this command, which says so on stderr and
 *   names `creditdesk check`. For long jobs such as `grade --db`, where a whole-file check of a
 *   million-entity county (2.4 GB, ~75 s) cost more than the job itself, and for the read-only commands
 *   (`entities list`, `audit`), which write nothing a damaged file could spread and answer in
 *   milliseconds next to minutes of checking.
 */
export type IntegrityPolicy = 'full' | 'bounded';

/** quick_check reads about 100 MB/s here (integrity-check.ts), for the estimate on stderr. */
const CHECK_BYTES_PER_SECOND = 100 * 1024 * 1024;

function fileBytes(dbPath: string): number {
  const size = (p: string) => (existsSync(p) ? statSync(p).size : 0);
  return size(dbPath) + size(`${dbPath}-wal`);
}

export function backendCheckOptions(
  io: CliIO,
  dbPath: string,
  policy: IntegrityPolicy = 'full',
): Pick<BackendOptions, 'syncCheckMaxBytes' | 'deferredCheck'> {
  if (policy === 'full') return { syncCheckMaxBytes: Number.POSITIVE_INFINITY };
  // The app's own override (electron/backend/worker.ts), so tests can take the big-file path.
  const limit = io.env.CREDITDESK_SYNC_CHECK_MAX_BYTES
    ? Number(io.env.CREDITDESK_SYNC_CHECK_MAX_BYTES)
    : DEFAULT_SYNC_CHECK_MAX_BYTES;
  const bytes = fileBytes(dbPath);
  if (bytes > limit) {
    const gb = (bytes / 1024 ** 3).toFixed(1);
    const seconds = Math.ceil(bytes / CHECK_BYTES_PER_SECOND);
    io.err(
      `数据库较大（${gb} GB），本命令未做完整性检查（约需 ${seconds} 秒）；` +
        `如需检查，请运行：creditdesk check --db ${/\s/.test(dbPath) ? JSON.stringify(dbPath) : dbPath}`,
    );
  }
  // A pending migration still checks the file first, whatever its size (openAndMigrate).
  return { syncCheckMaxBytes: limit, deferredCheck: 'skip' };
}
