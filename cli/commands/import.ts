import { CliError, type CliIO } from '../io.ts';

export const usage = 'creditdesk import';

export function importCommand(_args: string[], _io: CliIO): number | Promise<number> {
  throw new CliError('此命令尚未实现。');
}
