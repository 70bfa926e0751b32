/**
 * Values damaged by Excel treating a code column as numbers (SPEC §3). Inputs are width-folded but not yet
 * normalised: normalisation would strip signs and separators that tell us what happened.
 */

/**
 * "9.13301E+17", "9.13301e17", "9,13301E+17" (decimal comma locales), "9E+17". A decimal separator or an
 * explicit '+' is required because a genuine USCC may be digits–E–digits (e.g. "...12345E1234").
 */
const SCIENTIFIC = /^[+-]?\d+(?:[.,]\d*)?E[+-]?\d{1,3}$/i;

export function isExcelScientific(folded: string): boolean {
  const s = folded.replace(/\s/g, '');
  return SCIENTIFIC.test(s) && /[.,+]/.test(s);
}

/** "330100000111310.0" → "330100000111310"; null when the value is not digits followed by ".0…". */
export function stripExcelDecimal(folded: string): string | null {
  const m = /^(\d+)\.0+$/.exec(folded.replace(/\s/g, ''));
  return m ? m[1]! : null;
}

/**
 * Excel keeps 15 significant digits, so a 13- or 15-digit number survives as a number exactly, while
 * anything longer (an all-digit USCC) has already lost its last digits.
 */
export const EXCEL_EXACT_DIGITS = 15;
