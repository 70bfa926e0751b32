/**
 * The bundled command line (dist/cli, vite.cli.config.ts) runs the bureau server as the sources do: its
 * request threads start from the bundle's own entry file (request-thread-entry.js), a job runs in the
 * bundle's job thread, and the server stops cleanly on SIGTERM.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, expect, it } from 'vitest';
import { describeBuilt } from '../helpers/built.ts';
import { freshPgDatabases } from '../helpers/engines.ts';
import { describePg } from '../helpers/pg-cluster.ts';
import { tempDir } from '../helpers/tmp.ts';

const BUNDLE = 'dist/cli/creditdesk.js';
const ENV = { CREDITDESK_USER: 'admin', CREDITDESK_PASSWORD: 'Admin-Pass-2026' };

function post(base: string, method: string, body: unknown, cookie?: string) {
  return new Promise<{ body: { ok: boolean; value?: unknown }; cookie: string | undefined }>((done, fail) => {
    const req = request(
      new URL(`/api/${method}`, base),
      {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...(cookie ? { Cookie: cookie } : {}) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          done({
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
            cookie: ([] as string[]).concat(res.headers['set-cookie'] ?? [])[0]?.split(';')[0],
          }),
        );
      },
    );
    req.on('error', fail);
    req.end(JSON.stringify(body));
  });
}

/** The bundle's command in a process of its own (as cli/bin.mjs runs it), with its output collected. */
function runBundle(args: string[]) {
  const child = spawn(
    process.execPath,
    [
      '-e',
      `import(${JSON.stringify(pathToFileURL(resolve(BUNDLE)).href)}).then(async ({ main }) => {
         process.exitCode = await main(process.argv.slice(1));
       });`,
      ...args,
    ],
    { env: { ...process.env, ...ENV }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  running.push(child);
  let out = '';
  let err = '';
  child.stdout?.on('data', (d: Buffer) => {
    out += d.toString('utf8');
  });
  child.stderr?.on('data', (d: Buffer) => {
    err += d.toString('utf8');
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  return { child, exited, out: () => out, err: () => err };
}

const running: ChildProcess[] = [];

describeBuilt([BUNDLE, 'dist/cli/request-thread-entry.js'], 'the bundled bureau server', () => {
  describePg('creditdesk serve from the bundle', () => {
    const fresh = freshPgDatabases();
    afterEach(() => {
      for (const c of running.splice(0)) if (c.exitCode === null) c.kill('SIGKILL');
    });

    it('answers on its request threads and runs a job in its job thread', async () => {
      const { url } = fresh();
      const init = runBundle([
        'server',
        'init',
        '--database',
        url,
        '--county',
        '测试县',
        '--region-code',
        '410422',
      ]);
      expect(await init.exited, init.err()).toBe(0);

      const t = tempDir();
      const serve = runBundle([
        'serve',
        '--database',
        url,
        '--listen',
        '127.0.0.1:0',
        '--data-dir',
        t.dir,
        '--threads',
        '2',
      ]);
      const { child, exited } = serve;
      const out = () => serve.out();
      const err = () => serve.err();
      for (let i = 0; i < 400 && !/CREDITDESK_SERVER_URL=\S+/.test(out()) && child.exitCode === null; i++) {
        await new Promise((r) => setTimeout(r, 50));
      }
      const base = out().match(/CREDITDESK_SERVER_URL=(\S+)/)?.[1];
      expect(base, err()).toBeDefined();
      expect(err()).toContain('2 个请求处理线程');

      const login = await post(base as string, 'session.login', {
        username: 'admin',
        password: ENV.CREDITDESK_PASSWORD,
      });
      expect(login.body).toMatchObject({ ok: true });
      expect((await post(base as string, 'app.status', {}, login.cookie)).body).toMatchObject({
        value: { user: { username: 'admin' }, server: true },
      });
      // audit.verify is a job: it runs in the bundle's job-worker.js, asked for from a request thread.
      expect((await post(base as string, 'audit.verify', {}, login.cookie)).body).toMatchObject({
        ok: true,
        value: { intact: true },
      });
      expect(err()).not.toMatch(/no job thread|未找到请求处理线程/);

      child.kill('SIGTERM');
      expect(await exited).toBe(0);
      expect(err()).toContain('单位服务器已停止');
      t.cleanup();
    }, 60_000);
  });
});
