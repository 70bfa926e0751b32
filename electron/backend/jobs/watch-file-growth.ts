import { statSync } from 'node:fs';
import type { JobProgress } from '../../../shared/api/contract.ts';

/** How often a watched file's size is reported: well within the 500 ms the progress bar needs. */
export const WATCH_EVERY_MS = 200;

/**
 * Reports the size of a file another thread is writing in one blocking native call (VACUUM INTO), as
 * progress against the expected size, every WATCH_EVERY_MS; returns the function that stops. The timer
 * runs in the backend thread, which stays free while the job worker is blocked.
 */
export function watchFileGrowth(
  path: string,
  start: JobProgress,
  report: (p: JobProgress) => void,
): () => void {
  report(start);
  const timer = setInterval(() => {
    let size = 0;
    try {
      size = statSync(path).size;
    } catch {
      // not created yet
    }
    // The copy leaves out free pages, so it may end smaller than the live file, never larger in practice.
    report({ ...start, done: Math.min(size, start.total) });
  }, WATCH_EVERY_MS);
  return () => clearInterval(timer);
}
