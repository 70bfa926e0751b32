import { homedir } from 'node:os';
import { join } from 'node:path';

/**
 * The one data folder of this user: the desktop app, browser mode and the command line (without --db)
 * all keep the database here. Windows: %APPDATA%\CreditDesk; Linux: ~/.local/share/creditdesk (XDG);
 * CREDITDESK_DATA_DIR overrides it for all three.
 */
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
