/**
 * Hostile requests against the real browser-mode server process (electron/server/main.ts) with its real
 * backend worker thread, not the in-process client: the worker copies every input between threads, so
 * a request the in-process dispatcher survives can still fail here (issue 15 item 6).
 */
import { type ChildProcess, spawn } from 'node:child_process';
import { request } from 'node:http';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { tempDir } from '../helpers/tmp.ts';

const CJK = /[\u4e00-\u9fff]/;

let child: ChildProcess;
let origin: string;
let token: string;
let cleanup: () => void;

function send(path: string, opts: { method?: string; body?: string } = {}) {
  const url = new URL(origin);
  return new Promise<{ status: number; body: unknown }>((resolve, reject) => {
    const req = request(
      {
        host: url.hostname,
        port: url.port,
        path,
        method: opts.method ?? 'POST',
        headers: { Authorization: `Bearer ${token}`, 'Content-Type': 'application/json' },
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
            // a plain-text answer stays text
          }
          resolve({ status: res.statusCode ?? 0, body });
        });
      },
    );
    req.on('error', reject);
    req.end(opts.body);
  });
}

function expectInvalidInput(a: { status: number; body: unknown }, mentions: RegExp): void {
  expect(a.status).toBe(400);
  expect(a.body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  const message = (a.body as { error: { message: string } }).error.message;
  expect(message).toMatch(CJK);
  expect(message).toMatch(mentions);
}

async function expectStillAnswering(): Promise<void> {
  const a = await send('/api/app.status', { body: '{}' });
  expect(a.status).toBe(200);
  expect(a.body).toMatchObject({ ok: true, value: { databaseExists: false } });
}

beforeAll(async () => {
  const t = tempDir();
  cleanup = t.cleanup;
  child = spawn(
    process.execPath,
    ['electron/server/main.ts', '--data-dir', t.dir, '--port', '0', '--static', t.dir],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`server did not start: ${out}`)), 30_000);
    child.stdout?.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /CREDITDESK_URL=(\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]!);
      }
    });
    child.on('exit', (code) => reject(new Error(`server exited with ${code}: ${out}`)));
  });
  origin = new URL(url).origin;
  token = new URL(url).hash.replace('#token=', '');
}, 60_000);

afterAll(async () => {
  if (child.exitCode === null) {
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    await exited;
  }
  cleanup();
});

describe('the real server and worker refuse hostile requests with 400', () => {
  it('JSON nested 10,000 deep is refused as too deeply nested, and the server keeps answering', async () => {
    const depth = 10_000;
    const arrays = await send('/api/app.status', {
      body: `{"query":${'['.repeat(depth)}${']'.repeat(depth)}}`,
    });
    expectInvalidInput(arrays, /嵌套/);
    const objects = await send('/api/app.status', { body: `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}` });
    expectInvalidInput(objects, /嵌套/);
    await expectStillAnswering();
  });

  it('brackets inside strings do not count as nesting', async () => {
    const a = await send('/api/app.status', { body: JSON.stringify({ note: '['.repeat(5000) }) });
    expect(a.status).toBe(200);
    expect(a.body).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(JSON.stringify(a.body)).not.toMatch(/嵌套/);
  });

  it('a path with a broken percent escape is refused, for files and for the API alike', async () => {
    expectInvalidInput(await send('/%E0%A4%A', { method: 'GET' }), /地址/);
    expectInvalidInput(await send('/%ZZ', { method: 'GET' }), /地址/);
    expectInvalidInput(await send('/api/app.status%E0%A4%A', { body: '{}' }), /地址/);
    await expectStillAnswering();
  });
});
