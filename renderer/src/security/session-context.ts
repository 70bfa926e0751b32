/**
 * The logged-in user for any component below the app shell, so a page can hide what the role cannot
 * do. Hiding is only for comfort: the backend refuses those calls itself (roles.test.ts).
 */
import { createContext, useContext } from 'react';
import { can, type Permission } from '../../../shared/domain/permissions.ts';
import type { UserInfo } from '../../../shared/domain/users.ts';

export const SessionUserContext = createContext<UserInfo | null>(null);

export function useSessionUser(): UserInfo | null {
  return useContext(SessionUserContext);
}

export function useCan(): (p: Permission) => boolean {
  const user = useSessionUser();
  return (p) => user !== null && can(user.role, p);
}

/** Fired on `window` when an administrator changes the idle time, so the app's own timer follows. */
export const IDLE_CHANGED_EVENT = 'creditdesk:idle-changed';
