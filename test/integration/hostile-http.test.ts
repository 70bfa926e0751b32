/**
 * Hostile input over the browser-mode transport (SPEC §9, issue 6): the real HTTP binding in front of
 * the real backend dispatcher, logged in as the administrator. Every request below is one an attacker on
 * the same PC (another local user, a web page doing DNS rebinding, a fuzzer) could send. Each must get
 * a clean envelope or status with a Chinese message — never a stack trace, a path or a crash — and the
 * server must keep answering.
 */
import { request } from 'node:http';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { connect } from 'node:net';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Method } from '../../shared/api/contract.ts';
import type { Envelope } from '../../shared/api/errors.ts';
import type { BackendClient } from '../../electron/backend/client.ts';
import { Backend } from '../../electron/backend/backend.ts';
import { inProcessClient } from '../../electron/backend/in-process-client.ts';
import { createHttpBinding, MAX_BODY_BYTES } from '../../electron/server/http-binding.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../helpers/tmp.ts';

const TOKEN = 'per-launch-token-for-hostile-test-0123456789';
const CJK = /[\u4e00-\u9fff]/;

interface Answer {
  status: number;
  body: unknown;
  /** The server reset the connection before answering (only acceptable for an oversized body). */
  reset?: boolean;
}

let server: Server;
let port: number;
let worker: BackendClient;
let cleanup: () => void;
const backendCalls: Method[] = [];

function send(opts: {
  path: string;
  body?: string | Buffer;
  method?: string;
  headers?: Record<string, string>;
}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        path: opts.path,
        method: opts.method ?? 'POST',
        headers: {
          Host: `127.0.0.1:${port}`,
          Authorization: `Bearer ${TOKEN}`,
          'Content-Type': 'application/json',
          ...opts.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let body: unknown = text;
          try {
            body = JSON.parse(text);
          } catch {
            // Not JSON (static 404 text): keep the text.
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', (e: NodeJS.ErrnoException) =>
      e.code === 'ECONNRESET' || e.code === 'EPIPE'
        ? resolve({ status: 0, body: null, reset: true })
        : reject(e),
    );
    req.end(opts.body ?? '{}');
  });
}

const call = (method: string, input: unknown, headers?: Record<string, string>) =>
  send({
    path: `/api/${method}`,
    body: typeof input === 'string' ? input : JSON.stringify(input),
    ...(headers ? { headers } : {}),
  });

/** A clean refusal: an error envelope with a known code and a Chinese message without internals. */
function expectCleanError(a: Answer, code: string, status?: number): void {
  if (status !== undefined) expect(a.status).toBe(status);
  const env = a.body as Envelope<unknown>;
  expect(env.ok).toBe(false);
  if (env.ok) return;
  expect(env.error.code).toBe(code);
  expect(env.error.message).toMatch(CJK);
  expect(JSON.stringify(env)).not.toMatch(
    /\/tmp\/|\\\\|node_modules|\.ts:\d|at [A-Za-z]+ \(|SqliteError|TypeError/,
  );
}

async function stillAlive(): Promise<void> {
  const a = await call('app.status', {});
  expect(a.status).toBe(200);
  expect(a.body).toMatchObject({ ok: true, value: { databaseExists: true, user: { username: 'admin' } } });
}

beforeAll(async () => {
  const t = tempDir();
  // The in-process backend is the worker's dispatcher without the thread (the worker adds only a
  // structured clone of the already-parsed JSON input).
  worker = inProcessClient(
    new Backend({ dbPath: join(t.dir, 'creditdesk.db'), firstRunDemo: null, scrypt: FAST_SCRYPT }),
  );
  const counting: BackendClient = {
    call: (method, input) => {
      backendCalls.push(method);
      return worker.call(method, input);
    },
    close: () => worker.close(),
  };
  server = createHttpBinding({ client: counting, token: TOKEN });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  port = (server.address() as AddressInfo).port;
  cleanup = t.cleanup;
  const setup = await call('app.setup', {
    admin: { username: 'admin', displayName: '管理员', password: 'hostile-test-pw' },
    county: TEST_COUNTY,
    demo: { entities: 50, seed: 'hostile' },
  });
  expect(setup.body).toMatchObject({ ok: true });
}, 120_000);

afterAll(async () => {
  server.close();
  await worker.close();
  cleanup();
});

describe('the per-launch token and the Host header', () => {
  it('refuses calls without the token, with a wrong one, or in another scheme — before reaching the backend', async () => {
    const before = backendCalls.length;
    for (const authorization of [
      '',
      'Bearer',
      'Bearer ',
      'Bearer wrong',
      `Bearer ${TOKEN}x`,
      `Bearer ${TOKEN.slice(0, -1)}`,
      `bearer ${TOKEN}`,
      `Basic ${Buffer.from(`admin:${TOKEN}`).toString('base64')}`,
      `Bearer ${TOKEN} ${TOKEN}`,
    ]) {
      const a = await call('entities.search', {}, { Authorization: authorization });
      expectCleanError(a, 'forbidden', 401);
    }
    // The token is not taken from the query string or a cookie either.
    const q = await send({ path: `/api/app.status?token=${TOKEN}`, headers: { Authorization: '' } });
    expectCleanError(q, 'forbidden', 401);
    const c = await send({
      path: '/api/app.status',
      headers: { Authorization: '', Cookie: `token=${TOKEN}` },
    });
    expectCleanError(c, 'forbidden', 401);
    expect(backendCalls.length).toBe(before);
  });

  it('refuses foreign or missing Host headers (DNS rebinding) even with the right token', async () => {
    for (const host of [
      'evil.example',
      `evil.example:${port}`,
      `127.0.0.1:${port + 1}`,
      `127.0.0.1.nip.io:${port}`,
    ]) {
      const a = await call('app.status', {}, { Host: host });
      expect(a.status, `Host: ${host}`).toBe(421);
      expectCleanError(a, 'forbidden');
    }
    // A raw HTTP/1.0 request with no Host header at all.
    const raw = await new Promise<string>((resolve) => {
      const s = connect(port, '127.0.0.1', () => {
        s.end(
          `POST /api/app.status HTTP/1.0\r\nAuthorization: Bearer ${TOKEN}\r\nContent-Length: 2\r\n\r\n{}`,
        );
      });
      let text = '';
      s.on('data', (d) => {
        text += d.toString('utf8');
      });
      s.on('close', () => resolve(text));
    });
    expect(raw).toMatch(/^HTTP\/1\.[01] 421/);
    await stillAlive();
  });

  it('only POST reaches the API', async () => {
    for (const method of ['GET', 'PUT', 'DELETE', 'OPTIONS']) {
      const a = await send({ path: '/api/app.status', method, body: '' });
      expect(a.status, method).toBe(405);
    }
  });
});

describe('malformed, oversized and wrong-typed payloads', () => {
  it('malformed JSON and non-object bodies', async () => {
    for (const body of ['{not json', '{"a":', '\u0000\u0001', '{"a":1}garbage', "{'a':1}", 'NaN']) {
      expectCleanError(await call('entities.search', body), 'invalid_input', 400);
    }
    for (const body of ['[]', '"text"', '42', 'true', '[{"query":"x"}]']) {
      expectCleanError(await call('entities.search', body), 'invalid_input', 200);
    }
    // Invalid UTF-8 becomes U+FFFD and then fails validation, it does not crash the decoder.
    const bytes = Buffer.concat([
      Buffer.from('{"query":"'),
      Buffer.from([0xff, 0xfe, 0xc3]),
      Buffer.from('"}'),
    ]);
    const a = await send({ path: '/api/session.login', body: bytes });
    expectCleanError(a, 'invalid_input', 200);
    await stillAlive();
  });

  it('an oversized body (> 1 MiB) is cut off with 413; the server keeps answering', async () => {
    const huge = await call('entities.search', { query: 'x'.repeat(MAX_BODY_BYTES + 100) });
    if (!huge.reset) expectCleanError(huge, 'invalid_input', 413);
    const tenMiB = await send({ path: '/api/app.status', body: Buffer.alloc(10 * MAX_BODY_BYTES, 0x20) });
    if (!tenMiB.reset) expect(tenMiB.status).toBe(413);
    await stillAlive();
  });

  it('wrong types, out-of-range numbers and extra fields are refused field by field', async () => {
    const cases: [string, unknown, string][] = [
      ['entities.search', { query: 123 }, 'query'],
      ['entities.search', { limit: 'all' }, 'limit'],
      ['entities.search', { limit: 1e9 }, 'limit'],
      ['entities.search', { limit: -1 }, 'limit'],
      ['entities.search', { offset: 1.5 }, 'offset'],
      ['entities.search', { kind: 'admin' }, 'kind'],
      ['entities.get', { id: '1 OR 1=1' }, 'id'],
      ['entities.get', { id: -5 }, 'id'],
      ['entities.get', { id: Number.MAX_SAFE_INTEGER + 2 }, 'id'],
      ['session.login', { username: 'admin', password: 'hostile-test-pw', role: 'admin' }, '(输入)'],
      ['entities.search', { query: '', isAdmin: true }, '(输入)'],
      ['backup.restore', { id: '../../etc/passwd', password: 'x' }, 'id'],
      ['backup.restore', { id: '20261121-100000-manual/../x', password: 'x' }, 'id'],
      ['backup.setKeep', { keep: 0 }, 'keep'],
      ['backup.setKeep', { keep: 1e6 }, 'keep'],
      ['app.setup', { admin: null, county: null, demo: null }, 'admin'],
    ];
    for (const [method, input, field] of cases) {
      const a = await call(method, input);
      expectCleanError(a, 'invalid_input', 200);
      const env = a.body as { error: { fields?: Record<string, string> } };
      expect(Object.keys(env.error.fields ?? {}), `${method} ${JSON.stringify(input)}`).toContain(field);
    }
    await stillAlive();
  });

  it('huge strings and arrays within the body limit are refused by the schema limits', async () => {
    const a = await call('entities.search', { query: '企'.repeat(300_000) });
    expectCleanError(a, 'invalid_input', 200);
    const b = await call('session.login', { username: 'admin', password: 'p'.repeat(900_000) });
    expectCleanError(b, 'invalid_input', 200);
    const c = await call('app.setup', {
      admin: { username: 'x1', displayName: 'x', password: 'long-enough-pw' },
      county: { ...TEST_COUNTY, townships: Array.from({ length: 50_000 }, (_, i) => `镇${i}`) },
      demo: null,
    });
    expectCleanError(c, 'invalid_input', 200);
    const d = await call(
      'entities.search',
      Array.from({ length: 200_000 }, () => 0),
    );
    expectCleanError(d, 'invalid_input', 200);
    await stillAlive();
  });

  it('deep nesting neither overflows the stack nor hangs', async () => {
    const depth = 400_000;
    const deep = `{"query":${'['.repeat(depth)}${']'.repeat(depth)}}`;
    expect(deep.length).toBeLessThan(MAX_BODY_BYTES);
    const a = await call('entities.search', deep);
    expect([200, 400]).toContain(a.status);
    expectCleanError(a, 'invalid_input');
    const objects = `${'{"a":'.repeat(150_000)}1${'}'.repeat(150_000)}`;
    const b = await call('entities.search', objects);
    expectCleanError(b, 'invalid_input');
    await stillAlive();
  });
});

describe('unknown methods and prototype pollution', () => {
  it('a method the contract does not name is refused, whatever it looks like', async () => {
    for (const m of [
      'system.shutdown',
      'constructor',
      'toString',
      'hasOwnProperty',
      'valueOf',
      'backup',
      'entities',
    ]) {
      const a = await call(m, {});
      expectCleanError(a, 'invalid_input', 200);
      expect((a.body as { error: { message: string } }).error.message).toBe('未知的操作');
    }
    // Names outside the route's character set never reach the dispatcher (no static folder: 404).
    for (const path of ['/api/__proto__', '/api/app%2estatus', '/api/', '/api/app.status/x']) {
      const a = await send({ path });
      expect(a.status, path).toBe(404);
    }
    // Dot segments are resolved first: /api/app.status/../x is the (unknown) method "x".
    expectCleanError(await send({ path: '/api/app.status/../x' }), 'invalid_input', 200);
    await stillAlive();
  });

  it('__proto__ and constructor payloads pollute nothing and are refused', async () => {
    const payloads = [
      '{"__proto__":{"polluted":"yes","role":"admin"}}',
      '{"constructor":{"prototype":{"polluted":"yes"}}}',
      '{"username":"admin","password":"x","__proto__":{"isAdmin":true}}',
      '{"query":"a","__proto__":{"limit":100000}}',
    ];
    for (const body of payloads) {
      for (const method of ['entities.search', 'session.login', 'backup.setKeep']) {
        const a = await call(method, body);
        expectCleanError(a, 'invalid_input', 200);
      }
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect(({} as Record<string, unknown>).isAdmin).toBeUndefined();
    // The session is still the admin's, not changed by anything above.
    await stillAlive();
    const search = await call('entities.search', { query: '', limit: 5 });
    expect(search.body).toMatchObject({ ok: true, value: { rows: expect.any(Array) } });
    expect((search.body as { value: { rows: unknown[] } }).value.rows).toHaveLength(5);
  });

  it('many bad requests in a row leave the server answering normally', async () => {
    await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        call(i % 2 ? 'entities.search' : 'no.such', i % 3 ? '{bad' : { limit: 'x' }),
      ),
    );
    await stillAlive();
  });
});
