import type { Migration } from '../migrate.ts';

/**
 * Version 15 is the bureau server's sign-in (its PostgreSQL twin creates `server_accounts` and
 * `server_sessions`). A desk keeps its passwords in the key file and its one session in memory, so on
 * SQLite the version changes nothing: it exists so both engines count their versions alike, which is
 * how `creditdesk server import-desk` tells a desk and a server of the same program apart from ones of
 * different programs.
 */
export const m015ServerSignIn: Migration = {
  version: 15,
  name: 'server_sign_in',
  up() {},
  countsOnly: true,
};
