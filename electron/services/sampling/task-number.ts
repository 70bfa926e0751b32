/**
 * The 文号 of a new task: 〈县名〉市监抽〔年〕n号, n the first number of the year no task has yet
 * (numbers freed by a deleted draft are offered again). A proposal only: the user may type another,
 * and saving still refuses a 文号 another task has.
 */
import type { DataDoor } from '../../db/sql.ts';
import { type Actor, authorize } from '../authz.ts';
import { getCounty } from '../settings/county.ts';
import { taskNumbers } from './repository/tasks.ts';

export function taskNumber(countyName: string, year: string, n: number): string {
  return `${countyName}市监抽〔${year}〕${n}号`;
}

/** The next free 文号 of `today`'s year for the county on file. */
export function nextTaskNumber(db: DataDoor, actor: Actor, today: string): string {
  authorize(actor, 'sampling.manage');
  const county = getCounty(db)?.name ?? '';
  const year = today.slice(0, 4);
  const used = new Set(taskNumbers(db));
  let n = 1;
  while (used.has(taskNumber(county, year, n))) n++;
  return taskNumber(county, year, n);
}
