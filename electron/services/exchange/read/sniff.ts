/**
 * Format detection from the first bytes (the extension is only a tie-breaker): users rename files, and
 * web systems save HTML or XML as “.xls”.
 */

export type Sniffed =
  | { kind: 'zip' }
  | { kind: 'cfb' }
  | { kind: 'biff' } // a bare BIFF2–5 stream without a compound-file wrapper
  | { kind: 'xml' }
  | { kind: 'html' }
  | { kind: 'text' }
  | { kind: 'binary' }
  | { kind: 'empty' };

const CFB = [0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1];

function startsWith(bytes: Uint8Array, sig: readonly number[]): boolean {
  if (bytes.length < sig.length) return false;
  for (let i = 0; i < sig.length; i++) if (bytes[i] !== sig[i]) return false;
  return true;
}

/** The first ~1 KiB as Latin-1 text, lower-cased, BOMs and leading whitespace removed. */
function head(bytes: Uint8Array): string {
  let start = 0;
  if (startsWith(bytes, [0xef, 0xbb, 0xbf])) start = 3;
  else if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) {
    // UTF-16: keep every other byte, enough to see '<html' or '<?xml'.
    const out: number[] = [];
    const lo = bytes[0] === 0xff ? 2 : 3;
    for (let i = lo; i < Math.min(bytes.length, 2048); i += 2) out.push(bytes[i]!);
    return String.fromCharCode(...out)
      .trimStart()
      .toLowerCase();
  }
  return String.fromCharCode(...bytes.subarray(start, start + 1024))
    .trimStart()
    .toLowerCase();
}

/** True when the bytes look like text: no NUL bytes and few control characters in the first 8 KiB. */
function looksLikeText(bytes: Uint8Array): boolean {
  if (startsWith(bytes, [0xff, 0xfe]) || startsWith(bytes, [0xfe, 0xff])) return true;
  const n = Math.min(bytes.length, 8192);
  let control = 0;
  for (let i = 0; i < n; i++) {
    const b = bytes[i]!;
    if (b === 0) return false;
    if (b < 0x09 || (b > 0x0d && b < 0x20)) control++;
  }
  return control <= n / 100;
}

export function sniffFormat(bytes: Uint8Array): Sniffed {
  if (bytes.length === 0) return { kind: 'empty' };
  if (startsWith(bytes, [0x50, 0x4b, 0x03, 0x04]) || startsWith(bytes, [0x50, 0x4b, 0x05, 0x06])) {
    return { kind: 'zip' };
  }
  if (startsWith(bytes, CFB)) return { kind: 'cfb' };
  // BIFF2/3/4/5 BOF records: 09 00 / 09 02 / 09 04 / 09 08, then a small length.
  if (
    bytes.length >= 4 &&
    bytes[0] === 0x09 &&
    [0x00, 0x02, 0x04, 0x08].includes(bytes[1]!) &&
    bytes[3] === 0x00
  ) {
    return { kind: 'biff' };
  }
  if (!looksLikeText(bytes)) return { kind: 'binary' };
  const h = head(bytes);
  if (h.startsWith('<?xml') || h.startsWith('<workbook') || h.startsWith('<ss:workbook')) {
    // SpreadsheetML 2003 declares an html: namespace and may use <html:Font>; a real HTML page has no Workbook.
    if (/<(ss:)?workbook[\s>]/.test(h)) return { kind: 'xml' };
    return /<(html|table)[\s>]/.test(h) ? { kind: 'html' } : { kind: 'xml' };
  }
  if (
    h.startsWith('<!doctype html') ||
    h.startsWith('<html') ||
    h.startsWith('<table') ||
    h.startsWith('<meta')
  ) {
    return { kind: 'html' };
  }
  return { kind: 'text' };
}

export function extensionOf(fileName: string): string {
  const m = fileName.match(/\.([A-Za-z0-9]+)$/);
  return m ? m[1]!.toLowerCase() : '';
}
