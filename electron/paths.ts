import { homedir } from 'node:os';
import { join } from 'node:path';

/** Where a non-Electron run (browser mode, CLI defaults) keeps its database; Electron uses userData. */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform = process.platform): string {
  if (env.CREDITDESK_DATA_DIR) return env.CREDITDESK_DATA_DIR;
  if (platform === 'win32') return join(env.APPDATA ?? join(homedir(), 'AppData', 'Roaming'), 'CreditDesk');
  if (platform === 'darwin') return join(homedir(), 'Library', 'Application Support', 'CreditDesk');
  return join(env.XDG_DATA_HOME ?? join(homedir(), '.local', 'share'), 'creditdesk');
}

export const DB_FILE_NAME = 'creditdesk.db';

export function dbPathIn(dataDir: string): string {
  return join(dataDir, DB_FILE_NAME);
}

/** The wrapped data keys live beside the database so a backup of the folder carries both. */
export function keyFilePathFor(dbPath: string): string {
  return `${dbPath}.keys.json`;
}
