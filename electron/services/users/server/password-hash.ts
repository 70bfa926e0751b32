/**
 * A server account's password, stored as `scrypt$N$r$p$salt$hash` (base64). A desk never stores a
 * password: it proves one by unwrapping its key file. The server's cost is lower than the desk's
 * (64 MiB rather than 128 per attempt) because dozens of officers sign in to one machine in the same
 * morning minutes; its rate limit and lockout bound what a guesser can try.
 */
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';
import type { ScryptParams } from '../../../db/keyfile.ts';

export const SERVER_SCRYPT: ScryptParams = { N: 1 << 16, r: 8, p: 1 };
const KEY_BYTES = 32;

function derive(password: string, salt: Buffer, p: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scrypt(
      password.normalize('NFC'),
      salt,
      KEY_BYTES,
      { ...p, maxmem: 256 * p.N * p.r + 1024 * 1024 },
      (e, k) => (e ? reject(e) : resolve(k)),
    );
  });
}

export async function hashPassword(password: string, p: ScryptParams = SERVER_SCRYPT): Promise<string> {
  const salt = randomBytes(16);
  const key = await derive(password, salt, p);
  return ['scrypt', p.N, p.r, p.p, salt.toString('base64'), key.toString('base64')].join('$');
}

/** A made-up hash to spend the same time on when the name is unknown, so timing does not tell names apart. */
export const DECOY_HASH = `scrypt$${SERVER_SCRYPT.N}$${SERVER_SCRYPT.r}$${SERVER_SCRYPT.p}$${Buffer.alloc(16).toString('base64')}$${Buffer.alloc(KEY_BYTES).toString('base64')}`;

/** Whether `password` is the one `stored` was made from; false for a stored text that is not a hash. */
export async function verifyPassword(stored: string, password: string): Promise<boolean> {
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number) as [number, number, number];
  if (![N, r, p].every((x) => Number.isInteger(x) && x > 0)) return false;
  const salt = Buffer.from(parts[4] ?? '', 'base64');
  const expected = Buffer.from(parts[5] ?? '', 'base64');
  const key = await derive(password, salt, { N, r, p });
  return expected.length === key.length && timingSafeEqual(expected, key);
}
