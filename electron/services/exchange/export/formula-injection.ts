/**
 * Formula injection (CSV/Excel injection, SPEC §7): a cell text starting with `=`, `+`, `-` or `@`
 * (or a tab/carriage return that some programs skip before evaluating) can run as a formula when the
 * file is opened or re-saved as CSV. Exports prefix such text with an apostrophe, the OWASP advice;
 * the importer removes exactly that prefix again, so an export → import round trip is lossless.
 */
const DANGEROUS = /^[=+\-@\t\r]/;

export function neutralizeFormula(text: string): string {
  return DANGEROUS.test(text) ? `'${text}` : text;
}

/** The inverse, applied to every imported text cell: `'=1+1` → `=1+1`; anything else unchanged. */
export function restoreNeutralized(text: string): string {
  return text.length > 1 && text[0] === "'" && DANGEROUS.test(text.slice(1)) ? text.slice(1) : text;
}
