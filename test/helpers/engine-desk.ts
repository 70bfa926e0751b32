/**
 * A database as `app.setup` leaves it — its administrator, the county, the 创建数据库 entry, and the key
 * file beside it — on either engine, built with the services themselves (session.ts's createDatabase is
 * the desk's file-and-key version of the same three writes).
 */
import { newDataKey, newKeyFile, wrapForUser, writeKeyFile } from '../../electron/db/keyfile.ts';
import { unitOfWork } from '../../electron/db/sql.ts';
import { keyFilePathFor } from '../../electron/paths.ts';
import { appendAudit } from '../../electron/services/audit/log.ts';
import type { Actor } from '../../electron/services/authz.ts';
import { setCounty } from '../../electron/services/settings/county.ts';
import type { KeyContext } from '../../electron/services/users/accounts.ts';
import { insertUser } from '../../electron/services/users/accounts.ts';
import type { FreshDb } from './engines.ts';
import { FAST_SCRYPT, TEST_COUNTY } from './tmp.ts';

export const ADMIN_PASSWORD = 'admin-secret-1';
export const SETUP_AT = '2026-11-02T01:00:00.000Z';

export interface Desk {
  admin: Actor;
  /** What the users services need to manage keys, at a given time. */
  keys(at?: string): KeyContext;
}

export async function setUpDesk(f: FreshDb): Promise<Desk> {
  const dataKey = newDataKey();
  const admin: Actor = { username: 'admin', displayName: '张管理', role: 'admin' };
  const kf = await wrapForUser(newKeyFile(), admin.username, ADMIN_PASSWORD, dataKey, FAST_SCRYPT);
  writeKeyFile(keyFilePathFor(f.dbPath), kf);
  unitOfWork(f.db, () => {
    insertUser(f.db, admin, SETUP_AT);
    setCounty(f.db, TEST_COUNTY);
    appendAudit(f.db, {
      at: SETUP_AT,
      actor: admin.username,
      action: 'database.create',
      target: null,
      detail: { county: TEST_COUNTY.name },
    });
  });
  return {
    admin,
    keys: (at = SETUP_AT) => ({ dbPath: f.dbPath, dataKey, scrypt: FAST_SCRYPT, at }),
  };
}
