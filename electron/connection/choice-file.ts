/**
 * Where the choice is kept: connection.json in the app's data folder (paths.ts: the same folder for the
 * desktop app, browser mode and the command line), beside — never inside — the desk's database, so it
 * can be read before any database is opened and changed without a password. Written atomically.
 */
import { writeFileDurably } from '../db/fsync.ts';
import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { storedChoiceSchema } from '../../shared/api/contracts/connection.ts';
import { normaliseFingerprint, normaliseServerUrl, type StoredChoice } from './choice.ts';

export const CHOICE_FILE_NAME = 'connection.json';

export function choiceFileIn(dataDir: string): string {
  return join(dataDir, CHOICE_FILE_NAME);
}

export const UNREADABLE_CHOICE_MESSAGE =
  '连接方式的设置文件已损坏，无法读取，请重新选择使用本机数据库还是连接单位服务器。';

export type ChoiceRead =
  | { kind: 'none' }
  | { kind: 'ok'; choice: StoredChoice }
  /** The file exists but cannot be used: the app asks again (`message` says why) rather than guess. */
  | { kind: 'unreadable'; message: string };

export function readChoiceFile(path: string): ChoiceRead {
  if (!existsSync(path)) return { kind: 'none' };
  try {
    const parsed = storedChoiceSchema.parse(JSON.parse(readFileSync(path, 'utf8')));
    // A hand-edited file goes through the same rules as the screen: never load an http:// page from afar.
    if (parsed.mode === 'desk') return { kind: 'ok', choice: { mode: 'desk' } };
    return {
      kind: 'ok',
      choice: {
        mode: 'server',
        url: normaliseServerUrl(parsed.url),
        fingerprint: parsed.fingerprint === null ? null : normaliseFingerprint(parsed.fingerprint),
      },
    };
  } catch {
    return { kind: 'unreadable', message: UNREADABLE_CHOICE_MESSAGE };
  }
}

/** Write-then-rename with fsync, so a crash leaves the old choice or the new one, never half a file. */
export function writeChoiceFile(path: string, choice: StoredChoice): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileDurably(path, `${JSON.stringify(choice, null, 2)}\n`);
}
