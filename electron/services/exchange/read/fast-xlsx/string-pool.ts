/**
 * One string object for each short value that repeats down a column (主体类型, 登记状态, dates, 乡镇,
 * 管辖单位 …). Shared strings come deduplicated by the workbook itself; inline strings (our own
 * exports write them) arrive as a fresh string per cell, and at 100,000 × 20 the repeats were a good
 * part of the rows' memory held from the preview to the commit. Bounded: long values rarely repeat,
 * and a hostile sheet of distinct short values fills the pool once and then passes through.
 */
export const MAX_LENGTH = 16;
export const MAX_ENTRIES = 65_536;

export class StringPool {
  private readonly pool = new Map<string, string>();

  /** Values kept (what the bound applies to). */
  get size(): number {
    return this.pool.size;
  }

  share(s: string): string {
    if (s.length > MAX_LENGTH) return s;
    const kept = this.pool.get(s);
    if (kept !== undefined) return kept;
    if (this.pool.size < MAX_ENTRIES) this.pool.set(s, s);
    return s;
  }
}
