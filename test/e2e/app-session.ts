/**
 * The set-up most end-to-end tests share: a temp folder, the real browser-mode server on a data folder
 * in it, Debian's Chromium, one page collecting the browser's errors, and (optionally) the first
 * administrator created through the setup page. Tests that restart the server on a damaged database
 * (recovery, background integrity check) keep their own set-up.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { tempDir } from '../helpers/tmp.ts';
import { launchChromium, type RunningServer, startServer } from './harness.ts';
import { SetupPage } from './pages/setup-page.ts';
import { Shell } from './pages/shell.ts';

const SCREENSHOTS = process.env.CREDITDESK_SCREENSHOTS ?? 'test-results/screenshots';

export interface AppSessionOptions {
  /** Sub-folder of the temp folder holding the database; the temp folder itself when omitted. */
  dataSubdir?: string;
  demoEntities?: number;
  demoSeed?: string;
  /** Start the bundled launcher (what `npm start` runs) rather than the TypeScript sources. */
  bundled?: boolean;
  /** Runs on the temp folder before the server starts, e.g. to make the database with the command line. */
  prepare?: (dir: string) => Promise<void>;
  /** More Chromium switches, e.g. `--lang=en-US`. */
  chromiumArgs?: string[];
  viewport: { width: number; height: number };
  locale?: string;
  acceptDownloads?: boolean;
  /** Where page errors (and console errors) go; the test's own array, so its assertions read it. */
  browserErrors?: string[];
  /** Collect console errors too (default true); `ignoreConsole` leaves out those expected by the test. */
  consoleErrors?: boolean;
  ignoreConsole?: RegExp;
  /** Open the app and create the first administrator, then wait for the main navigation. */
  firstAdmin?: { displayName: string; password: string };
}

export interface AppSession {
  server: RunningServer;
  browser: Browser;
  page: Page;
  /** The temp folder (the data folder is `dataSubdir` inside it, if given). */
  dir: string;
  dataDir: string;
  browserErrors: string[];
  close(): Promise<void>;
}

/** Opens the app on a new page, waits for the setup form and creates the first administrator. */
export async function firstAdmin(
  page: Page,
  url: string,
  admin: { displayName: string; password: string },
): Promise<void> {
  await page.goto(url);
  const setup = new SetupPage(page);
  await setup.waitUntilShown();
  await setup.createAdmin(admin);
  await setup.submit();
  await new Shell(page).nav().waitFor({ timeout: 120_000 });
}

export async function openAppSession(opts: AppSessionOptions): Promise<AppSession> {
  const t = tempDir();
  const browserErrors = opts.browserErrors ?? [];
  let server: RunningServer | undefined;
  let browser: Browser | undefined;
  const close = async () => {
    await browser?.close();
    await server?.stop();
    t.cleanup();
  };
  try {
    const dataDir = opts.dataSubdir ? join(t.dir, opts.dataSubdir) : t.dir;
    mkdirSync(dataDir, { recursive: true });
    mkdirSync(SCREENSHOTS, { recursive: true });
    await opts.prepare?.(t.dir);
    server = await startServer({
      dataDir,
      demoEntities: opts.demoEntities,
      demoSeed: opts.demoSeed,
      bundled: opts.bundled,
    });
    browser = await launchChromium(opts.chromiumArgs);
    const page = await browser.newPage({
      viewport: opts.viewport,
      locale: opts.locale ?? 'zh-CN',
      acceptDownloads: opts.acceptDownloads,
    });
    page.on('pageerror', (e) => browserErrors.push(e.message));
    if (opts.consoleErrors !== false) {
      page.on('console', (m) => {
        if (m.type() === 'error' && !opts.ignoreConsole?.test(m.text())) browserErrors.push(m.text());
      });
    }
    if (opts.firstAdmin) await firstAdmin(page, server.url, opts.firstAdmin);
    return { server, browser, page, dir: t.dir, dataDir, browserErrors, close };
  } catch (e) {
    await close();
    throw e;
  }
}
