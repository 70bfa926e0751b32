import { statSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { ApiError } from '../../shared/api/errors.ts';
import { DAMAGED_DATABASE_MESSAGE } from '../../electron/db/open.ts';
import { INCOMPLETE_DATABASE_MESSAGE } from '../../electron/db/unjournaled-write.ts';
import { openAs } from '../credentials.ts';
import { dbPathFrom } from '../db-path.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage =
  'creditdesk check [--db F] [--json]   检查数据库文件是否完好（PRAGMA quick_check，整个文件）';

/**
 * `check [--db F] [--json]`: PRAGMA quick_check of the whole file (SPEC §9) at any size, as the login
 * of every command except long jobs does; `grade --db` skips it on big files and names this command.
 * Read-only, so it runs beside the app. Exit 0 when sound, 1 when damaged or left incomplete by an
 * interrupted `demo` (with what to do).
 */
export async function checkCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { db: { type: 'string' }, json: { type: 'boolean', default: false } },
  });
  const dbPath = dbPathFrom(values.db, io);
  const started = performance.now();
  try {
    const backend = await openAs(io, dbPath, { lock: false, check: 'full' });
    backend.close();
  } catch (e) {
    const notWhole = [DAMAGED_DATABASE_MESSAGE, INCOMPLETE_DATABASE_MESSAGE];
    if (e instanceof ApiError && notWhole.includes(e.message)) {
      if (values.json) io.out(JSON.stringify({ ok: false, message: e.message }));
      else io.err(e.message);
      return EXIT.problems;
    }
    throw e instanceof ApiError ? new CliError(e.message) : e;
  }
  const tookMs = Math.round(performance.now() - started);
  const bytes = statSync(dbPath).size;
  if (values.json) io.out(JSON.stringify({ ok: true, bytes, tookMs }));
  else {
    io.out(
      `数据库文件完好（PRAGMA quick_check 通过，${(bytes / 1024 ** 2).toFixed(0)} MB，用时 ${(tookMs / 1000).toFixed(1)} 秒）。`,
    );
  }
  return EXIT.ok;
}
