/**
 * Chromium's certificate check for the chosen bureau server (连接单位服务器): a bureau usually runs its
 * server with a self-signed certificate, which Chromium refuses. The officer confirmed that
 * certificate's SHA-256 fingerprint when choosing the server (connection/probe.ts applies the same
 * rule), so for that host exactly that certificate is accepted and any other refused; every other host
 * keeps Chromium's own verdict. Typed against electron's .d.ts, driven with plain objects in tests.
 */
import { X509Certificate } from 'node:crypto';
import type { Request } from 'electron';
import { certificateFingerprint } from '../connection/probe.ts';
import type { StoredChoice } from '../connection/choice.ts';

/** Chromium's answers to a certificate verify proc (Electron's session.setCertificateVerifyProc). */
export const ACCEPT = 0;
export const REFUSE = -2;
export const USE_CHROMIUM_VERDICT = -3;

export type VerifyRequest = Pick<Request, 'hostname'> & { certificate: Pick<Request['certificate'], 'data'> };
export type VerifyProc = (request: VerifyRequest, callback: (verificationResult: number) => void) => void;

/** The part of `Electron.Session` the pin uses. */
export interface VerifiableSession {
  setCertificateVerifyProc(proc: VerifyProc | null): void;
}

export interface CertificatePin {
  /** As Chromium names the host in a verify request: no port, no brackets around an IPv6 address. */
  hostname: string;
  /** 64 lower-case hex digits (choice.ts normaliseFingerprint). */
  fingerprint: string;
}

/** The pin a stored choice asks for: a server with a fingerprint; null on a desk or a system-trusted server. */
export function pinOf(choice: StoredChoice | null): CertificatePin | null {
  if (choice?.mode !== 'server' || choice.fingerprint === null) return null;
  const hostname = new URL(choice.url).hostname.replace(/^\[(.*)\]$/, '$1');
  return { hostname, fingerprint: choice.fingerprint };
}

/**
 * The verdict for one request. The pin is per host, not per port: Chromium's request names no port, and
 * a bureau's host serving two certificates on two ports would be a misconfiguration worth refusing.
 */
export function verdict(pin: CertificatePin | null, request: VerifyRequest): number {
  if (pin === null || request.hostname.toLowerCase() !== pin.hostname.toLowerCase())
    return USE_CHROMIUM_VERDICT;
  let fingerprint: string;
  try {
    fingerprint = certificateFingerprint(new X509Certificate(request.certificate.data).raw);
  } catch {
    return REFUSE;
  }
  return fingerprint === pin.fingerprint ? ACCEPT : REFUSE;
}

export function installCertificatePin(session: VerifiableSession, pin: CertificatePin | null): void {
  if (pin === null) return;
  session.setCertificateVerifyProc((request, callback) => callback(verdict(pin, request)));
}
