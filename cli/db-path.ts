import { resolve } from 'node:path';
import { dbPathIn, defaultDataDir } from '../electron/paths.ts';
import type { CliIO } from './io.ts';

/**
 * The database a command works on: --db F when given, else the one the app itself uses, in the data
 * folder the desktop app and browser mode share (electron/paths.ts). Which one is said on stderr, so
 * stdout (and every JSON shape) stays as it was.
 */
export function dbPathFrom(given: string | undefined, io: CliIO): string {
  if (given) return resolve(given);
  const path = dbPathIn(defaultDataDir(io.env));
  io.err(`未指定 --db，使用本程序的数据库：${path}`);
  return path;
}
