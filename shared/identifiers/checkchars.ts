/**
 * Check characters of GB 32100-2015 (USCC) and GB 11714-1997 (organisation code), SPEC §3.
 * Callers pass upper-case, normalised bodies; these functions only compute.
 */
export const USCC_CHARSET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const USCC_WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const ORG_WEIGHTS = [3, 7, 9, 10, 5, 8, 4, 2] as const;

/** The 18th character for a 17-character USCC body, or null if the body has a character outside the charset. */
export function usccCheckChar(body17: string): string | null {
  if (body17.length !== 17) return null;
  let sum = 0;
  for (let i = 0; i < 17; i++) {
    const v = USCC_CHARSET.indexOf(body17[i]!);
    if (v < 0) return null;
    sum += v * USCC_WEIGHTS[i]!;
  }
  return USCC_CHARSET[(31 - (sum % 31)) % 31]!;
}

/** GB 11714 values: 0–9 are themselves, A–Z are 10–35 (I, O, S, V, Z keep their values here). */
function orgValue(ch: string): number {
  const c = ch.charCodeAt(0);
  if (c >= 48 && c <= 57) return c - 48;
  if (c >= 65 && c <= 90) return c - 55;
  return -1;
}

/** The 9th character for an 8-character organisation-code body, or null if a character is not 0–9/A–Z. */
export function orgCheckChar(body8: string): string | null {
  if (body8.length !== 8) return null;
  let sum = 0;
  for (let i = 0; i < 8; i++) {
    const v = orgValue(body8[i]!);
    if (v < 0) return null;
    sum += v * ORG_WEIGHTS[i]!;
  }
  const c = 11 - (sum % 11);
  return c === 10 ? 'X' : c === 11 ? '0' : String(c);
}

/** ISO 7064 MOD 11,10 check digit for the 14-digit body of a 15-digit 注册号 (GS15-2006). */
export function regNo15CheckDigit(body14: string): string | null {
  if (!/^\d{14}$/.test(body14)) return null;
  let p = 10;
  for (let i = 0; i < 14; i++) {
    let s = (p + (body14.charCodeAt(i) - 48)) % 10;
    if (s === 0) s = 10;
    p = (2 * s) % 11;
  }
  return String((11 - p) % 10);
}
