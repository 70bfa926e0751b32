/**
 * Worker-thread entry of readSpreadsheetGuarded: reads one file and posts the ReadResult back. Kept
 * separate so a parser stuck in a loop (SheetJS can spend minutes on a damaged length field) or out of
 * memory takes down only this thread, which the caller terminates. It also runs the streamed read of a
 * large one-sheet .xlsx for an import (streamed/), which posts rows as it reads them.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readSpreadsheet } from './read.ts';
import type { StreamWorkerData } from './streamed/protocol.ts';
import { runStreamWorker } from './streamed/stream-worker.ts';
import type { ReadOptions } from './types.ts';

// The same entry runs a streamed read for an import (streamed/row-stream.ts): one bundled worker file.
if ((workerData as { mode?: string }).mode === 'stream') runStreamWorker(workerData as StreamWorkerData);
else {
  const { bytes, fileName, opts } = workerData as { bytes: Uint8Array; fileName: string; opts: ReadOptions };
  parentPort?.postMessage(readSpreadsheet(bytes, fileName, opts));
}
