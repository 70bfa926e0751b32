/** The log's Chinese names live in shared/audit (the backend describes entries the same way for Excel). */
export { auditActionIsWarning, auditActionLabel } from '../../../../../shared/audit/actions.ts';
export { formatLocalTime } from '../../../../../shared/audit/local-time.ts';
