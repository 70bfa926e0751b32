/**
 * Without --db the command line works on the app's own database: the data folder that browser mode
 * (what `npm start` runs here) and the desktop app take from electron/paths.ts. Checked against the real
 * browser-mode server: a database the CLI creates is the one the running app reports, and a read-only
 * command reads it while the app holds it, saying which database it used.
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { CliIO } from '../../cli/io.ts';
import { main } from '../../cli/main.ts';
import { tempDir } from '../helpers/tmp.ts';

function capture(env: Record<string, string | undefined>) {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIO = { out: (l) => out.push(l), err: (l) => err.push(l), env };
  return { io, out, err };
}

/** Browser mode as `npm start` launches it: no --data-dir, so it uses the default data folder. */
async function startApp(env: NodeJS.ProcessEnv): Promise<{ url: URL; token: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['electron/server/main.ts', '--port', '0'], {
    env,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  const raw = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 60_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /CREDITDESK_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  const url = new URL(raw);
  return { url, token: url.hash.replace('#token=', ''), child };
}

describe('the command line without --db', () => {
  const t = tempDir();
  const dataDir = join(t.dir, 'app-data');
  const env = { CREDITDESK_DATA_DIR: dataDir, CREDITDESK_PASSWORD: 'county-secret-1' };
  const dbPath = join(dataDir, 'creditdesk.db');
  let app: ChildProcess | undefined;
  afterAll(async () => {
    if (app && app.exitCode === null) {
      const exited = new Promise((r) => app?.once('exit', r));
      app.kill('SIGTERM');
      await exited;
    }
    t.cleanup();
  });

  it('creates, and then reads, the database the running app uses', async () => {
    const help = capture(env);
    expect(await main(['--help'], help.io)).toBe(0);
    expect(help.out.join('\n')).toContain(`未指定 --db 时，命令使用本程序自己的数据库：${dbPath}`);

    const init = capture(env);
    expect(await main(['init', '--county', '测试县', '--region-code', '410422'], init.io)).toBe(0);
    expect(JSON.parse(init.out[0]!)).toEqual({ db: dbPath, admin: 'admin', county: '测试县' });
    expect(init.err).toEqual([`未指定 --db，使用本程序的数据库：${dbPath}`]);
    expect(existsSync(dbPath)).toBe(true);

    const started = await startApp({ ...process.env, ...env });
    app = started.child;
    const call = async (method: string, input: unknown) => {
      const res = await fetch(new URL(`/api/${method}`, started.url), {
        method: 'POST',
        headers: { Authorization: `Bearer ${started.token}`, 'Content-Type': 'application/json' },
        body: JSON.stringify(input),
      });
      return (await res.json()) as { ok: boolean; value: Record<string, unknown> };
    };
    expect((await call('app.status', {})).value.databaseExists).toBe(true);
    // The admin the command line created logs in to the app, and the app shows the CLI's county.
    expect((await call('session.login', { username: 'admin', password: env.CREDITDESK_PASSWORD })).ok).toBe(
      true,
    );
    expect((await call('app.status', {})).value.county).toMatchObject({
      name: '测试县',
      regionCode: '410422',
    });

    // A read-only command beside the running app, on the same database.
    const audit = capture(env);
    expect(await main(['audit', 'verify', '--json'], audit.io)).toBe(0);
    expect(JSON.parse(audit.out[0]!)).toMatchObject({ intact: true });
    expect(audit.err).toEqual([`未指定 --db，使用本程序的数据库：${dbPath}`]);

    // A writing command refuses while the app holds the database, and names no other database.
    const demo = capture(env);
    expect(await main(['demo', '--entities', '10', '--seed', 'x'], demo.io)).toBe(2);
    expect(demo.err[0]).toBe(`未指定 --db，使用本程序的数据库：${dbPath}`);
  }, 180_000);

  it('with --db says nothing about the default and uses the given file', async () => {
    const other = join(t.dir, 'other.db');
    const init = capture(env);
    expect(await main(['init', '--db', other], init.io)).toBe(0);
    expect(JSON.parse(init.out[0]!).db).toBe(other);
    expect(init.err).toEqual([]);
  }, 120_000);
});
