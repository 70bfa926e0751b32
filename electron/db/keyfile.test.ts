import { describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors.ts';
import { DEFAULT_SCRYPT, newDataKey, newKeyFile, removeUser, unwrapForUser, wrapForUser } from './keyfile.ts';
import { FAST_SCRYPT } from '../../test/helpers/tmp.ts';

describe('key file', () => {
  it('unwraps the data key with the right password only (production scrypt cost)', async () => {
    const key = newDataKey();
    const kf = await wrapForUser(newKeyFile(), 'admin', '正确的密码123', key, DEFAULT_SCRYPT);
    expect(kf.users[0]?.kdf.N).toBe(1 << 17);
    expect((await unwrapForUser(kf, 'admin', '正确的密码123')).equals(key)).toBe(true);
    await expect(unwrapForUser(kf, 'admin', '错误的密码123')).rejects.toMatchObject({
      code: 'wrong_password',
    });
  });

  it('never stores the data key or the password in the clear', async () => {
    const key = newDataKey();
    const kf = await wrapForUser(newKeyFile(), 'admin', 'secret-password', key, FAST_SCRYPT);
    const text = JSON.stringify(kf);
    expect(text).not.toContain(key.toString('hex'));
    expect(text).not.toContain(key.toString('base64'));
    expect(text).not.toContain('secret-password');
  });

  it('gives an unknown user the same answer as a wrong password', async () => {
    const kf = await wrapForUser(newKeyFile(), 'admin', 'password-1', newDataKey(), FAST_SCRYPT);
    const err = await unwrapForUser(kf, 'nobody', 'password-1').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ApiError);
    expect((err as ApiError).code).toBe('wrong_password');
  });

  it('binds an entry to its user: a wrapped key copied under another name does not open', async () => {
    const key = newDataKey();
    const kf = await wrapForUser(newKeyFile(), 'alice', 'password-a', key, FAST_SCRYPT);
    const forged = { ...kf, users: [{ ...kf.users[0]!, username: 'mallory' }] };
    await expect(unwrapForUser(forged, 'mallory', 'password-a')).rejects.toMatchObject({
      code: 'wrong_password',
    });
  });

  it('re-wrapping for a new password keeps the same data key; removing a user removes their key', async () => {
    const key = newDataKey();
    let kf = await wrapForUser(newKeyFile(), 'admin', 'old-password', key, FAST_SCRYPT);
    kf = await wrapForUser(kf, 'admin', 'new-password', key, FAST_SCRYPT);
    expect(kf.users).toHaveLength(1);
    expect((await unwrapForUser(kf, 'admin', 'new-password')).equals(key)).toBe(true);
    await expect(unwrapForUser(kf, 'admin', 'old-password')).rejects.toMatchObject({
      code: 'wrong_password',
    });
    expect(removeUser(kf, 'admin').users).toHaveLength(0);
  });
});
