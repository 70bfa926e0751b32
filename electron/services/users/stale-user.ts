/** A profile edit based on a user another administrator has changed since is refused (issue 17 item 3). */
import { ApiError } from '../../../shared/api/errors.ts';
import { ROLE_LABELS } from '../../../shared/domain/users.ts';
import type { DataDoor } from '../../db/sql.ts';
import { lastEntryAbout } from '../audit/repository.ts';
import { refuseStaleEdit } from '../row-version/stale-edit.ts';
import { findUser } from './repository.ts';

/** Called when the versioned UPDATE wrote nothing: always throws. */
export function refuseStaleUser(db: DataDoor, username: string, expectedVersion: number | undefined): never {
  const u = findUser(db, username);
  refuseStaleEdit(db, {
    what: `用户“${username}”`,
    expected: expectedVersion,
    current: u && !u.removed ? u.version : null,
    // The users table keeps no updated_by: every change of a user is audited under the user's name.
    last: () => lastEntryAbout(db, username, 'user.'),
    values: () => (u ? `姓名：${u.displayName}；角色：${ROLE_LABELS[u.role]}` : ''),
  });
  throw new ApiError('conflict', `用户“${username}”已被他人修改，你的修改未保存。请刷新后重试。`);
}
