import { CliError, type CliIO } from '../io.ts';

export const usage = 'creditdesk grade --db F --model ID [--as-of DATE]';

export function gradeDbCommand(_args: string[], _io: CliIO): number | Promise<number> {
  throw new CliError('此命令尚未实现。');
}
