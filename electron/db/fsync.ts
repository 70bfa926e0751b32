import { closeSync, fsyncSync, openSync } from 'node:fs';

/**
 * Flushes a file (or, on POSIX, a directory entry) to disk before the next step relies on it. Best
 * effort: directories cannot be opened on Windows, where the rename that follows is still atomic.
 */
export function fsyncPath(path: string): void {
  let fd: number | undefined;
  try {
    fd = openSync(path, 'r');
    fsyncSync(fd);
  } catch {
    // See above.
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
