/**
 * `creditdesk serve --threads N`: how many request threads answer calls (request-threads.ts). Parsed
 * before anything is opened, so a wrong value is refused without a database; the server itself is
 * started with it in test/integration/bureau-server.test.ts.
 */
import { describe, expect, it } from 'vitest';
import { capture } from './capture.testkit.ts';
import { defaultThreads, parseThreads } from './commands/serve.ts';
import { main } from './main.ts';

describe('creditdesk serve --threads', () => {
  it('defaults to one thread per core, at least 2 and at most 8', () => {
    expect(defaultThreads(1)).toBe(2);
    expect(defaultThreads(2)).toBe(2);
    expect(defaultThreads(6)).toBe(6);
    expect(defaultThreads(32)).toBe(8);
    expect(parseThreads(undefined)).toBe(defaultThreads());
  });

  it('takes a whole number from 1 to 64', () => {
    expect(parseThreads('1')).toBe(1);
    expect(parseThreads('12')).toBe(12);
    expect(parseThreads('64')).toBe(64);
    for (const wrong of ['0', '65', '2.5', '-1', 'four', '', '1e1']) {
      expect(() => parseThreads(wrong), wrong).toThrow(/--threads 应为 1 到 64 之间的整数/);
    }
  });

  it('refuses a wrong value in Chinese before touching any database, and --help names the option', async () => {
    const { io, err } = capture({ CREDITDESK_DATABASE_URL: 'postgres://nobody@127.0.0.1:1/none' });
    expect(await main(['serve', '--threads', '0'], io)).not.toBe(0);
    expect(err.join('\n')).toMatch(/错误：--threads 应为 1 到 64 之间的整数.*（收到：0）/);
    const help = capture();
    await main(['--help'], help.io);
    expect(help.out.join('\n')).toMatch(/creditdesk serve --database URL .*\[--threads N\]/);
  });
});
