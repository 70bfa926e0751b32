import { ApiError } from '../../shared/api/errors.ts';
import { can, PERMISSIONS, type Permission } from '../../shared/domain/permissions.ts';
import { ROLE_LABELS, type UserInfo } from '../../shared/domain/users.ts';

/** Who is doing something: every service that changes or reveals data takes one and checks it here. */
export type Actor = UserInfo;

/** Throws 'forbidden' with a Chinese message naming the role and the refused action. */
export function authorize(actor: Actor, permission: Permission): void {
  if (!can(actor.role, permission)) {
    throw new ApiError(
      'forbidden',
      `当前角色（${ROLE_LABELS[actor.role]}）无权${PERMISSIONS[permission]}，请联系管理员。`,
    );
  }
}
