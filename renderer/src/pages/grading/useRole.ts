import { useEffect, useState } from 'react';
import { can, type Permission } from '../../../../shared/domain/permissions.ts';
import type { Role } from '../../../../shared/domain/users.ts';
import { api } from '../../api.ts';

/**
 * The logged-in user's role, to hide buttons the user could not use anyway (the backend checks every
 * call itself). Read from app.status, so pages need no session prop.
 */
export function usePermissions(): (p: Permission) => boolean {
  const [role, setRole] = useState<Role | null>(null);
  useEffect(() => {
    let live = true;
    api.call('app.status', {}).then(
      (s) => live && setRole(s.user?.role ?? null),
      () => undefined,
    );
    return () => {
      live = false;
    };
  }, []);
  return (p) => role !== null && can(role, p);
}
