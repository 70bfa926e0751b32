/**
 * A self-signed certificate made by openssl (P-256, two days) in `dir`, for tests of TLS: the bureau
 * server's HTTPS, the desktop's probe and its certificate pin. `host` names the subject; an IP address
 * is also put in subjectAltName, as a bureau's server on a bare address would have it.
 */
import { execFileSync } from 'node:child_process';
import { isIP } from 'node:net';
import { join } from 'node:path';

export function selfSignedCertificate(dir: string, host: string): { cert: string; key: string } {
  const cert = join(dir, `${host}.pem`);
  const key = join(dir, `${host}.key`);
  const altName = isIP(host) ? ['-addext', `subjectAltName=IP:${host}`] : [];
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
      `/CN=${host}`,
      ...altName,
      '-keyout',
      key,
      '-out',
      cert,
    ],
    { stdio: 'ignore' },
  );
  return { cert, key };
}
