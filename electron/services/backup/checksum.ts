import { createHash } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';

/** How often `onProgress` is told the bytes read (well within the 500 ms a progress bar needs). */
const REPORT_EVERY_MS = 200;

/**
 * SHA-256 of a file, read in 1 MiB chunks so a county database never has to fit in memory; told the
 * bytes read so far every REPORT_EVERY_MS when `onProgress` is given.
 */
export function sha256File(path: string, onProgress?: (bytesRead: number) => void): string {
  const hash = createHash('sha256');
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, 'r');
  let read = 0;
  let reported = performance.now();
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      if (n === 0) break;
      hash.update(buf.subarray(0, n));
      read += n;
      if (onProgress && performance.now() - reported >= REPORT_EVERY_MS) {
        reported = performance.now();
        onProgress(read);
      }
    }
  } finally {
    closeSync(fd);
  }
  return hash.digest('hex');
}
