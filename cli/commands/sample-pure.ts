import { CliError, type CliIO } from '../io.ts';

export const usage =
  'creditdesk sample --task TASK.json --candidates C.json --inspectors I.json [--seed HEX] --json';

export function samplePureCommand(_args: string[], _io: CliIO): number | Promise<number> {
  throw new CliError('此命令尚未实现。');
}
