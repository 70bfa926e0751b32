import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { FAST_SCRYPT, tempDir } from '../../../test/helpers/tmp.ts';
import { BROWSER_MODE_NOTICE } from '../../connection/service.ts';
import { Backend } from '../backend.ts';

const dirs: { cleanup: () => void }[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) d.cleanup();
});

function browserModeBackend(): { backend: Backend; dir: string } {
  const t = tempDir();
  dirs.push(t);
  return {
    backend: new Backend({ dbPath: join(t.dir, 'creditdesk.db'), firstRunDemo: null, scrypt: FAST_SCRYPT }),
    dir: t.dir,
  };
}

it('browser mode answers the connection calls without a login, saving for the desktop app', async () => {
  const { backend, dir } = browserModeBackend();
  try {
    // Browser mode never asks at start (its page is the desk's), and says where a choice applies.
    expect(await backend.dispatch('connection.get', {})).toEqual({
      ok: true,
      value: { choice: null, ask: false, appliesHere: false, notice: BROWSER_MODE_NOTICE },
    });
    const saved = await backend.dispatch('connection.set', { mode: 'desk' });
    expect(saved).toMatchObject({ ok: true, value: { choice: { mode: 'desk' }, restarting: false } });
    expect(JSON.parse(readFileSync(join(dir, 'connection.json'), 'utf8'))).toEqual({ mode: 'desk' });
    expect(await backend.dispatch('connection.get', {})).toMatchObject({
      ok: true,
      value: { choice: { mode: 'desk' } },
    });
  } finally {
    backend.close();
  }
});

it('refuses an address off this computer over plain http, in Chinese, storing nothing', async () => {
  const { backend, dir } = browserModeBackend();
  try {
    const r = await backend.dispatch('connection.set', {
      mode: 'server',
      url: 'http://10.1.2.3:8080',
      fingerprint: null,
    });
    expect(r).toMatchObject({
      ok: false,
      error: { code: 'invalid_input', message: expect.stringContaining('https://') },
    });
    expect(() => readFileSync(join(dir, 'connection.json'))).toThrow();
  } finally {
    backend.close();
  }
});
