/**
 * The last file read, so preview → commit → error report of one upload parse it once. Keyed by path,
 * size and modification time: a file changed on disk is read again. Kept apart from the reader so that
 * discarding an upload does not load SheetJS.
 */
import { statSync } from 'node:fs';
import type { ReadOk } from '../read/index.ts';
import { forgetStagedRows } from './staged-rows.ts';

interface Cached {
  key: string;
  path: string;
  read: ReadOk;
}

let cache: Cached | null = null;

export function stagedCacheKey(path: string): string {
  const st = statSync(path);
  return `${path}\u0000${st.size}\u0000${st.mtimeMs}`;
}

/** The cached workbook of this file as it is on disk now, or null. */
export function cachedStaged(key: string): ReadOk | null {
  return cache?.key === key ? cache.read : null;
}

/** Keeps `read` (null: drops the previous workbook before parsing the next one). */
export function setCachedStaged(entry: Cached | null): void {
  // The rows a preview normalised belong to the read they came from: they go with it.
  if (cache !== entry) forgetStagedRows();
  cache = entry;
}

export function forgetStaged(path: string): void {
  if (cache?.path === path) setCachedStaged(null);
}
