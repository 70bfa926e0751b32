/**
 * Text cleaning (SPEC §7 “full-width → half-width; trim”). Two strengths:
 * - foldAll: every full-width ASCII character becomes half-width — for codes, dates, amounts, numbers,
 *   where “２０２４－０１－０２” or “１，４２８万元” must read like their ASCII forms;
 * - cleanText: only full-width letters, digits and spaces are folded — for names and free text, because
 *   registered names are written with full-width Chinese brackets (“全美世界（浙江）药业有限公司”) and
 *   folding them would change the legal name.
 */
import { foldWidth } from '../../identifiers/normalize.ts';
import type { Cell, Normalized } from '../types.ts';

const WIDE = /[\uFF01-\uFF5E\u3000]/;

/** Every full-width ASCII character → half-width (foldWidth of shared/identifiers, skipped when none). */
export function foldAll(raw: string): string {
  return WIDE.test(raw) ? foldWidth(raw) : raw;
}

/** Zero-width characters and BOMs survive copy/paste from web pages; NBSP comes from HTML exports. */
const INVISIBLE = /[\u200B-\u200D\u2060\uFEFF]/g;
const SPACE_RUN = /[\s\u00A0\u3000]+/g;

/** Full-width digits and Latin letters (and the ideographic space) → half-width; punctuation kept. */
export function foldAlnum(raw: string): string {
  if (!WIDE.test(raw)) return raw;
  let out = '';
  for (const ch of raw) {
    const c = ch.charCodeAt(0);
    if ((c >= 0xff10 && c <= 0xff19) || (c >= 0xff21 && c <= 0xff3a) || (c >= 0xff41 && c <= 0xff5a)) {
      out += String.fromCharCode(c - 0xfee0);
    } else if (c === 0x3000) out += ' ';
    else out += ch;
  }
  return out;
}

/**
 * A cell as display text: numbers without float noise (integers in full, never “9.13E+17” — callers
 * that care about lost digits check the number first), booleans as 是/否, null as ''.
 */
export function cellText(cell: Cell): string {
  if (cell === null) return '';
  if (typeof cell === 'string') return cell;
  if (typeof cell === 'boolean') return cell ? '是' : '否';
  if (!Number.isFinite(cell)) return '';
  if (Number.isInteger(cell)) return Math.abs(cell) < 1e21 ? BigInt(cell).toString() : String(cell);
  // 15 significant digits is what Excel shows; it removes binary noise like 2087.0249999999996.
  return String(Number(cell.toPrecision(15)));
}

/**
 * Anything cleanText would change: full-width forms, invisible characters, whitespace of any kind.
 * Most cells of a large list have none, and skipping three replaces on them is a fifth of the time an
 * import spends normalising (profiled at 100,000 × 20).
 */
const NEEDS_CLEANING = /[\uFF01-\uFF5E\u3000\u200B-\u200D\u2060\uFEFF\s\u00A0]/;

/** Trim, drop invisible characters, collapse inner whitespace runs (line breaks included) to one space. */
export function cleanText(cell: Cell): string {
  const text = cellText(cell);
  if (!NEEDS_CLEANING.test(text)) return text;
  return foldAlnum(text).replace(INVISIBLE, '').replace(SPACE_RUN, ' ').trim();
}

/** A character that is neither whitespace (what trim removes) nor invisible. */
const VISIBLE = /[^\s\u200B-\u200D\u2060\uFEFF]/;

/** True when a cell holds nothing a person would call a value. */
export function isBlank(cell: Cell): boolean {
  // Same as “nothing left after dropping invisibles and trimming”, without building either string.
  return cell === null || (typeof cell === 'string' && !VISIBLE.test(cell));
}

/**
 * Placeholders that mean “no value” in government exports and templates. Not '无' in general: in some
 * columns (专业资质资格 “没有则填写‘无’”) it is a real answer, so callers opt in with `emptyWords`.
 */
const NULL_WORDS = new Set(['N/A', 'NA', '#N/A', 'NULL', '-', '--', '—', '/', '\\']);

/** A character no placeholder (nor its full-width form, nor the spaces around it) contains. */
const NOT_IN_NULL_WORDS = /[^\sA-Za-z#/\\\-—\uFF01-\uFF5E\u3000]/;

export function isNullWord(text: string): boolean {
  if (text.length > 8) return false; // the longest placeholder is a few characters; skip the work
  // Names, digits, dates: decided by their first character, without folding and upper-casing.
  if (NOT_IN_NULL_WORDS.test(text)) return false;
  return NULL_WORDS.has(foldAll(text).trim().toUpperCase());
}

/** Text field: cleaned text, or null when blank or a placeholder. */
export function normalizeText(cell: Cell): Normalized<string> {
  const text = cleanText(cell);
  if (text === '' || isNullWord(text)) return { value: null };
  return { value: text };
}

/** Code-like text (决定书文号, 事项编码): fully folded, whitespace removed, upper-case Latin letters. */
export function normalizeCodeText(cell: Cell): Normalized<string> {
  const text = foldWidth(cellText(cell)).replace(INVISIBLE, '').replace(SPACE_RUN, '').trim();
  if (text === '' || isNullWord(text)) return { value: null };
  return { value: text.toUpperCase() };
}
