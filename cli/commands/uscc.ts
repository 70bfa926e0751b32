import { checkIdentifier } from '../../shared/identifiers/index.ts';
import { CliError, type CliIO, EXIT } from '../io.ts';

export const usage = 'creditdesk uscc check CODE...   每个代码输出一行 JSON；全部有效时退出码为 0';

/** `uscc check CODE...`: one JSON object per code, in order; exit 0 only when every code is valid. */
export function usccCommand(args: string[], io: CliIO): number {
  const [sub, ...codes] = args;
  if (sub !== 'check' || codes.length === 0) throw new CliError(`用法：${usage}`);
  let allValid = true;
  for (const code of codes) {
    const r = checkIdentifier(code);
    allValid &&= r.valid;
    io.out(JSON.stringify(r));
  }
  return allValid ? EXIT.ok : EXIT.problems;
}
