/**
 * Whether a long job may take a second thread (the grading run's readers, an import's streamed read):
 * extra threads only pay when a core is free for them. Measured on a 2-core machine shared with other
 * jobs, they made the work slower, not faster: a grading run at load 5–11 got ~0.4 of a core whether it
 * ran 1, 2 or 3 threads, and its readers' extra CPU (+35–45 %: each loads its modules and keys a
 * connection) only added to it; imports with the reading worker took 18–20 s against 15–17 s without at
 * load 2–3. One core, or a machine already busy (1-minute load leaving less than one core free), keeps
 * the job on one thread. Windows reports no load average (0): there the cores alone decide.
 */
import { availableParallelism, loadavg } from 'node:os';

export function coreToSpare(): boolean {
  const cores = availableParallelism();
  return cores >= 2 && cores - (loadavg()[0] ?? 0) >= 1;
}
