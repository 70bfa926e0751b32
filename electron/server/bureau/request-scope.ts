/**
 * Which officer a call is for. A bureau server answers many browsers on one thread, and a call can
 * await (a password's scrypt, a job) while another runs, so the session travels with the call in an
 * AsyncLocalStorage rather than in a field of the backend.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { ServerSession, SessionLookup } from '../../services/users/server/sign-in.ts';

export interface RequestScope {
  /** The browser's session as found when the call arrived; `none` when it brought no token. */
  lookup: SessionLookup;
  /** The caller's network address, for the audit log's sign-in entries. */
  address: string | null;
  /** What the call wants done with the browser's cookie: a new session's token, or cleared. */
  cookie: { set: string } | 'clear' | null;
}

const scope = new AsyncLocalStorage<RequestScope>();

export function inScope<T>(s: RequestScope, fn: () => T): T {
  return scope.run(s, fn);
}

export function currentScope(): RequestScope {
  const s = scope.getStore();
  if (!s) throw new Error('a bureau call outside its request scope');
  return s;
}

export function openSessionOrNull(): ServerSession | null {
  const l = currentScope().lookup;
  return l.kind === 'open' ? l.session : null;
}
