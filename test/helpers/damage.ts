import { closeSync, openSync, writeSync } from 'node:fs';

/** Overwrites `pages` 4 KiB pages from page `from` with garbage, as a failing disk would. */
export function corrupt(file: string, from = 3, pages = 4): void {
  const fd = openSync(file, 'r+');
  try {
    writeSync(fd, Buffer.alloc(4096 * pages, 0xa5), 0, 4096 * pages, 4096 * from);
  } finally {
    closeSync(fd);
  }
}
