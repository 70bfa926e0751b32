/**
 * Progress and cancel of long jobs (import, export, undo, grading, demo generation), in one style for
 * every service: the service reports `progress(done, total)` and calls `checkCancelled()`, which throws
 * once the user asked to stop. A service keeps its writes in one unit of work, so a cancel leaves nothing
 * behind. The backend implements it (app.progress / app.cancel); the command line and tests pass their own.
 */
export interface JobControl {
  progress(done: number, total: number, stage?: string): void;
  checkCancelled(): void;
}

/** For callers that neither watch nor cancel (the command line, tests). */
export const NO_JOB: JobControl = { progress() {}, checkCancelled() {} };

/** The same job reporting under another stage name (what the progress bar says). */
export function inStage(job: JobControl, stage: string): JobControl {
  return {
    progress: (done, total, s) => job.progress(done, total, s ?? stage),
    checkCancelled: () => job.checkCancelled(),
  };
}

/**
 * A reporter for a row loop: every `everyRows` rows, once `everyMs` have passed since the last report,
 * it checks for a cancel and reports progress — well within the 500 ms the UI needs, however slow the
 * rows are, without a clock read per row.
 */
export function rowReporter(
  job: JobControl,
  total: number,
  everyRows: number,
  everyMs = 200,
): (done: number) => void {
  let reported = performance.now();
  return (done) => {
    if (done % everyRows !== 0 || done === 0 || performance.now() - reported < everyMs) return;
    reported = performance.now();
    job.checkCancelled();
    job.progress(done, total);
  };
}
