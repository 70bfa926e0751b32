/**
 * The text of a string item (`<si>` in the shared-string table, `<is>` of an inline string): its `<t>`
 * elements in order, rich-text runs joined, phonetic guides (`<rPh>`, the furigana/pinyin above a cell)
 * left out — as SheetJS gives it.
 */
import { xmlText } from './xml-text.ts';

function isNameEnd(code: number): boolean {
  return code === 0x3e || code === 0x20 || code === 0x2f || code === 0x09 || code === 0x0a || code === 0x0d;
}

export function itemText(xml: string, from: number, to: number): string {
  let out = '';
  let p = from;
  for (;;) {
    const at = xml.indexOf('<', p);
    if (at < 0 || at >= to) break;
    const c1 = xml.charCodeAt(at + 1);
    if (c1 === 0x74 /* t */ && isNameEnd(xml.charCodeAt(at + 2))) {
      const open = xml.indexOf('>', at);
      if (open < 0 || open >= to) break;
      if (xml.charCodeAt(open - 1) === 0x2f) {
        p = open + 1; // <t/>
        continue;
      }
      const close = xml.indexOf('</t>', open);
      if (close < 0 || close > to) break;
      out += xml.slice(open + 1, close);
      p = close + 4;
    } else if (c1 === 0x72 /* r */ && xml.startsWith('<rPh', at) && isNameEnd(xml.charCodeAt(at + 4))) {
      const close = xml.indexOf('</rPh>', at);
      p = close < 0 || close > to ? to : close + 6;
    } else p = at + 1;
  }
  return xmlText(out);
}
