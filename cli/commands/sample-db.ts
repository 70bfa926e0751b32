import { CliError, type CliIO } from '../io.ts';

export const usage = 'creditdesk sample --db F --task TASK.json';

export function sampleDbCommand(_args: string[], _io: CliIO): number | Promise<number> {
  throw new CliError('此命令尚未实现。');
}
