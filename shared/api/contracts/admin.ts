/**
 * The old name of the users and audit contracts, kept only so the renderer's type imports resolve
 * until they name users.ts / audit.ts themselves (issue 16: one name per area). Add nothing here.
 */
export type { AuditEntryRow, AuditFilter, AuditVerifyOutput } from './audit.ts';
export type { UserListItem } from './users.ts';
