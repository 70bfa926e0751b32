import { execFileSync } from 'node:child_process';
import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { tempDir } from '../../test/helpers/tmp.ts';
import {
  ACCEPT,
  installCertificatePin,
  pinOf,
  REFUSE,
  USE_CHROMIUM_VERDICT,
  verdict,
  type VerifyProc,
} from './certificate-pin.ts';

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
