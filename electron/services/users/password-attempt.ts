/**
 * Every place that tries a password against a key file goes through here, so the lockout cannot be
 * sidestepped by another door (the login, and e.g. a restore before login): a locked name is refused
 * before any KDF work, a wrong password is recorded in `<db>.logins.json`.
 */
import { ApiError } from '../../../shared/api/errors.ts';
import { type KeyFile, unwrapForUser } from '../../db/keyfile.ts';
import {
  assertNotLockedOut,
  type FailureIdentity,
  failureIdentity,
  loginLogPathFor,
  recordFailure,
} from './login-log.ts';

export interface PasswordAttempt {
  /** The data key (the caller zeroes it when done). */
  dataKey: Buffer;
  /** Records this name's failure when something after the unwrap refuses the user (e.g. removed). */
  refuse(): ApiError;
}

/**
 * Unwraps `kf`'s data key for `username` with `password`, under the lockout of the database at
 * `dbPath` (whose failed-login file counts the attempts). Throws locked_out or wrong_password.
 */
export async function attemptPassword(
  dbPath: string,
  kf: KeyFile,
  username: string,
  password: string,
  at: string,
): Promise<PasswordAttempt> {
  const logPath = loginLogPathFor(dbPath);
  const who: FailureIdentity = failureIdentity(
    kf.databaseId,
    username,
    kf.users.some((u) => u.username === username),
  );
  assertNotLockedOut(logPath, who, at);
  try {
    const dataKey = await unwrapForUser(kf, username, password);
    return { dataKey, refuse: () => recordFailure(logPath, kf.databaseId, who, at) };
  } catch (e) {
    if (e instanceof ApiError && e.code === 'wrong_password')
      throw recordFailure(logPath, kf.databaseId, who, at);
    throw e;
  }
}
