/**
 * What a streamed read's worker (stream-worker.ts) and the import taking its rows (row-stream.ts)
 * share. Messages go over a MessagePort the import reads synchronously (receiveMessageOnPort): the
 * import is one synchronous transaction and its thread never returns to an event loop until it ends.
 * The shared Int32Array wakes whoever waits (Atomics.wait / notify).
 */
import type { MessagePort } from 'node:worker_threads';
import type { ReadLimits, ReadResult } from '../types.ts';
import type { RowBatch } from './row-batch.ts';

/** Slot: messages the worker has posted. */
export const POSTED = 0;
/** Slot: row messages the import has taken (the worker stays at most AHEAD in front). */
export const CONSUMED = 1;
/** Slot: 1 once the import stopped (done, cancelled, failed): the worker ends at its next batch. */
export const STOP = 2;
export const SLOTS = 3;

/**
 * Row messages the worker may have posted and the import not yet taken: bounds the rows in flight
 * (serialised copies on the port) when the import is slower than the read, as it is.
 */
export const AHEAD = 8;
/** Rows per message: about 50 ms of reading, so the import starts soon and messages stay few. */
export const BATCH_ROWS = 2000;
/** Cells per message at most (a wide sheet's batch is cut sooner: the worker's heap is bounded). */
export const BATCH_CELLS = 40_000;

export type StreamMessage =
  | { type: 'workbook'; sheet: { name: string; hidden: boolean }; date1904: boolean }
  | { type: 'rows'; batch: RowBatch; expected: number }
  /** The read's outcome after every check; an ok result's sheet holds no rows (they came before). */
  | { type: 'end'; result: ReadResult }
  /** Not for the streamed read (not a one-sheet .xlsx the fast reader takes): read it whole. */
  | { type: 'declined'; reason: string }
  | { type: 'failed'; message: string };

export interface StreamWorkerData {
  mode: 'stream';
  path: string;
  limits?: Partial<ReadLimits>;
  signal: SharedArrayBuffer;
  port: MessagePort;
}
