/**
 * A bureau server's first administrator and county profile, written once into an empty (migrated)
 * PostgreSQL database. The desk does the same in its first-run page; a server does it from the command
 * line on the server itself, so nobody on the network can claim a fresh server before its administrator.
 */
import { ApiError } from '../../../../shared/api/errors.ts';
import type { CountyProfile } from '../../../../shared/domain/county.ts';
import type { UserInfo } from '../../../../shared/domain/users.ts';
import type { ScryptParams } from '../../../db/keyfile.ts';
import { type DataDoor, unitOfWork } from '../../../db/sql.ts';
import { appendAudit } from '../../audit/log.ts';
import { getCounty, setCounty } from '../../settings/county.ts';
import { insertUser, listActiveUsers } from '../accounts.ts';
import { hashPassword } from './password-hash.ts';
import { savePasswordHash } from './repository.ts';

export async function initServer(
  db: DataDoor,
  req: { county: CountyProfile; admin: { username: string; displayName: string; password: string } },
  at: string,
  scrypt?: ScryptParams,
): Promise<UserInfo> {
  const refuse = () =>
    new ApiError('database_exists', '该服务器数据库已经初始化过（已有县区概况或用户），未作任何改动。');
  if (getCounty(db) || listActiveUsers(db).length > 0) throw refuse();
  const hash = await hashPassword(req.admin.password, scrypt);
  const user: UserInfo = { username: req.admin.username, displayName: req.admin.displayName, role: 'admin' };
  unitOfWork(db, () => {
    // Checked again inside the transaction: two administrators initialising at once, one wins.
    if (getCounty(db) || listActiveUsers(db).length > 0) throw refuse();
    insertUser(db, user, at);
    savePasswordHash(db, user.username, hash, at);
    setCounty(db, req.county);
    appendAudit(db, {
      at,
      actor: user.username,
      action: 'server.init',
      target: null,
      detail: { county: req.county.name },
    });
  });
  return user;
}
