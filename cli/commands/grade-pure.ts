import { CliError, type CliIO } from '../io.ts';

export const usage = 'creditdesk grade --model ID|FILE --input CREDITFILES.json [--as-of DATE] --json';

export function gradePureCommand(_args: string[], _io: CliIO): number | Promise<number> {
  throw new CliError('此命令尚未实现。');
}
