import { CliError, type CliIO } from '../io.ts';

export const usage = 'creditdesk restore';

export function restoreCommand(_args: string[], _io: CliIO): number | Promise<number> {
  throw new CliError('此命令尚未实现。');
}
