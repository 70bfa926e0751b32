import { existsSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { DEMO_COUNTY } from '../../shared/demo/index.ts';
import type { CountyProfile } from '../../shared/domain/county.ts';
import { Backend } from '../../electron/backend/backend.ts';
import { acquireInstanceLock } from '../../electron/db/instance-lock.ts';
import { credentials } from '../credentials.ts';
import { dbPathFrom } from '../db-path.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage =
  'creditdesk init [--db F] [--county 县名] [--bureau 单位] [--region-code 6位代码] [--townships 甲镇,乙乡] [--display-name 姓名]';

export const countyOptions = {
  county: { type: 'string' },
  bureau: { type: 'string' },
  'region-code': { type: 'string' },
  townships: { type: 'string' },
} as const;

export function countyFrom(values: {
  county?: string | undefined;
  bureau?: string | undefined;
  'region-code'?: string | undefined;
  townships?: string | undefined;
}): CountyProfile {
  const name = values.county ?? DEMO_COUNTY.name;
  return {
    name,
    bureau: values.bureau ?? (values.county ? `${name}市场监督管理局` : DEMO_COUNTY.bureau),
    regionCode: values['region-code'] ?? DEMO_COUNTY.regionCode,
    townships: values.townships
      ? values.townships
          .split(/[,，、]/)
          .map((t) => t.trim())
          .filter(Boolean)
      : values.county
        ? []
        : DEMO_COUNTY.townships,
  };
}

/** Creates the encrypted database and its admin user (credentials from the environment). */
export async function createDb(
  io: CliIO,
  dbPath: string,
  county: CountyProfile,
  displayName: string,
  demo: { entities: number; seed: string } | null,
) {
  const { username, password } = credentials(io);
  const lock = acquireInstanceLock(dbPath, { owner: 'cli' });
  const backend = new Backend({ dbPath, firstRunDemo: null });
  try {
    return await backend.call('app.setup', { admin: { username, displayName, password }, county, demo });
  } finally {
    backend.close();
    lock.release();
  }
}

export async function initCommand(args: string[], io: CliIO): Promise<number> {
  const { values } = parseArgs({
    args,
    options: { db: { type: 'string' }, 'display-name': { type: 'string' }, ...countyOptions },
  });
  const dbPath = dbPathFrom(values.db, io);
  if (existsSync(dbPath)) throw new CliError(`数据库已存在：${dbPath}。不会覆盖已有数据。`);
  const result = await createDb(io, dbPath, countyFrom(values), values['display-name'] ?? '系统管理员', null);
  io.out(JSON.stringify({ db: dbPath, admin: result.user.username, county: result.county.name }));
  return EXIT.ok;
}
