/**
 * Header signatures (SPEC §7: “mappings are saved and reused when the same header appears again”).
 * The signature is a hash of the normalised header labels in column order, so a file exported again
 * from the same system — whatever its title row or data — gets the same signature, while a file whose
 * columns moved gets a new one (its old mapping would put values in the wrong fields).
 */
import { normalizeHeaderLabel } from './header-label.ts';

/** FNV-1a 32-bit over UTF-16 code units, twice with different seeds: short, stable, pure. */
function fnv1a(text: string, seed: number): string {
  let h = seed >>> 0;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}

/** 'h1:' + 16 hex digits. Trailing empty headers are ignored; inner empty ones count as positions. */
export function headerSignature(labels: readonly string[]): string {
  const norm = labels.map((l) => normalizeHeaderLabel(l));
  while (norm.length > 0 && norm[norm.length - 1] === '') norm.pop();
  const text = norm.join('\u001f');
  return `h1:${fnv1a(text, 0x811c9dc5)}${fnv1a(text, 0x01234567)}`;
}
