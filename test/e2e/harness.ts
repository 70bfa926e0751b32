/**
 * Starts the real browser-mode server (real worker, real encrypted database in a temp folder) and
 * Debian's Chromium through playwright-core. Nothing is mocked.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

export const CHROMIUM = process.env.CREDITDESK_CHROMIUM ?? '/usr/bin/chromium';

export interface RunningServer {
  url: string;
  origin: string;
  stop(): Promise<void>;
  /** What the server printed so far (its log), for a failing test to show. */
  output(): string;
}

export async function startServer(opts: {
  dataDir: string;
  demoEntities?: number;
  demoSeed?: string;
  /** dist/electron/server.js and the backend's bundle, as `npm start` runs them (npm test builds them). */
  bundled?: boolean;
}): Promise<RunningServer> {
  if (!existsSync('dist/renderer/index.html')) {
    throw new Error(
      'dist/renderer/index.html is missing: run `npm run build:renderer` first (npm test does).',
    );
  }
  const entry = opts.bundled ? 'dist/electron/server.js' : 'electron/server/main.ts';
  if (!existsSync(entry)) {
    throw new Error(`${entry} is missing: run \`npm run build\` first (npm test does).`);
  }
  const args = [entry, '--data-dir', opts.dataDir, '--port', '0', '--static', 'dist/renderer'];
  if (opts.demoEntities)
    args.push('--demo-entities', String(opts.demoEntities), '--demo-seed', opts.demoSeed ?? 'e2e');
  const child: ChildProcess = spawn(process.execPath, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  let out = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr += d.toString();
  });
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}\n${stderr}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /CREDITDESK_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}\n${stderr}`)));
  });
  return {
    url,
    origin: new URL(url).origin,
    output: () => `${out}${stderr}`,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** `extraArgs`: more Chromium switches, e.g. `--lang=en-US` to run the app in an English browser. */
export async function launchChromium(extraArgs: string[] = []): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium not found at ${CHROMIUM}: apt-get install chromium fonts-noto-cjk (.ci/run does this)`,
    );
  }
  return chromium.launch({
    executablePath: CHROMIUM,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}
