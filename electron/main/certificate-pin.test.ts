import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/tmp.ts';
import { appLocation, isAllowedRequestUrl, isAppDocumentUrl } from './app-location.ts';
import {
  ACCEPT,
  installCertificatePin,
  pinOf,
  REFUSE,
  USE_CHROMIUM_VERDICT,
  verdict,
  type VerifyProc,
} from './certificate-pin.ts';
import { isTrustedCall } from './ipc.ts';

const t = tempDir();
function certificate(name: string): string {
  const cert = join(t.dir, `${name}.pem`);
  execFileSync(
    'openssl',
    [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:P-256',
      '-nodes',
      '-days',
      '2',
      '-subj',
    ].concat([`/CN=${name}`, '-keyout', join(t.dir, `${name}.key`), '-out', cert]),
    { stdio: 'ignore' },
  );
  return readFileSync(cert, 'utf8');
}
const ours = certificate('credit.bureau.local');
const theirs = certificate('impostor');
const fingerprint = new X509Certificate(ours).fingerprint256.replaceAll(':', '').toLowerCase();
afterAll(() => t.cleanup());

describe('certificate pin', () => {
  const pin = pinOf({ mode: 'server', url: 'https://credit.bureau.local:8443/', fingerprint });

  it('accepts exactly the pinned certificate for the pinned host, refuses any other there', () => {
    expect(pin).toEqual({ hostname: 'credit.bureau.local', fingerprint });
    expect(verdict(pin, { hostname: 'credit.bureau.local', certificate: { data: ours } })).toBe(ACCEPT);
    expect(verdict(pin, { hostname: 'CREDIT.bureau.local', certificate: { data: ours } })).toBe(ACCEPT);
    expect(verdict(pin, { hostname: 'credit.bureau.local', certificate: { data: theirs } })).toBe(REFUSE);
  });

  it("leaves every other host, a desk and a system-trusted server to Chromium's own check", () => {
    expect(verdict(pin, { hostname: 'example.org', certificate: { data: ours } })).toBe(USE_CHROMIUM_VERDICT);
    expect(pinOf({ mode: 'desk' })).toBeNull();
    expect(pinOf(null)).toBeNull();
    expect(pinOf({ mode: 'server', url: 'https://trusted.example/', fingerprint: null })).toBeNull();
    expect(verdict(null, { hostname: 'credit.bureau.local', certificate: { data: theirs } })).toBe(
      USE_CHROMIUM_VERDICT,
    );
    expect(pinOf({ mode: 'server', url: 'https://[::1]:8443/', fingerprint })?.hostname).toBe('::1');
  });

  it('installs a verify proc only when there is a pin', () => {
    const procs: (VerifyProc | null)[] = [];
    const session = { setCertificateVerifyProc: (p: VerifyProc | null) => procs.push(p) };
    installCertificatePin(session, null);
    expect(procs).toHaveLength(0);
    installCertificatePin(session, pin);
    const results: number[] = [];
    procs[0]?.({ hostname: 'credit.bureau.local', certificate: { data: ours } }, (r) => results.push(r));
    procs[0]?.({ hostname: 'credit.bureau.local', certificate: { data: theirs } }, (r) => results.push(r));
    expect(results).toEqual([ACCEPT, REFUSE]);
  });
});

describe('the chosen server in the app location', () => {
  const loc = appLocation(
    '/opt/CreditDesk/dist/renderer/index.html',
    null,
    'linux',
    'https://credit.bureau.local:8443',
  );

  it("is the app's page at its root only, and the only web origin it may request", () => {
    expect(isAppDocumentUrl(loc, 'https://credit.bureau.local:8443/?desktop=1#/entities')).toBe(true);
    expect(isAppDocumentUrl(loc, 'https://credit.bureau.local:8443/api/app.status')).toBe(false);
    expect(isAppDocumentUrl(loc, 'https://credit.bureau.local:9443/')).toBe(false);
    expect(isAppDocumentUrl(loc, 'file:///opt/CreditDesk/dist/renderer/index.html')).toBe(true);
    expect(isAllowedRequestUrl(loc, 'https://credit.bureau.local:8443/assets/app.js', false)).toBe(true);
    expect(isAllowedRequestUrl(loc, 'https://evil.example/x.js', false)).toBe(false);
    expect(isAllowedRequestUrl(loc, 'http://credit.bureau.local:8443/', false)).toBe(false);
    expect(isAllowedRequestUrl(loc, 'wss://credit.bureau.local:8443/', false)).toBe(false);
    const desk = appLocation('/opt/CreditDesk/dist/renderer/index.html', null, 'linux');
    expect(isAllowedRequestUrl(desk, 'https://credit.bureau.local:8443/assets/app.js', false)).toBe(false);
  });

  it('lets the server page call only connection.*, and the own page everything', () => {
    const page = { url: 'https://credit.bureau.local:8443/?desktop=1', parent: null };
    expect(isTrustedCall(loc, page, 'connection.set')).toBe(true);
    expect(isTrustedCall(loc, page, 'app.status')).toBe(false);
    expect(isTrustedCall(loc, { ...page, parent: {} }, 'connection.get')).toBe(false);
    const own = { url: 'file:///opt/CreditDesk/dist/renderer/index.html', parent: null };
    expect(isTrustedCall(loc, own, 'app.status')).toBe(true);
    expect(isTrustedCall(loc, null, 'connection.get')).toBe(false);
  });
});
