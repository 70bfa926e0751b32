import type { AddressInfo } from 'node:net';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Backend } from '../backend/backend.ts';
import { inProcessClient } from '../backend/in-process-client.ts';
import { FAST_SCRYPT, tempDir } from '../../test/helpers/tmp.ts';
import { createHttpBinding, MAX_BODY_BYTES } from './http-binding.ts';

const TOKEN = 'test-token-0123456789';

describe('browser-mode HTTP binding', () => {
  let server: Server;
  let base: string;
  let cleanup: () => void;

  beforeAll(async () => {
    const t = tempDir();
    cleanup = t.cleanup;
    const staticDir = join(t.dir, 'static');
    mkdirSync(staticDir);
    writeFileSync(join(staticDir, 'index.html'), '<!doctype html><title>信用</title>');
    writeFileSync(join(t.dir, 'secret.txt'), 'outside the static folder');
    const backend = new Backend({
      dbPath: join(t.dir, 'creditdesk.db'),
      firstRunDemo: null,
      scrypt: FAST_SCRYPT,
    });
    server = createHttpBinding({ client: inProcessClient(backend), token: TOKEN, staticDir });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(() => {
    server.close();
    cleanup();
  });

  const post = (method: string, body: string, headers: Record<string, string> = {}) =>
    fetch(`${base}/api/${method}`, {
      method: 'POST',
      headers: { Authorization: `Bearer ${TOKEN}`, 'Content-Type': 'application/json', ...headers },
      body,
    });

  it('answers a call made with the per-launch token', async () => {
    const res = await post('app.status', '{}');
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true, value: { databaseExists: false, user: null } });
  });

  it('refuses a call without the token, or with a wrong one, in Chinese', async () => {
    for (const headers of [
      { Authorization: '' },
      { Authorization: 'Bearer wrong' },
      { Authorization: `Bearer ${TOKEN}x` },
    ]) {
      const res = await post('app.status', '{}', headers);
      expect(res.status).toBe(401);
      const body = (await res.json()) as { ok: boolean; error: { code: string; message: string } };
      expect(body.ok).toBe(false);
      expect(body.error.code).toBe('forbidden');
      expect(body.error.message).toMatch(/令牌/);
    }
  });

  it('refuses a foreign Host header (DNS rebinding)', async () => {
    const { request } = await import('node:http');
    const status = await new Promise<number>((resolve, reject) => {
      const req = request(
        `${base}/api/app.status`,
        { method: 'POST', headers: { Host: 'evil.example:80', Authorization: `Bearer ${TOKEN}` } },
        (res) => {
          res.resume();
          resolve(res.statusCode ?? 0);
        },
      );
      req.on('error', reject);
      req.end('{}');
    });
    expect(status).toBe(421);
  });

  it('gives clean errors for malformed, wrong-typed, oversized and unknown calls', async () => {
    const malformed = await post('app.status', '{not json');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const wrongType = await post('entities.search', JSON.stringify({ query: ['x'], limit: 'all' }));
    expect(await wrongType.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const unknown = await post('system.shutdown', '{}');
    expect(await unknown.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    const huge = await post('app.status', JSON.stringify({ pad: 'x'.repeat(MAX_BODY_BYTES + 10) }));
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ ok: false, error: { code: 'invalid_input' } });

    // The server is still healthy afterwards.
    expect((await post('app.status', '{}')).status).toBe(200);
  });

  it('serves the renderer with a CSP and nothing outside its folder', async () => {
    const index = await fetch(`${base}/`);
    expect(index.status).toBe(200);
    expect(index.headers.get('content-security-policy')).toContain("default-src 'self'");
    expect(index.headers.get('content-security-policy')).toContain("frame-ancestors 'none'");
    expect(await index.text()).toContain('信用');
    for (const path of ['/../secret.txt', '/%2e%2e/secret.txt', '/..%2fsecret.txt']) {
      const res = await fetch(`${base}${path}`);
      expect(res.status, path).toBe(404);
    }
  });
});
