/**
 * The worker half of a streamed read (row-stream.ts): reads a one-sheet .xlsx with the fast reader and
 * posts its rows in batches as they become final, then the read's outcome. Every failure is posted
 * too: the import blocks on the port and would never see an 'error' event.
 */
import { readFileSync, statSync } from 'node:fs';
import type { Cell } from '../../../../../shared/exchange/index.ts';
import { readXlsxFast } from '../fast-xlsx/read-xlsx-fast.ts';
import { resolveLimits } from '../limits.ts';
import { fail, MSG } from '../messages.ts';
import { zipFormat } from '../read.ts';
import { sniffFormat } from '../sniff.ts';
import { readDirectory } from '../zip-guard.ts';
import {
  AHEAD,
  BATCH_CELLS,
  BATCH_ROWS,
  CONSUMED,
  POSTED,
  STOP,
  type StreamMessage,
  type StreamWorkerData,
} from './protocol.ts';
import { RowBatchEncoder } from './row-batch.ts';

/** Thrown out of the reader when the import stopped taking rows. */
class Stopped extends Error {}

export function runStreamWorker(d: StreamWorkerData): void {
  const slots = new Int32Array(d.signal);
  let rowMessages = 0;
  const post = (m: StreamMessage, transfer: ArrayBuffer[] = []): void => {
    d.port.postMessage(m, transfer);
    Atomics.add(slots, POSTED, 1);
    Atomics.notify(slots, POSTED);
  };
  /** Waits until the import is close enough behind; throws once it stopped. */
  const mayPost = (): void => {
    for (;;) {
      if (Atomics.load(slots, STOP) === 1) throw new Stopped();
      const consumed = Atomics.load(slots, CONSUMED);
      if (rowMessages - consumed < AHEAD) return;
      Atomics.wait(slots, CONSUMED, consumed, 200);
    }
  };
  const encoder = new RowBatchEncoder();
  let batch: Cell[][] = [];
  let batchCells = 0;
  let batchFrom = 0;
  let expected = 0;
  const flush = (): void => {
    if (batch.length === 0) return;
    mayPost();
    const encoded = encoder.encode(batchFrom, batch);
    post({ type: 'rows', batch: encoded, expected }, [encoded.lengths.buffer, encoded.refs.buffer]);
    rowMessages++;
    batchFrom += batch.length;
    batch = [];
    batchCells = 0;
  };
  try {
    const limits = resolveLimits(d.limits);
    const size = statSync(d.path).size;
    if (size > limits.maxFileBytes) {
      post({ type: 'end', result: fail('too-large', MSG.tooLarge(size, limits.maxFileBytes)) });
      return;
    }
    const buf = readFileSync(d.path);
    const bytes = new Uint8Array(buf.buffer, buf.byteOffset, buf.byteLength);
    const dir = sniffFormat(bytes).kind === 'zip' ? readDirectory(bytes, limits) : null;
    if (
      !dir?.ok ||
      zipFormat(
        dir.entries.map((e) => e.name),
        bytes,
      ) !== 'xlsx'
    ) {
      post({ type: 'declined', reason: '不是 .xlsx' });
      return;
    }
    const read = readXlsxFast(bytes, {}, limits, {
      workbook: (sheet, date1904) => post({ type: 'workbook', sheet, date1904 }),
      rows: (from, rows, announced) => {
        expected = announced;
        if (batch.length === 0) batchFrom = from;
        // Rows arrive in order, each range right after the previous one (sheet-rows.ts).
        for (const row of rows) {
          batch.push(row);
          batchCells += row.length;
          if (batch.length >= BATCH_ROWS || batchCells >= BATCH_CELLS) flush();
        }
      },
    });
    if ('declined' in read) {
      post({ type: 'declined', reason: read.declined });
      return;
    }
    if (read.ok) flush();
    post({ type: 'end', result: read });
  } catch (e) {
    if (e instanceof Stopped) return;
    post({ type: 'failed', message: e instanceof Error ? e.message.slice(0, 200) : String(e) });
  }
}
