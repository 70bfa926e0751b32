import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { afterEach, expect, it } from 'vitest';
import { capture } from '../../cli/capture.testkit.ts';
import { main } from '../../cli/main.ts';
import { freshPgDatabases } from '../helpers/engines.ts';
import { describePg } from '../helpers/pg-cluster.ts';
import { selfSignedCertificate } from '../helpers/self-signed.ts';
import { tempDir } from '../helpers/tmp.ts';

interface Reply {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: { ok: boolean; value?: unknown; error?: { code: string; message: string } };
}

function post(
  base: string,
  method: string,
  body: unknown,
  opts: { cookie?: string; origin?: string; contentType?: string; ca?: Buffer } = {},
): Promise<Reply> {
  const url = new URL(`/api/${method}`, base);
  const request = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        headers: {
          'Content-Type': opts.contentType ?? 'application/json',
          ...(opts.cookie ? { Cookie: opts.cookie } : {}),
          ...(opts.origin ? { Origin: opts.origin } : {}),
        },
        ...(opts.ca ? { ca: opts.ca } : {}),
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () =>
          resolve({
            status: res.statusCode ?? 0,
            headers: res.headers,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')),
          }),
        );
      },
    );
    req.on('error', reject);
    req.end(JSON.stringify(body));
  });
}

function sessionCookie(r: Reply): string {
  const set = ([] as string[]).concat(r.headers['set-cookie'] ?? []);
  const c = set.find((s) => s.startsWith('creditdesk_session='));
  if (!c) throw new Error('no session cookie');
  return c;
}

const ENV = { CREDITDESK_USER: 'admin', CREDITDESK_PASSWORD: 'Admin-Pass-2026' };

describePg('creditdesk serve', () => {
  const fresh = freshPgDatabases();
  const stops: AbortController[] = [];
  const runs: Promise<number>[] = [];
  /** What the last server started wrote to stderr. */
  let serverErr: string[] = [];
  afterEach(async () => {
    for (const s of stops.splice(0)) s.abort();
    await Promise.all(runs.splice(0));
  });

  async function serve(url: string, extra: string[] = []) {
    const t = tempDir();
    const { io, out, err } = capture({ ...ENV, HOME: t.dir });
    serverErr = err;
    const stop = new AbortController();
    stops.push(stop);
    const { serveCommand } = await import('../../cli/commands/serve.ts');
    const run = serveCommand(
      ['--database', url, '--listen', '127.0.0.1:0', '--data-dir', t.dir, ...extra],
      io,
      stop.signal,
    );
    runs.push(run);
    for (let i = 0; i < 200 && !out.some((l) => l.startsWith('CREDITDESK_SERVER_URL=')); i++) {
      await Promise.race([run, new Promise((r) => setTimeout(r, 50))]);
    }
    const line = out.find((l) => l.startsWith('CREDITDESK_SERVER_URL='));
    if (!line) throw new Error(`the server did not start: ${err.join('\n')}`);
    return line.slice('CREDITDESK_SERVER_URL='.length);
  }

  async function initialised() {
    const { url } = fresh();
    const { io, out, err } = capture(ENV);
    expect(
      await main(['server', 'init', '--database', url, '--county', '测试县', '--region-code', '410422'], io),
    ).toBe(0);
    expect(JSON.parse(out[0] ?? '{}'), err.join('\n')).toEqual({ admin: 'admin', county: '测试县' });
    return url;
  }

  it('signs an officer in with an HttpOnly, SameSite=Strict cookie and refuses other sites', async () => {
    const base = await serve(await initialised());
    const wrong = await post(base, 'session.login', { username: 'admin', password: 'nope-nope-1' });
    expect(wrong.body).toMatchObject({ ok: false, error: { code: 'wrong_password' } });
    const login = await post(base, 'session.login', { username: 'admin', password: ENV.CREDITDESK_PASSWORD });
    expect(login.body).toMatchObject({ ok: true, value: { user: { username: 'admin' } } });
    const cookie = sessionCookie(login);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).not.toMatch(/Secure/);
    const pair = cookie.split(';')[0] as string;
    expect((await post(base, 'app.status', {}, { cookie: pair })).body).toMatchObject({
      value: { user: { username: 'admin' }, server: true },
    });
    // Another site's page, and a form post (no preflight), are refused before the backend.
    expect((await post(base, 'users.list', {}, { cookie: pair, origin: 'http://evil.example' })).status).toBe(
      403,
    );
    expect((await post(base, 'users.list', {}, { cookie: pair, contentType: 'text/plain' })).status).toBe(
      403,
    );
    expect(
      (await post(base, 'users.list', {}, { cookie: pair, origin: base.replace(/\/$/, '') })).body.ok,
    ).toBe(true);
    const out = await post(base, 'session.logout', {}, { cookie: pair });
    expect(sessionCookie(out)).toMatch(/Max-Age=0/);
    expect((await post(base, 'users.list', {}, { cookie: pair })).body).toMatchObject({
      ok: false,
      error: { code: 'not_logged_in' },
    });
  });

  it('limits sign-in attempts per address', async () => {
    const url = await initialised();
    const { openAndMigratePg } = await import('../../electron/db/postgres/pg-db.ts');
    const { BureauBackend } = await import('../../electron/server/bureau/bureau-backend.ts');
    const { createBureauHttp } = await import('../../electron/server/bureau/bureau-http.ts');
    const t = tempDir();
    const backend = new BureauBackend({ db: openAndMigratePg(url), dataDir: t.dir });
    const server = createBureauHttp({ backend, limits: { perSecond: 1, burst: 5, signInsPerMinute: 3 } });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', () => r()));
    const base = `http://127.0.0.1:${(server.address() as { port: number }).port}/`;
    try {
      const signIns: number[] = [];
      for (let i = 0; i < 4; i++) {
        signIns.push(
          (await post(base, 'session.login', { username: 'ghost', password: `guess-${i}-x` })).status,
        );
      }
      expect(signIns).toEqual([200, 200, 200, 429]);
      const limited = await post(base, 'session.login', {
        username: 'admin',
        password: ENV.CREDITDESK_PASSWORD,
      });
      expect(limited.body).toMatchObject({ ok: false, error: { message: '请求过于频繁，请稍后再试。' } });
    } finally {
      await new Promise<void>((r) => server.close(() => r()));
      backend.close();
      t.cleanup();
    }
  });

  it('serves HTTPS with the given certificate, with Secure cookies and HSTS', async () => {
    const url = await initialised();
    const t = tempDir();
    const { cert, key } = selfSignedCertificate(t.dir, '127.0.0.1');
    const base = await serve(url, ['--tls-cert', cert, '--tls-key', key]);
    expect(base).toMatch(/^https:/);
    const { readFileSync } = await import('node:fs');
    const login = await post(
      base,
      'session.login',
      { username: 'admin', password: ENV.CREDITDESK_PASSWORD },
      { ca: readFileSync(cert) },
    );
    expect(login.body.ok).toBe(true);
    expect(sessionCookie(login)).toMatch(/; Secure/);
    expect(login.headers['strict-transport-security']).toMatch(/max-age=/);
    t.cleanup();
  });

  it('answers on the number of request threads --threads asks for, one included', async () => {
    const url = await initialised();
    for (const threads of ['1', '3']) {
      const base = await serve(url, ['--threads', threads]);
      expect(serverErr.join('\n')).toContain(`，${threads} 个请求处理线程）`);
      const login = await post(base, 'session.login', {
        username: 'admin',
        password: ENV.CREDITDESK_PASSWORD,
      });
      expect(login.body).toMatchObject({ ok: true });
      const pair = sessionCookie(login).split(';')[0] as string;
      expect((await post(base, 'app.status', {}, { cookie: pair })).body).toMatchObject({
        value: { user: { username: 'admin' }, server: true },
      });
      expect((await post(base, 'app.progress', {}, { cookie: pair })).body).toMatchObject({
        ok: true,
        value: { job: null },
      });
    }
  });

  it('says so when its port is taken, with exit code 2', async () => {
    const url = await initialised();
    const base = await serve(url);
    const t = tempDir();
    const second = capture({ ...ENV, HOME: t.dir });
    const port = new URL(base).port;
    const args = ['serve', '--database', url, '--listen', `127.0.0.1:${port}`, '--data-dir', t.dir];
    expect(await main(args, second.io)).toBe(2);
    expect(second.err.join('\n')).toContain(`端口 ${port} 已被占用`);
    t.cleanup();
  });

  it('refuses plain HTTP off this machine, and a database that was never initialised', async () => {
    const { url } = fresh();
    const { io } = capture(ENV);
    await expect(main(['serve', '--database', url, '--listen', '0.0.0.0:0'], io)).resolves.toBe(2);
    const second = capture(ENV);
    expect(await main(['serve', '--database', url, '--listen', '127.0.0.1:0'], second.io)).toBe(2);
    expect(second.err.join('\n')).toMatch(/尚未初始化/);
  });
});
