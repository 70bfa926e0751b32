import type { JobProgress } from '../../../shared/api/contract.ts';
import { WATCH_EVERY_MS } from './watch-file-growth.ts';

/** The estimate never claims the step finished: the job's next real report does that. */
const CEILING = 99;

/**
 * Reports a time-based estimate of a step that blocks the job worker in one native call and reports
 * nothing measurable while it runs (a backup's quick_check: SQLite cannot slice it, and it reads pages
 * in no order a file size would show). Every WATCH_EVERY_MS: elapsed over `expectedMs` as a percentage,
 * said to be an estimate in the stage text; past the expected time it holds below 100 % and says the
 * step takes longer than expected. Runs in the backend thread, which stays free meanwhile.
 */
export function estimateProgress(
  start: JobProgress,
  expectedMs: number,
  report: (p: JobProgress) => void,
  now: () => number = () => performance.now(),
): () => void {
  const began = now();
  const tick = () => {
    const elapsed = now() - began;
    const percent = Math.min(CEILING, Math.floor((elapsed / Math.max(1, expectedMs)) * 100));
    const stage =
      elapsed <= expectedMs
        ? `${start.stage}… 约 ${percent}%（估计）`
        : `${start.stage}… 用时比预计长，已 ${Math.round(elapsed / 1000)} 秒`;
    report({ ...start, stage, done: percent, total: 100 });
  };
  tick();
  const timer = setInterval(tick, WATCH_EVERY_MS);
  return () => clearInterval(timer);
}
