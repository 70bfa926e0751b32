import type { CliIO } from '../io.ts';
import { sampleDbCommand, usage as dbUsage } from './sample-db.ts';
import { samplePureCommand, usage as pureUsage } from './sample-pure.ts';
import { sampleVerifyCommand, usage as verifyUsage } from './sample-verify.ts';

export const usage = `${pureUsage}\n  ${dbUsage}\n  ${verifyUsage}`;

/** `sample verify …`, `sample --db …` (stores a plan) or the pure draw (files in, JSON out). */
export function sampleCommand(args: string[], io: CliIO): number | Promise<number> {
  if (args[0] === 'verify') return sampleVerifyCommand(args.slice(1), io);
  return args.includes('--db') || args.some((a) => a.startsWith('--db='))
    ? sampleDbCommand(args, io)
    : samplePureCommand(args, io);
}
