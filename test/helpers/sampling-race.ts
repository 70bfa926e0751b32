/**
 * Two officers changing one task at once on PostgreSQL: the other officer's call runs in a thread of
 * its own (sampling-in-thread.ts) while this thread holds its own change's transaction open until the
 * other call waits on a lock — then 0.3 s more, so the other call must have waited at least that long.
 */
import { Worker } from 'node:worker_threads';
import { column, type DataDoor, get, sql, unitOfWork } from '../../electron/db/sql.ts';
import type { SamplingInThread, SamplingInThreadAnswer } from './sampling-in-thread.ts';

export const HELD_MS = 300;

export interface Race<T> {
  /** What this thread's change returned (committed once the other call waited). */
  mine: T;
  /** The other officer's call, after this change committed. */
  theirs: SamplingInThreadAnswer;
  /** The kinds of lock the other call was seen waiting on. */
  waitedOn: string[];
}

export async function race<T>(db: DataDoor, theirs: SamplingInThread, mine: () => T): Promise<Race<T>> {
  const worker = new Worker(new URL('./sampling-in-thread.ts', import.meta.url), { workerData: theirs });
  const answered = new Promise<SamplingInThreadAnswer>((resolve, reject) => {
    worker.once('message', resolve);
    worker.once('error', reject);
  });
  let waitedOn: string[] = [];
  try {
    const out = unitOfWork(db, () => {
      const value = mine();
      const started = performance.now();
      while (waitedOn.length === 0) {
        if (performance.now() - started > 30_000) throw new Error('the other call never waited on a lock');
        waitedOn = column<string>(db, sql`SELECT locktype FROM pg_locks WHERE NOT granted`);
      }
      get(db, sql`SELECT pg_sleep(${HELD_MS / 1000})`);
      return value;
    });
    return { mine: out, theirs: await answered, waitedOn };
  } finally {
    await worker.terminate();
  }
}
