import { CliError, type CliIO } from '../io.ts';

export const usage = 'creditdesk models';

export function modelsCommand(_args: string[], _io: CliIO): number | Promise<number> {
  throw new CliError('此命令尚未实现。');
}
