import { homedir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { dbPathIn, defaultDataDir } from './paths.ts';

describe('defaultDataDir: the one data folder of the app, browser mode and the command line', () => {
  it('is the roaming application data folder on Windows', () => {
    expect(defaultDataDir({ APPDATA: 'C:/Users/li/AppData/Roaming' }, 'win32')).toBe(
      join('C:/Users/li/AppData/Roaming', 'CreditDesk'),
    );
    expect(defaultDataDir({}, 'win32')).toBe(join(homedir(), 'AppData', 'Roaming', 'CreditDesk'));
  });

  it('is the XDG data folder on Linux (UOS, Kylin)', () => {
    expect(defaultDataDir({}, 'linux')).toBe(join(homedir(), '.local', 'share', 'creditdesk'));
    expect(defaultDataDir({ XDG_DATA_HOME: '/data/li' }, 'linux')).toBe(join('/data/li', 'creditdesk'));
  });

  it('CREDITDESK_DATA_DIR overrides it on every platform', () => {
    for (const platform of ['win32', 'linux', 'darwin'] as const) {
      expect(defaultDataDir({ CREDITDESK_DATA_DIR: '/srv/county', APPDATA: 'C:/x' }, platform)).toBe(
        '/srv/county',
      );
    }
    expect(dbPathIn('/srv/county')).toBe(join('/srv/county', 'creditdesk.db'));
  });
});
