/**
 * The shared-string table, parsed as it streams out of the inflater: one string per `<si>`, held as a
 * plain array (the strings themselves are what the sheet needs; nothing else of the part is kept).
 */
import { decline } from './declined.ts';
import { itemText } from './rich-text.ts';
import { TextUnits } from './text-units.ts';

export function sharedStringsSink(out: string[]): TextUnits {
  let rootSeen = false;
  return new TextUnits('</si>', (text, last) => {
    if (!rootSeen) {
      if (text.includes('purl.oclc.org/ooxml')) decline('严格 OOXML（共享字符串）');
      // A prefixed table (`<x:sst>`) is legal but uncommon: SheetJS handles it.
      if (!/<sst[\s>/]/.test(text)) {
        if (last || text.length > 4096) decline('共享字符串的根元素不是 <sst>');
        return;
      }
      rootSeen = true;
    }
    let p = 0;
    for (;;) {
      const at = text.indexOf('<si', p);
      if (at < 0) break;
      const c = text.charCodeAt(at + 3);
      if (c !== 0x3e && c !== 0x20 && c !== 0x2f) {
        p = at + 3;
        continue;
      }
      const open = text.indexOf('>', at);
      if (open < 0) break;
      // SheetJS splits the table on `</si>`, so an empty `<si/>` shifts every later index there: a
      // file with one is left to it rather than read differently.
      if (text.charCodeAt(open - 1) === 0x2f) decline('空的共享字符串 <si/>');
      const close = text.indexOf('</si>', open);
      if (close < 0) {
        if (last) decline('共享字符串不完整');
        break;
      }
      out.push(itemText(text, open + 1, close));
      p = close + 5;
    }
  });
}
