/**
 * `creditdesk entities list … | head -1`: the reader closes the pipe after one line. The command must
 * stop and exit quietly, without an EPIPE stack trace (issue 15 item 7). Run as a real process, since
 * only a real pipe can be closed under it.
 */
import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../test/helpers/tmp.ts';
import type { CliIO } from './io.ts';
import { main } from './main.ts';

const ENV = { CREDITDESK_PASSWORD: 'county-secret-1' };
const quiet: CliIO = { out: () => undefined, err: () => undefined, env: ENV };

describe('a listing whose reader goes away', () => {
  let cleanup = () => {};
  afterEach(() => cleanup());

  it('entities list piped into a reader that stops after one line exits 0 without a stack trace', async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const db = join(t.dir, 'creditdesk.db');
    expect(await main(['demo', '--db', db, '--entities', '3000', '--seed', 'epipe'], quiet)).toBe(0);

    for (const json of [false, true]) {
      const child = spawn(
        process.execPath,
        ['cli/bin.mjs', 'entities', 'list', '--db', db, ...(json ? ['--json'] : [])],
        { env: { ...process.env, ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] },
      );
      let stderr = '';
      child.stderr.setEncoding('utf8').on('data', (d: string) => {
        stderr += d;
      });
      const firstLine = await new Promise<string>((resolve) => {
        let out = '';
        child.stdout.setEncoding('utf8').on('data', (d: string) => {
          out += d;
          const end = out.indexOf('\n');
          // Like `head -1`: take one line, then close the reading end of the pipe.
          if (end >= 0) {
            child.stdout.destroy();
            resolve(out.slice(0, end));
          }
        });
      });
      const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
      expect(firstLine).toMatch(json ? /^\{"/ : /^代码\t名称/);
      expect(stderr).not.toMatch(/EPIPE|Error|at .*\(/);
      expect(stderr).toBe('');
      expect(code).toBe(0);
    }
  });
});
