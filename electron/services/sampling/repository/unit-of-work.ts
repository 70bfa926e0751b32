/**
 * The sampling services' transactions: a service that checks, writes and audits in several steps runs
 * them as one unit of work through here, so it never reaches for the connection's own transaction API.
 */
export { unitOfWork } from '../../../db/sql.ts';
