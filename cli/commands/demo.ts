import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { checkpointWal, WAL_KEPT_NOTICE } from '../../electron/db/checkpoint.ts';
import { acquireInstanceLock } from '../../electron/db/instance-lock.ts';
import { writeUnjournaled } from '../../electron/db/unjournaled-write.ts';
import { writeDemoCounty } from '../../electron/services/entities/demo-writer.ts';
import { getCounty } from '../../electron/services/settings/county.ts';
import { openAs } from '../credentials.ts';
import { dbPathFrom } from '../db-path.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';
import { countyFrom, countyOptions, createDb } from './init.ts';

export const usage = 'creditdesk demo [--db F] --entities N --seed S [--as-of YYYY-MM-DD]   无数据库时先创建';

/**
 * Generates a demo county into the database (creating it first when missing). Deterministic for a
 * seed: running it again with the same seed changes nothing. Into a database it has just created, it
 * writes without the WAL (electron/db/unjournaled-write.ts): killed meanwhile, it leaves a file that
 * every later open — this command's included — refuses as incomplete until it is deleted.
 */
export async function demoCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: {
      db: { type: 'string' },
      entities: { type: 'string' },
      seed: { type: 'string' },
      'as-of': { type: 'string' },
      ...countyOptions,
    },
  });
  const entities = Number(values.entities);
  const seed = values.seed;
  if (!seed || !Number.isInteger(entities) || entities < 1 || entities > 2_000_000) {
    throw new CliError(`用法：${usage}（N 为 1 至 2000000 的整数）`);
  }
  if (values['as-of'] && !/^\d{4}-\d{2}-\d{2}$/.test(values['as-of']))
    throw new CliError('--as-of 应为 YYYY-MM-DD');
  const dbPath = dbPathFrom(values.db, io);
  const started = performance.now();
  // Held across creating and filling, so no other program slips in between (the inner takes are re-entrant).
  const lock = acquireInstanceLock(dbPath, { owner: 'cli' });
  try {
    const created = !existsSync(dbPath);
    if (created) await createDb(io, dbPath, countyFrom(values), '系统管理员', null);
    const backend = await openAs(io, dbPath);
    try {
      const db = backend.db();
      const county = getCounty(db);
      if (!county) throw new CliError('数据库缺少县区概况设置。');
      const write = () =>
        writeDemoCounty(db, {
          entities,
          seed,
          county,
          ...(values['as-of'] ? { asOf: values['as-of'] } : {}),
          actor: backend.user().username,
          at: backend.now(),
        });
      // A file created just now holds nothing else and nobody reads it: written once, without the WAL,
      // and refused by every later open if this process dies before the end. An existing one keeps WAL.
      const counts = created ? writeUnjournaled(db, write) : write();
      const checkpointed = checkpointWal(db);
      if (!checkpointed) io.err(WAL_KEPT_NOTICE);
      const seconds = Math.round((performance.now() - started) / 10) / 100;
      io.out(
        JSON.stringify({
          db: dbPath,
          created,
          entities,
          seed,
          ...counts,
          seconds,
          checkpointed,
        }),
      );
      return EXIT.ok;
    } finally {
      backend.close();
    }
  } finally {
    lock.release();
  }
}
