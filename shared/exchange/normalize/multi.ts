/**
 * Multi-value cells (SPEC §7): “罚款、没收”, “保化检查员,药品检查员”, “A；E”. Separators are the ASCII and
 * full-width comma, the enumeration comma 、, semicolons, slash and line breaks.
 */
import type { Cell } from '../types.ts';
import { cleanText, isNullWord } from './text.ts';

const SEPARATORS = /[,，、;；/／|｜\n\r]+/;

/** Split, trim, drop empties and placeholders, keep the first occurrence of each value in order. */
export function splitMulti(cell: Cell): string[] {
  const text = typeof cell === 'string' ? cell : cleanText(cell);
  const seen = new Set<string>();
  for (const part of text.split(SEPARATORS)) {
    const v = cleanText(part);
    if (v !== '' && !isNullWord(v)) seen.add(v);
  }
  return [...seen];
}
