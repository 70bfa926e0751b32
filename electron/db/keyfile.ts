/**
 * Key hierarchy (SPEC §9): a random 256-bit data key opens the database; each user's password,
 * through scrypt, derives a key-encryption key that wraps the data key with AES-256-GCM. Changing a
 * password re-wraps the data key and never re-encrypts the database.
 *
 * The key file is JSON beside the database. It holds no secret in the clear: without a password it
 * reveals only user names and KDF parameters.
 */
import { writeFileDurably } from './fsync.ts';
import { createCipheriv, createDecipheriv, randomBytes, randomUUID, scrypt } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { ApiError } from '../../shared/api/errors.ts';

export interface ScryptParams {
  N: number;
  r: number;
  p: number;
}

/** ≈128 MiB and ≈0.3–0.6 s per attempt on the target PCs: slow for a thief, tolerable at login. */
export const DEFAULT_SCRYPT: ScryptParams = { N: 1 << 17, r: 8, p: 1 };

interface WrappedKeyEntry {
  username: string;
  kdf: { name: 'scrypt'; salt: string } & ScryptParams;
  wrap: { alg: 'aes-256-gcm'; iv: string; tag: string; ct: string };
}

export interface KeyFile {
  format: 'creditdesk-keys';
  version: 1;
  databaseId: string;
  users: WrappedKeyEntry[];
}

const b64 = (b: Buffer) => b.toString('base64');
const unb64 = (s: string) => Buffer.from(s, 'base64');

function deriveKek(password: string, salt: Buffer, p: ScryptParams): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    // maxmem must exceed 128·N·r bytes or Node refuses the parameters.
    scrypt(
      password.normalize('NFC'),
      salt,
      32,
      { ...p, maxmem: 256 * p.N * p.r + 1024 * 1024 },
      (err, key) => (err ? reject(err) : resolve(key)),
    );
  });
}

/** Binds each wrapped key to its database and user, so entries cannot be swapped between files or users. */
function aad(databaseId: string, username: string): Buffer {
  return Buffer.from(`creditdesk-key:v1:${databaseId}:${username}`, 'utf8');
}

export function newDataKey(): Buffer {
  return randomBytes(32);
}

export function newKeyFile(): KeyFile {
  return { format: 'creditdesk-keys', version: 1, databaseId: randomUUID(), users: [] };
}

export async function wrapForUser(
  kf: KeyFile,
  username: string,
  password: string,
  dataKey: Buffer,
  params: ScryptParams = DEFAULT_SCRYPT,
): Promise<KeyFile> {
  const salt = randomBytes(16);
  const kek = await deriveKek(password, salt, params);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', kek, iv);
  cipher.setAAD(aad(kf.databaseId, username));
  const ct = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  const entry: WrappedKeyEntry = {
    username,
    kdf: { name: 'scrypt', salt: b64(salt), ...params },
    wrap: { alg: 'aes-256-gcm', iv: b64(iv), tag: b64(cipher.getAuthTag()), ct: b64(ct) },
  };
  return { ...kf, users: [...kf.users.filter((u) => u.username !== username), entry] };
}

/** Returns the data key, or throws wrong_password. The same message for an unknown user and a wrong password. */
export async function unwrapForUser(kf: KeyFile, username: string, password: string): Promise<Buffer> {
  const entry = kf.users.find((u) => u.username === username);
  // Spend the same KDF time for unknown users so timing does not reveal which names exist.
  const params = entry?.kdf ?? { ...DEFAULT_SCRYPT, salt: b64(Buffer.alloc(16)) };
  const kek = await deriveKek(password, unb64(params.salt), params);
  if (!entry) throw wrongPassword();
  try {
    const d = createDecipheriv('aes-256-gcm', kek, unb64(entry.wrap.iv));
    d.setAAD(aad(kf.databaseId, username));
    d.setAuthTag(unb64(entry.wrap.tag));
    const key = Buffer.concat([d.update(unb64(entry.wrap.ct)), d.final()]);
    if (key.length !== 32) throw wrongPassword();
    return key;
  } catch {
    throw wrongPassword();
  }
}

function wrongPassword(): ApiError {
  return new ApiError('wrong_password', '用户名或密码错误，请重新输入。');
}

export function removeUser(kf: KeyFile, username: string): KeyFile {
  return { ...kf, users: kf.users.filter((u) => u.username !== username) };
}

export function readKeyFile(path: string): KeyFile {
  if (!existsSync(path)) {
    throw new ApiError(
      'database_unreadable',
      '找不到与数据库配套的密钥文件（.keys.json），无法打开数据库。请从备份恢复该文件。',
    );
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch {
    throw new ApiError('database_unreadable', '密钥文件已损坏，无法读取。请从备份恢复。');
  }
  if (!isKeyFile(parsed))
    throw new ApiError('database_unreadable', '密钥文件格式不正确，无法读取。请从备份恢复。');
  return parsed;
}

function isKeyFile(x: unknown): x is KeyFile {
  const k = x as Partial<KeyFile> | null;
  return (
    !!k &&
    k.format === 'creditdesk-keys' &&
    k.version === 1 &&
    typeof k.databaseId === 'string' &&
    Array.isArray(k.users)
  );
}

/** Write-then-rename with fsync, so a crash leaves either the old or the new key file, never half of one. */
export function writeKeyFile(path: string, kf: KeyFile): void {
  writeFileDurably(path, `${JSON.stringify(kf, null, 2)}\n`);
}
