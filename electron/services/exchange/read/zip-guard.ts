/**
 * Zip bomb guard for .xlsx/.ods (SPEC §7: “hostile files (zip bombs, huge shared strings …) end with a
 * clear message, never a hang or a crash”). Before SheetJS inflates anything, the central directory is
 * read and every entry checked: count, declared sizes, compression ratio; then each entry is inflated
 * in small slices and its real size counted (a header can lie about the size; the counter cannot), with
 * the output thrown away at once, so memory stays flat whatever the archive holds.
 */
import { Inflate } from 'fflate';
import { CellCounter, isWorksheetPart } from './cell-counter.ts';
import type { ReadLimits } from './types.ts';

export interface ZipEntryInfo {
  name: string;
  method: number;
  flags: number;
  compressedSize: number;
  uncompressedSize: number;
  localHeaderOffset: number;
}

export type ZipInspection =
  | {
      ok: true;
      entries: ZipEntryInfo[];
      totalUncompressed: number;
      /** Cells and rows of all worksheets together (OOXML only; 0 for other zip formats). */
      cells: number;
      rows: number;
    }
  | { ok: false; reason: 'corrupt' | 'encrypted' | 'bomb' | 'too-large'; detail: string };

const EOCD = 0x06054b50;
const CEN = 0x02014b50;
const LOC = 0x04034b50;
/** Entries smaller than this are never called bombs, whatever their ratio (tiny XML compresses well). */
const RATIO_FLOOR_BYTES = 8 * 1024 * 1024;
/** Compressed bytes pushed to the inflater at a time: at most ~1032× that comes out per push. */
const SLICE = 16 * 1024;

function u16(b: Uint8Array, o: number): number {
  return b[o]! | (b[o + 1]! << 8);
}
function u32(b: Uint8Array, o: number): number {
  return (b[o]! | (b[o + 1]! << 8) | (b[o + 2]! << 16) | (b[o + 3]! << 24)) >>> 0;
}

function findEocd(b: Uint8Array): number {
  const min = Math.max(0, b.length - 22 - 0xffff);
  for (let o = b.length - 22; o >= min; o--) if (u32(b, o) === EOCD) return o;
  return -1;
}

export type ZipFailure = Extract<ZipInspection, { ok: false }>;

/** Where an entry's inflated bytes go while it is checked (the cell counter, a streaming parser …). */
export interface ChunkSink {
  push(chunk: Uint8Array): void;
}

export function readDirectory(b: Uint8Array, limits: ReadLimits): ZipInspection {
  const eocd = findEocd(b);
  if (eocd < 0) return { ok: false, reason: 'corrupt', detail: '找不到压缩包目录，文件可能不完整' };
  const count = u16(b, eocd + 10);
  const cdOffset = u32(b, eocd + 16);
  if (count === 0xffff || cdOffset === 0xffffffff) {
    return { ok: false, reason: 'too-large', detail: 'ZIP64 格式（文件过大）' };
  }
  if (count > limits.maxZipEntries) {
    return { ok: false, reason: 'bomb', detail: `压缩包内有 ${count} 个文件` };
  }
  const entries: ZipEntryInfo[] = [];
  let o = cdOffset;
  let total = 0;
  for (let i = 0; i < count; i++) {
    if (o + 46 > b.length || u32(b, o) !== CEN) {
      return { ok: false, reason: 'corrupt', detail: '压缩包目录已损坏' };
    }
    const flags = u16(b, o + 8);
    const method = u16(b, o + 10);
    const compressedSize = u32(b, o + 20);
    const uncompressedSize = u32(b, o + 24);
    const nameLen = u16(b, o + 28);
    const extraLen = u16(b, o + 30);
    const commentLen = u16(b, o + 32);
    const localHeaderOffset = u32(b, o + 42);
    if (o + 46 + nameLen > b.length) return { ok: false, reason: 'corrupt', detail: '压缩包目录已损坏' };
    const name = new TextDecoder('utf-8').decode(b.subarray(o + 46, o + 46 + nameLen));
    if (compressedSize === 0xffffffff || uncompressedSize === 0xffffffff) {
      return { ok: false, reason: 'too-large', detail: 'ZIP64 格式（文件过大）' };
    }
    if (flags & 1) return { ok: false, reason: 'encrypted', detail: name };
    entries.push({ name, method, flags, compressedSize, uncompressedSize, localHeaderOffset });
    total += uncompressedSize;
    o += 46 + nameLen + extraLen + commentLen;
  }
  return { ok: true, entries, totalUncompressed: total, cells: 0, rows: 0 };
}

function checkRatio(e: ZipEntryInfo, size: number, limits: ReadLimits): string | null {
  if (size <= RATIO_FLOOR_BYTES) return null;
  const ratio = size / Math.max(1, e.compressedSize);
  return ratio > limits.maxCompressionRatio ? `「${e.name}」压缩比 ${Math.round(ratio)}:1` : null;
}

/** Inflate one entry in slices, counting output; stops as soon as it exceeds `cap`. */
function inflatedSize(
  b: Uint8Array,
  e: ZipEntryInfo,
  cap: number,
  counter: ChunkSink | null,
): number | 'over' | 'corrupt' {
  const lo = e.localHeaderOffset;
  if (lo + 30 > b.length || u32(b, lo) !== LOC) return 'corrupt';
  const start = lo + 30 + u16(b, lo + 26) + u16(b, lo + 28);
  const end = start + e.compressedSize;
  if (end > b.length) return 'corrupt';
  if (e.method === 0) {
    counter?.push(b.subarray(start, end));
    return e.compressedSize;
  }
  if (e.method !== 8) return 'corrupt';
  let size = 0;
  let over = false;
  // An exception of the sink (a parser giving up) is its own news, not a damaged deflate stream.
  let sinkError: { error: unknown } | null = null;
  const inflater = new Inflate((chunk) => {
    size += chunk.length;
    if (size > cap) over = true;
    if (over || sinkError) return;
    try {
      counter?.push(chunk);
    } catch (error) {
      sinkError = { error };
    }
  });
  try {
    for (let p = start; p < end && !over && !sinkError; p += SLICE) {
      const q = Math.min(end, p + SLICE);
      inflater.push(b.subarray(p, q), q === end);
    }
  } catch {
    return 'corrupt';
  }
  if (sinkError) throw (sinkError as { error: unknown }).error;
  return over ? 'over' : size;
}

/** The directory-level checks: declared total and declared ratios, before anything is inflated. */
export function checkDeclared(
  dir: Extract<ZipInspection, { ok: true }>,
  limits: ReadLimits,
): ZipFailure | null {
  if (dir.totalUncompressed > limits.maxUncompressedBytes) {
    return {
      ok: false,
      reason: 'bomb',
      detail: `解压后共 ${Math.round(dir.totalUncompressed / 1024 / 1024)} MB，超过上限 ${Math.round(limits.maxUncompressedBytes / 1024 / 1024)} MB`,
    };
  }
  for (const e of dir.entries) {
    const r = checkRatio(e, e.uncompressedSize, limits);
    if (r) return { ok: false, reason: 'bomb', detail: r };
  }
  return null;
}

/**
 * Inflate one entry into `sink` under the archive's remaining budget (`limits.maxUncompressedBytes −
 * inflatedSoFar`): its real size, or why it is refused. The same check for every reader of the archive,
 * so the streaming .xlsx reader enforces exactly the limits of the guard in front of SheetJS.
 */
export function inflateChecked(
  b: Uint8Array,
  e: ZipEntryInfo,
  limits: ReadLimits,
  inflatedSoFar: number,
  sink: ChunkSink | null,
): { ok: true; size: number } | ZipFailure {
  const budget = limits.maxUncompressedBytes - inflatedSoFar;
  // Inflate a little past the declared size: a bomb is caught once it is both large and far beyond
  // what it declared; a bit of damage that merely makes the sizes disagree is a broken file.
  const cap = Math.min(budget, Math.max(e.uncompressedSize * 2, RATIO_FLOOR_BYTES));
  const size = inflatedSize(b, e, cap, sink);
  // SheetJS's own inflater can loop for ever on a damaged deflate stream (found by the fuzz test), so
  // a part that does not inflate cleanly is refused here rather than handed over.
  if (size === 'corrupt')
    return { ok: false, reason: 'corrupt', detail: `压缩包中「${e.name}」的数据已损坏` };
  if (size === 'over') {
    return {
      ok: false,
      reason: 'bomb',
      detail: `「${e.name}」声明解压后为 ${e.uncompressedSize} 字节，实际远大于此`,
    };
  }
  if (size !== e.uncompressedSize) {
    return { ok: false, reason: 'corrupt', detail: `压缩包中「${e.name}」的实际大小与声明不符` };
  }
  const r = checkRatio(e, size, limits);
  if (r) return { ok: false, reason: 'bomb', detail: r };
  return { ok: true, size };
}

/**
 * Check a zip archive before it is inflated. `ok: false` carries the reason and a Chinese detail. Every
 * part must inflate cleanly to exactly its declared size, even parts SheetJS would not need.
 */
export function inspectZip(b: Uint8Array, limits: ReadLimits): ZipInspection {
  const dir = readDirectory(b, limits);
  if (!dir.ok) return dir;
  const declared = checkDeclared(dir, limits);
  if (declared) return declared;
  let real = 0;
  const counter = new CellCounter();
  for (const e of dir.entries) {
    const r = inflateChecked(b, e, limits, real, isWorksheetPart(e.name) ? counter : null);
    if (!r.ok) return r;
    real += r.size;
  }
  return { ...dir, cells: counter.cells, rows: counter.rows };
}
