/**
 * The deepest nesting of arrays and objects in a JSON text, counted without parsing it. A request
 * nested thousands deep parses fine but cannot be passed on to the backend worker (copying it between
 * threads overflows the stack), so such a body is refused before it is parsed.
 */
export const MAX_JSON_DEPTH = 64;

export function jsonNestingExceeds(text: string, limit: number = MAX_JSON_DEPTH): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c)
        i++; // backslash: the next character is escaped
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return false;
}
