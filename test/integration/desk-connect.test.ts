/**
 * The desktop app's probe of a bureau server (issue 17, 连接单位服务器) over real sockets: the real bureau
 * HTTP server on a real PostgreSQL with a self-signed certificate made by openssl, and a plain HTTPS
 * server that is not CreditDesk. The probe reports the certificate's fingerprint for the officer to
 * confirm, passes a matching pin, refuses a wrong one and refuses a server that is not ours; saving a
 * choice stores a self-signed server only with its confirmed fingerprint.
 */
import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:https';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { capture } from '../../cli/capture.testkit.ts';
import { main } from '../../cli/main.ts';
import { ApiError } from '../../shared/api/errors.ts';
import { displayFingerprint } from '../../electron/connection/choice.ts';
import { readChoiceFile } from '../../electron/connection/choice-file.ts';
import {
  MISMATCH_MESSAGE,
  NOT_CREDITDESK_MESSAGE,
  probeServer,
  UNREACHABLE_MESSAGE,
} from '../../electron/connection/probe.ts';
import { CONFIRM_FINGERPRINT_MESSAGE, setConnection } from '../../electron/connection/service.ts';
import { freshPgDatabases } from '../helpers/engines.ts';
import { describePg } from '../helpers/pg-cluster.ts';
import { selfSignedCertificate } from '../helpers/self-signed.ts';
import { tempDir } from '../helpers/tmp.ts';

const ENV = { CREDITDESK_USER: 'admin', CREDITDESK_PASSWORD: 'Admin-Pass-2026' };
const OTHER_FINGERPRINT = 'ab'.repeat(32);

/** A self-signed certificate for 127.0.0.1, and its SHA-256 fingerprint as `openssl x509 -fingerprint` shows it. */
function selfSigned(dir: string): { cert: Buffer; key: Buffer; opensslFingerprint: string } {
  const { cert, key } = selfSignedCertificate(dir, '127.0.0.1');
  const line = execFileSync('openssl', ['x509', '-in', cert, '-noout', '-fingerprint', '-sha256'], {
    encoding: 'utf8',
  });
  return { cert: readFileSync(cert), key: readFileSync(key), opensslFingerprint: line.trim() };
}

function listen(server: Server): Promise<string> {
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve(`https://127.0.0.1:${(server.address() as { port: number }).port}/`),
    ),
  );
}

async function refusal(p: Promise<unknown>): Promise<ApiError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ApiError) return e;
    throw e;
  }
  throw new Error('expected a refusal');
}

describe('probing an address that is not a CreditDesk server', () => {
  const t = tempDir();
  const tls = selfSigned(t.dir);
  const other = createServer({ cert: tls.cert, key: tls.key }, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'text/html' }).end('<html>router login</html>');
  });
  const jsonButNotOurs = createServer({ cert: tls.cert, key: tls.key }, (_req, res) => {
    res
      .writeHead(200, { 'Content-Type': 'application/json' })
      .end('{"ok":true,"value":{"databaseExists":true}}');
  });
  let otherUrl = '';
  let jsonUrl = '';
  beforeAll(async () => {
    otherUrl = await listen(other);
    jsonUrl = await listen(jsonButNotOurs);
  });
  afterAll(() => {
    other.close();
    jsonButNotOurs.close();
    t.cleanup();
  });

  it('refuses a web page and a desk (no server flag) with the not-a-CreditDesk-server message', async () => {
    for (const url of [otherUrl, jsonUrl]) {
      const e = await refusal(probeServer(url, null));
      expect(e.message, url).toBe(NOT_CREDITDESK_MESSAGE);
    }
  });

  it('says an address that answers nothing cannot be reached', async () => {
    const closed = createServer();
    const url = await listen(closed);
    await new Promise<void>((r) => closed.close(() => r()));
    const e = await refusal(probeServer(url, null, { timeoutMs: 2_000 }));
    expect(e.message).toBe(UNREACHABLE_MESSAGE);
  });
});

describePg('probing the real bureau server over HTTPS with a self-signed certificate', () => {
  const fresh = freshPgDatabases();
  const t = tempDir();
  const tls = selfSigned(t.dir);
  const fingerprint = new X509Certificate(tls.cert).fingerprint256.replaceAll(':', '').toLowerCase();
  let base = '';
  let stop: () => Promise<void> = async () => undefined;

  beforeAll(async () => {
    const { url } = fresh();
    const { io, err } = capture(ENV);
    const init = ['server', 'init', '--database', url, '--county', '测试县', '--region-code', '410422'];
    expect(await main(init, io), err.join('\n')).toBe(0);
    const { openAndMigratePg } = await import('../../electron/db/postgres/pg-db.ts');
    const { BureauBackend } = await import('../../electron/server/bureau/bureau-backend.ts');
    const { createBureauHttp } = await import('../../electron/server/bureau/bureau-http.ts');
    const backend = new BureauBackend({ db: openAndMigratePg(url), dataDir: t.dir });
    const server = createBureauHttp({ backend, tls: { cert: tls.cert, key: tls.key } });
    base = await listen(server as Server);
    stop = async () => {
      await new Promise<void>((r) => server.close(() => r()));
      backend.close();
    };
  });
  afterAll(async () => {
    await stop();
    t.cleanup();
  });

  it('reports the certificate fingerprint (as openssl shows it) and the server, for the officer to confirm', async () => {
    const probed = await probeServer(base, null);
    expect(probed).toEqual({
      url: base,
      fingerprint,
      trusted: false,
      bureau: expect.stringContaining('测试县'),
    });
    expect(tls.opensslFingerprint).toContain(displayFingerprint(fingerprint));
  });

  it('passes a matching pin in any accepted form, and refuses a wrong one', async () => {
    expect((await probeServer(base, tls.opensslFingerprint)).fingerprint).toBe(fingerprint);
    expect((await probeServer(base, fingerprint.toUpperCase())).trusted).toBe(false);
    const e = await refusal(probeServer(base, OTHER_FINGERPRINT));
    expect(e.message).toBe(MISMATCH_MESSAGE);
    expect(e.message).toBe('服务器证书与记录的指纹不一致，可能不是本单位的服务器');
  });

  it('holds a pin even when the system trusts the certificate', async () => {
    const trusted = await probeServer(base, null, { ca: tls.cert });
    expect(trusted.trusted).toBe(true);
    const e = await refusal(probeServer(base, OTHER_FINGERPRINT, { ca: tls.cert }));
    expect(e.message).toBe(MISMATCH_MESSAGE);
  });

  it('saves a self-signed server only with its confirmed fingerprint', async () => {
    const d = tempDir();
    try {
      const place = { file: join(d.dir, 'connection.json'), desktop: true };
      const unconfirmed = await refusal(
        setConnection(place, { mode: 'server', url: base, fingerprint: null }),
      );
      expect(unconfirmed.message).toBe(CONFIRM_FINGERPRINT_MESSAGE);
      expect(readChoiceFile(place.file)).toEqual({ kind: 'none' });
      const wrong = await refusal(
        setConnection(place, { mode: 'server', url: base, fingerprint: OTHER_FINGERPRINT }),
      );
      expect(wrong.message).toBe(MISMATCH_MESSAGE);
      expect(readChoiceFile(place.file)).toEqual({ kind: 'none' });
      const saved = await setConnection(place, {
        mode: 'server',
        url: base,
        fingerprint: displayFingerprint(fingerprint),
      });
      expect(saved).toEqual({
        choice: { mode: 'server', url: base, fingerprint },
        restarting: true,
        message: '已保存，程序将重新打开并使用单位服务器。',
      });
      expect(readChoiceFile(place.file)).toEqual({ kind: 'ok', choice: saved.choice });
    } finally {
      d.cleanup();
    }
  });

  it('answers the connection calls on the server itself with unavailable', async () => {
    const res = await fetchStatus(base, 'connection.get', tls.cert);
    expect(res).toMatchObject({ ok: false, error: { code: 'unavailable' } });
  });
});

async function fetchStatus(base: string, method: string, ca: Buffer): Promise<unknown> {
  const { request } = await import('node:https');
  return new Promise((resolve, reject) => {
    const req = request(
      new URL(`api/${method}`, base),
      { method: 'POST', headers: { 'Content-Type': 'application/json' }, ca },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('end', () => resolve(JSON.parse(Buffer.concat(chunks).toString('utf8'))));
      },
    );
    req.on('error', reject);
    req.end('{}');
  });
}
