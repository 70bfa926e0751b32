/**
 * Spotting a 居民身份证号 (GB 11643) typed into a USCC column (SPEC §3): an ID number can pass the USCC
 * checksum (domain-facts §7, hutool#1367), so the checksum alone cannot tell them apart.
 */
import { daysInMonth } from '../dates/iso-date.ts';

/**
 * Province codes that begin an ID number (81/82/83: 港澳台居民居住证). Requiring one keeps real
 * 91/92/93 codes (a county region ending in 19/20 followed by digits) from being flagged.
 */
const PROVINCES = new Set([
  ...['11', '12', '13', '14', '15', '21', '22', '23', '31', '32', '33', '34', '35', '36', '37'],
  ...['41', '42', '43', '44', '45', '46', '50', '51', '52', '53', '54', '61', '62', '63', '64', '65'],
  ...['71', '81', '82', '83'],
]);

/**
 * The birth date ("YYYY-MM-DD") if an 18-character normalised code has the shape of an ID number:
 * 17 digits + digit/X, a province code first, and positions 7–14 a real date in 1900–2030; else null.
 */
export function idNumberBirthDate(code: string): string | null {
  if (!/^\d{17}[\dX]$/.test(code) || !PROVINCES.has(code.slice(0, 2))) return null;
  const y = Number(code.slice(6, 10));
  const m = Number(code.slice(10, 12));
  const d = Number(code.slice(12, 14));
  if (y < 1900 || y > 2030 || m < 1 || m > 12 || d < 1) return null;
  if (d > daysInMonth(y, m)) return null;
  return `${code.slice(6, 10)}-${code.slice(10, 12)}-${code.slice(12, 14)}`;
}
