/**
 * The 53-bit digest of a stored row that undo compares (after-images.ts): on SQLite the function
 * cd_exchange_row_digest registered on the connection runs it inside SQL; on PostgreSQL the repository
 * runs it here on the rows as read (after-images-pg.ts). Same values in, same digest out: a row moved from
 * the desk to the server keeps its digest.
 */

/**
 * cyrb53 (public domain) over the row's values, each typed and delimited so that no two different rows
 * feed it alike: a fast, well-mixed 53-bit hash, exact as a JS number and as a SQLite INTEGER. Hashes the
 * values in place (no joined string): it runs once per row of a 100,000-row batch at commit and at undo.
 */
export function rowDigest(...values: unknown[]): number {
  let h1 = 0xdeadbeef;
  let h2 = 0x41c6ce57;
  const mark = (code: number) => {
    h1 = Math.imul(h1 ^ code, 2654435761);
    h2 = Math.imul(h2 ^ code, 1597334677);
  };
  // A value as type tag, its UTF-16 units, then its length + 0x10000 (never a unit): no two different
  // rows feed alike.
  const feed = (tag: number, s: string) => {
    mark(tag);
    for (let i = 0; i < s.length; i++) mark(s.charCodeAt(i));
    mark(s.length + 0x10000);
  };
  for (const v of values) {
    if (v === null || v === undefined) mark(0x4e);
    else if (typeof v === 'string') feed(0x73, v);
    else if (typeof v === 'number' || typeof v === 'bigint') feed(0x6e, String(v));
    else if (v instanceof Uint8Array) feed(0x78, Buffer.from(v).toString('hex'));
    else feed(0x3f, String(v));
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}
