/**
 * Byte order of UTF-8 strings (SPEC §6.4 sorts identifiers and employee numbers "by byte order").
 * UTF-8 byte order equals Unicode code-point order; JavaScript's `<` compares UTF-16 code units, which
 * agrees with it except between a surrogate (U+D800–DFFF) and U+E000–U+FFFF. Codes are ASCII in practice,
 * so the fast path is the native comparison and the exact one only runs when such characters occur.
 */

export function compareUtf8(a: string, b: string): number {
  if (a === b) return 0;
  const n = Math.min(a.length, b.length);
  for (let i = 0; i < n; i++) {
    let x = a.charCodeAt(i);
    let y = b.charCodeAt(i);
    if (x === y) continue;
    if (x >= 0xd800 && y >= 0xd800) {
      // Surrogates (supplementary planes) sort after U+E000–U+FFFF in code-point order.
      x = x >= 0xe000 ? x - 0x800 : x + 0x2000;
      y = y >= 0xe000 ? y - 0x800 : y + 0x2000;
    }
    return x - y;
  }
  return a.length - b.length;
}

/** True when native string comparison gives UTF-8 byte order for all these strings. */
export function nativeOrderIsByteOrder(values: readonly string[]): boolean {
  for (let i = 0; i < values.length; i++) {
    const v = values[i]!;
    for (let j = 0; j < v.length; j++) if (v.charCodeAt(j) >= 0xd800) return false;
  }
  return true;
}

/** Sorts strings in place in UTF-8 byte order; `knownSafe` skips the scan when the caller knows they are ASCII. */
export function sortUtf8(values: string[], knownSafe = false): string[] {
  return knownSafe || nativeOrderIsByteOrder(values) ? values.sort() : values.sort(compareUtf8);
}
