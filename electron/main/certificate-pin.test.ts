import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { afterAll, describe, expect, it } from 'vitest';
import { selfSignedCertificate } from '../../test/helpers/self-signed.ts';
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
  return readFileSync(selfSignedCertificate(t.dir, name).cert, 'utf8');
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
