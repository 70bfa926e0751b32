/**
 * XML text and attributes as SheetJS reads them in an .xlsx, so both readers give the same strings:
 * the five named entities and numeric references, OOXML's `_xHHHH_` escapes (Excel writes control
 * characters such as a carriage return as `_x000D_`), and CR LF folded to LF.
 */
import { decline } from './declined.ts';

const NAMED: Record<string, string> = { quot: '"', apos: "'", gt: '>', lt: '<', amp: '&' };

function entity(ref: string, body: string): string {
  const named = NAMED[body.toLowerCase()];
  if (named !== undefined) return named;
  if (body[0] === '#') {
    const hex = body[1] === 'x' || body[1] === 'X';
    const code = Number.parseInt(body.slice(hex ? 2 : 1), hex ? 16 : 10);
    // SheetJS builds the character with fromCharCode (one UTF-16 unit); astral references are rare
    // enough in tables that a difference there is not worth a slower path.
    if (Number.isFinite(code) && code > 0) return String.fromCharCode(code);
  }
  return ref;
}

const ENTITY = /&(quot|apos|gt|lt|amp|#x?[\da-fA-F]+);/gi;
const OOXML_ESCAPE = /_x([\da-fA-F]{4})_/gi;

/** What xmlText has to act on; one scan tells the common text (none of it) from the rest. */
const SPECIAL = /<!|&|_[xX]|\r\n/;

/** Element text → string. `&` and `_x` are rare in real data, so the common string is returned as is. */
export function xmlText(raw: string): string {
  if (!SPECIAL.test(raw)) return detached(raw);
  if (raw.includes('<!')) decline('CDATA 段');
  let s = raw;
  if (s.includes('&')) s = s.replace(ENTITY, (ref, body: string) => entity(ref, body));
  if (s.includes('_x') || s.includes('_X'))
    s = s.replace(OOXML_ESCAPE, (_m, hex: string) => String.fromCharCode(Number.parseInt(hex, 16)));
  if (s.includes('\r\n')) s = s.replaceAll('\r\n', '\n');
  return detached(s);
}

/**
 * A copy of `s` that does not keep the text it was cut from alive. V8 makes a slice of 13 or more
 * characters a view into its parent, so every kept value would pin its whole decoded chunk of sheet
 * XML (hundreds of MB for 100,000 rows). Concatenating and slicing again flattens into a string of
 * this value's own length.
 */
function detached(s: string): string {
  return s.length < 13 ? s : ` ${s}`.slice(1);
}

/** An attribute's raw value inside one start tag (`<c r="A1" t="s">`), or undefined. */
export function attr(tag: string, name: string): string | undefined {
  return attrIn(tag, 0, tag.length, name);
}

/**
 * `xml.indexOf(name, from)` that stops at `to`: an attribute a cell lacks must not be searched for in
 * the rest of the sheet (a sheet without any `t` after a cell made the read quadratic).
 */
function indexWithin(xml: string, name: string, from: number, to: number): number {
  for (let i = from; i + name.length <= to; i++) if (xml.startsWith(name, i)) return i;
  return -1;
}

function isSpace(code: number): boolean {
  return code === 0x20 || code === 0x09 || code === 0x0a || code === 0x0d;
}

/**
 * `attr` of the start tag at xml[from, to) without cutting it out: a sheet has one start tag per cell,
 * and 2,000,000 cut-out tags were a tenth of the read.
 */
export function attrIn(xml: string, from: number, to: number, name: string): string | undefined {
  let start = from;
  for (;;) {
    const at = indexWithin(xml, name, start, to);
    if (at < 0) return undefined;
    start = at + name.length;
    // Preceded by whitespace and followed by `=`: not the tail of another attribute's name (`cm` vs `m`).
    if (at === from || !isSpace(xml.charCodeAt(at - 1))) continue;
    let p = start;
    while (p < to && xml.charCodeAt(p) === 0x20) p++;
    if (p >= to || xml.charCodeAt(p) !== 0x3d) continue;
    p++;
    while (p < to && xml.charCodeAt(p) === 0x20) p++;
    const quote = p < to ? xml[p] : undefined;
    if (quote !== '"' && quote !== "'") return undefined;
    const end = xml.indexOf(quote, p + 1);
    return end < 0 || end >= to ? undefined : xml.slice(p + 1, end);
  }
}
