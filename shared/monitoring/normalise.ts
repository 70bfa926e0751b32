/**
 * The keys addresses and people are grouped by (docs/monitoring.md “规范化”). Deliberately plain: two
 * spellings merge only when they differ by full-width/half-width forms, whitespace or letter case, so
 * “幸福路1号” and “幸福路11号” stay apart and nothing is guessed. The database stores these keys
 * (`address_key`, `person_key`), so changing them means recomputing the stored keys.
 */

/** Full-width ASCII (！ to ～) → half-width, the ideographic space → a space (removed below). */
function toHalfWidth(s: string): string {
  return s.replace(/[\uFF01-\uFF5E\u3000]/g, (c) =>
    c === '\u3000' ? ' ' : String.fromCharCode(c.charCodeAt(0) - 0xfee0),
  );
}

function baseKey(s: string | null | undefined): string | null {
  if (s == null) return null;
  // \s covers the ideographic space and no-break spaces; zero-width characters are invisible in forms.
  const key = toHalfWidth(s)
    .replace(/[\s\u200B-\u200D\uFEFF]+/g, '')
    .toUpperCase();
  return key === '' ? null : key;
}

/** An address as a grouping key; null when empty. */
export function normaliseAddress(s: string | null | undefined): string | null {
  return baseKey(s);
}

/**
 * A person's name as a grouping key; null when empty. The dots between the parts of a transliterated
 * name (买买提·艾力) are typed as several look-alike characters; they are one separator.
 */
export function normalisePersonName(s: string | null | undefined): string | null {
  const key = baseKey(s);
  return key === null ? null : key.replace(/[\u00B7\u2022\u2027\u30FB\uFF65\u2219]/g, '·');
}
