import { readFileSync } from 'node:fs';
import { type ParsedCreditFiles, parseCreditFiles } from '../shared/grading/index.ts';
import { CliError } from './io.ts';

/**
 * The credit files a pure command reads (`grade --input`, `repair check --input`): the file read and
 * validated, with every problem as a Chinese message naming its JSON path (the first 20 shown).
 */
export function readCreditFilesInput(path: string): ParsedCreditFiles {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    throw new CliError(`无法读取信用档案文件 ${path}：${e instanceof Error ? e.message : String(e)}`);
  }
  const parsed = parseCreditFiles(json);
  if (!parsed.ok) {
    const shown = parsed.errors.slice(0, 20);
    const more =
      parsed.errors.length > shown.length ? `\n  …另有 ${parsed.errors.length - shown.length} 处` : '';
    throw new CliError(`信用档案文件 ${path} 无效：\n  ${shown.join('\n  ')}${more}`);
  }
  return parsed;
}
