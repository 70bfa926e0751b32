/**
 * Thrown inside the fast .xlsx reader when a file is well-formed but unusual (strict OOXML, prefixed
 * XML, a cell type it does not know …): the caller then reads the whole file with SheetJS instead. It is
 * never a verdict on the file — only "not the common case".
 */
import type { ReadError } from '../types.ts';

export class Declined extends Error {
  readonly reason: string;
  constructor(reason: string) {
    super(reason);
    this.reason = reason;
  }
}

export function decline(reason: string): never {
  throw new Declined(reason);
}

/** Thrown when the file breaks a limit: the read ends with this error, exactly as the old path would. */
export class Refused extends Error {
  readonly error: ReadError;
  constructor(error: ReadError) {
    super(error.message);
    this.error = error;
  }
}
