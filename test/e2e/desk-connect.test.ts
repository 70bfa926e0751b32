/**
 * 连接方式 in browser mode (issue 17): the officer opens it from the first-run page, checks a bureau
 * server's address, sees its self-signed certificate's fingerprint, confirms it and saves — the choice is
 * stored for the desktop app (browser mode itself keeps the desk's database, and says so). A wrong
 * address is refused in Chinese. The "bureau server" here is a small HTTPS stand-in answering app.status
 * as `creditdesk serve` does (the real server is probed in test/integration/desk-connect.test.ts).
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';
import { type AppSession, openAppSession } from './app-session.ts';
import { POLL } from './retry.ts';

const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';

describe('连接方式 in browser mode', () => {
  let app: AppSession;
  let page: Page;
  let bureau: Server;
  let bureauUrl = '';
  let fingerprint = '';
  const certDir = tempDir();
  const browserErrors: string[] = [];

  beforeAll(async () => {
    const cert = join(certDir.dir, 'cert.pem');
    const key = join(certDir.dir, 'key.pem');
    execFileSync(
      'openssl',
      ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '2'].concat(
        ['-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', key, '-out', cert],
      ),
      { stdio: 'ignore' },
    );
    fingerprint = new X509Certificate(readFileSync(cert)).fingerprint256;
    bureau = createServer({ cert: readFileSync(cert), key: readFileSync(key) }, (req, res) => {
      const status = {
        ok: true,
        value: { server: true, county: { name: '测试县', bureau: '测试县市场监督管理局' } },
      };
      res.writeHead(req.url === '/api/app.status' ? 200 : 404, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(status));
    });
    await new Promise<void>((r) => bureau.listen(0, '127.0.0.1', () => r()));
    bureauUrl = `https://127.0.0.1:${(bureau.address() as { port: number }).port}/`;
    app = await openAppSession({ viewport: { width: 1366, height: 800 }, browserErrors });
    page = app.page;
  });

  afterAll(async () => {
    await app?.close();
    bureau?.close();
    certDir.cleanup();
  });

  it('checks a self-signed server, shows its fingerprint to confirm, and saves it for the desktop app', async () => {
    await page.goto(app.server.url);
    await page.getByTestId('setup-form').waitFor();
    await page.getByTestId('connection-open').click();
    await page.getByTestId('connection-form').waitFor();
    await expect
      .poll(() => page.getByTestId('connection-notice').textContent(), POLL)
      .toContain('浏览器模式始终使用本机数据库');
    // 本机数据库 is the default.
    expect(await page.getByTestId('connection-desk').isChecked()).toBe(true);

    await page.getByTestId('connection-server').check();
    await page.getByTestId('connection-url').fill('https://127.0.0.1:1');
    await page.getByTestId('connection-probe').click();
    await expect
      .poll(() => page.getByTestId('connection-error').textContent(), POLL)
      .toContain('无法连接到单位服务器');

    await page.getByTestId('connection-url').fill(bureauUrl);
    await page.getByTestId('connection-probe').click();
    await expect
      .poll(
        async () => (await page.getByTestId('connection-probed-fingerprint').textContent())?.split('\n'),
        POLL,
      )
      // Two lines of 16 groups, which together are the certificate's SHA-256 fingerprint.
      .toEqual([`${fingerprint.slice(0, 48)}`, fingerprint.slice(48)]);
    expect(await page.getByTestId('connection-probed').textContent()).toContain('测试县市场监督管理局');
    // Saving waits for the officer's confirmation of the fingerprint.
    expect(await page.getByTestId('connection-save').isDisabled()).toBe(true);
    await page.getByTestId('connection-confirm').check();
    await page.screenshot({ path: join(SCREENSHOTS, 'connection-choice.png') });
    await page.getByTestId('connection-save').click();
    await expect
      .poll(() => page.getByTestId('connection-saved').textContent(), POLL)
      .toContain('下次打开桌面程序时生效');

    const stored = JSON.parse(readFileSync(join(app.dir, 'connection.json'), 'utf8'));
    expect(stored).toEqual({
      mode: 'server',
      url: bureauUrl,
      fingerprint: fingerprint.replaceAll(':', '').toLowerCase(),
    });
    // Back to the first-run page: this browser page still uses the desk's database.
    await page.getByTestId('connection-back').click();
    await page.getByTestId('setup-form').waitFor();
    expect(browserErrors).toEqual([]);
  });
});
