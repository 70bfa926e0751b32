import { closeSync, fsyncSync, openSync, renameSync, writeFileSync } from 'node:fs';

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

/**
 * Writes a small file the app cannot afford to find half-written (the key file, the failed-login file,
 * the connection choice): into a temporary file beside it, readable by this user alone, flushed, then
 * renamed over the old one — a crash leaves the old file or the new one, never half of one.
 */
export function writeFileDurably(path: string, text: string): void {
  const tmp = `${path}.tmp-${process.pid}`;
  writeFileSync(tmp, text, { mode: 0o600 });
  const fd = openSync(tmp, 'r');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
  renameSync(tmp, path);
}
