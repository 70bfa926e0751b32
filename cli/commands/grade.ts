import type { CliIO } from '../io.ts';
import { gradeDbCommand, usage as dbUsage } from './grade-db.ts';
import { gradePureCommand, usage as pureUsage } from './grade-pure.ts';

export const usage = `${pureUsage}\n  ${dbUsage}`;

/** `grade --db …` grades the database and stores a run; without --db it is pure (files in, JSON out). */
export function gradeCommand(args: string[], io: CliIO): number | Promise<number> {
  return args.includes('--db') || args.some((a) => a.startsWith('--db='))
    ? gradeDbCommand(args, io)
    : gradePureCommand(args, io);
}
