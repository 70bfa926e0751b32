/**
 * The database's refusals in the terms of the exchange, so services need not know the engine's error
 * codes (a PostgreSQL twin maps its own SQLSTATEs here).
 */

/** A write refused because other rows still refer to the row (a plan, a grading result …). */
export function isStillReferenced(e: unknown): boolean {
  return engineCode(e) === 'SQLITE_CONSTRAINT_FOREIGNKEY';
}

/** A write refused by a constraint (a unique identifier taken, a check). */
export function isConstraintViolation(e: unknown): boolean {
  return engineCode(e)?.startsWith('SQLITE_CONSTRAINT') ?? false;
}

function engineCode(e: unknown): string | undefined {
  if (!(e instanceof Error) || !('code' in e)) return undefined;
  return typeof e.code === 'string' ? e.code : undefined;
}
