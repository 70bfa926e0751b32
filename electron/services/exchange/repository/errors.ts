/**
 * The database's refusals in the terms of the exchange, so services need not know the engine's error
 * codes: SQLite's `SQLITE_CONSTRAINT_*`, PostgreSQL's SQLSTATE class 23 (integrity constraint violation).
 */

/** A write refused because other rows still refer to the row (a plan, a grading result …). */
export function isStillReferenced(e: unknown): boolean {
  const code = engineCode(e);
  return code === 'SQLITE_CONSTRAINT_FOREIGNKEY' || code === '23503';
}

/** A write refused by a constraint (a unique identifier taken, a check). */
export function isConstraintViolation(e: unknown): boolean {
  const code = engineCode(e);
  if (code === undefined) return false;
  return code.startsWith('SQLITE_CONSTRAINT') || /^23[0-9A-Z]{3}$/.test(code);
}

function engineCode(e: unknown): string | undefined {
  if (!(e instanceof Error) || !('code' in e)) return undefined;
  return typeof e.code === 'string' ? e.code : undefined;
}
