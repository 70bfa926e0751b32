import { CliError, type CliIO } from '../io.ts';

export const usage = 'creditdesk sample verify PLAN.(json|xlsx) [--candidates C.json]';

export function sampleVerifyCommand(_args: string[], _io: CliIO): number | Promise<number> {
  throw new CliError('此命令尚未实现。');
}
