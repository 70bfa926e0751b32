/**
 * Normalisation of identifiers typed or pasted by users (SPEC §3): values come from Excel, scanned
 * licences and Chinese IMEs, so full-width characters, separators and lower case are common and harmless.
 */

/** Dash-like characters people (or IMEs/Word autocorrect) put between groups, e.g. "XXXXXXXX-X". */
const DASHES = /[-\u2010-\u2015\u2212\uFE58\uFE63\uFF0D]/g;
/** \s covers U+3000 and NBSP; zero-width characters and BOM survive copy/paste from web pages and Excel. */
const SPACES = /[\s\u200B-\u200D\u2060\uFEFF]/g;

const FULL_WIDTH = /[\uFF01-\uFF5E\u3000]/;

/** Full-width ASCII (U+FF01–U+FF5E) → half-width, ideographic space → space. Nothing else changes. */
export function foldWidth(raw: string): string {
  // Most text has nothing to fold: one test instead of rebuilding it character by character.
  if (!FULL_WIDTH.test(raw)) return raw;
  let out = '';
  for (const ch of raw) {
    const c = ch.charCodeAt(0);
    if (c >= 0xff01 && c <= 0xff5e) out += String.fromCharCode(c - 0xfee0);
    else if (c === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}

/** Trim, fold full-width, drop all whitespace and dashes, upper-case. */
export function normalizeCode(raw: string): string {
  return foldWidth(raw).replace(SPACES, '').replace(DASHES, '').toUpperCase();
}
