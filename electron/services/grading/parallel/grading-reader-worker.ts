/**
 * Worker-thread entry of a parallel grading run's reader (parallel-source.ts): on a read-only
 * connection of its own (WAL: it reads beside the run's writing transaction, which holds the write
 * lock, so every reader sees the records as they were when the run began), it reads its blocks of
 * entity ids, grades them with the run's model, and posts each block's rows to the writer. Every
 * failure is posted too: the writer blocks on the port and would never see an 'error' event.
 */
import { BreakdownEncoderV3 } from '../breakdown-texts.ts';
import { workerData } from 'node:worker_threads';
import { ApiError } from '../../../../shared/api/errors.ts';
import { openDatabase } from '../../../db/open.ts';
import { gradeInto, newChunk, trimmed } from '../graded-chunk.ts';
import { evaluatorFor } from '../model-store.ts';
import { creditFilesInRange } from '../repository/credit-files.ts';
import { RunSummaryTally } from '../run-summary-tally.ts';
import { blockRange } from './block-plan.ts';
import {
  AHEAD_PER_READER,
  CONSUMED,
  POSTED,
  type ReaderMessage,
  type ReaderWorkerData,
  STOP,
} from './protocol.ts';

const d = workerData as ReaderWorkerData;
const signal = new Int32Array(d.signal);

function post(m: ReaderMessage): void {
  d.port.postMessage(m);
  Atomics.add(signal, POSTED + d.reader, 1);
  Atomics.notify(signal, POSTED + d.reader);
}

/** Waits until the writer is close enough behind block `b`; false when the run stopped. */
function mayRead(b: number): boolean {
  for (;;) {
    if (Atomics.load(signal, STOP) === 1) return false;
    const consumed = Atomics.load(signal, CONSUMED);
    // While the writer grades the first blocks itself, the readers may fill their quota beyond them.
    if (b - Math.max(consumed, d.firstBlock) < AHEAD_PER_READER * d.readers) return true;
    Atomics.wait(signal, CONSUMED, consumed, 200);
  }
}

try {
  let db: ReturnType<typeof openDatabase>;
  try {
    db = openDatabase(d.dbPath, Buffer.from(d.key.buffer, d.key.byteOffset, d.key.byteLength), {
      readonly: true,
    });
  } finally {
    d.key.fill(0);
  }
  try {
    // One pass over its ranges: no page is read twice, so the app's 64 MiB cache would only cost memory.
    db.pragma('cache_size = -8192');
    const evaluate = evaluatorFor(d.model);
    const { encode } = new BreakdownEncoderV3(d.breakdownTexts);
    const summary = new RunSummaryTally();
    for (let b = d.firstBlock + d.reader; b < d.plan.blocks; b += d.readers) {
      if (!mayRead(b)) break;
      const { after, upTo } = blockRange(d.plan, b);
      const chunk = newChunk(d.blockEntities);
      for (const f of creditFilesInRange(db, after, upTo, d.coverage)) {
        gradeInto(chunk, f, evaluate, d.asOf, summary, encode);
      }
      post({ type: 'chunk', block: b, chunk: trimmed(chunk) });
    }
    post({ type: 'done', summary: summary.rows() });
  } finally {
    db.close();
  }
} catch (e) {
  post(
    e instanceof ApiError
      ? { type: 'error', api: e.toData(), message: e.message }
      : { type: 'error', message: e instanceof Error ? e.message : String(e) },
  );
}
