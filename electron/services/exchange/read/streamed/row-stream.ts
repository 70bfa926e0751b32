/**
 * A large one-sheet .xlsx read in a worker thread while the import takes its rows (issue 18 item 5):
 * reading is about a third of an import's CPU, and on two cores it no longer waits for the rows' writes,
 * nor they for it. The worker (stream-worker.ts, in the reader-worker entry) runs the same fast reader
 * with every check, and posts the rows in batches as they become final; the import takes them
 * synchronously (receiveMessageOnPort, sleeping on an Atomics slot in between, telling `idle` at least
 * every 100 ms so progress and cancel go on).
 *
 * The read's verdict comes last, after every check (zip bomb in a later part, cell limit): until then
 * the import must treat what it took as provisional — it runs in one transaction, and `finish` throws
 * the read's message (rolling the import back) or StreamDeclined when the fast reader gave the file up
 * part-way (rows out of order, a cell type it leaves to SheetJS): the caller then reads the file whole
 * and starts again. Files the streamed read does not take (not .xlsx, several sheets) are declined at
 * once, before any row.
 */
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { coreToSpare } from '../../../spare-core.ts';
import { ApiError } from '../../../../../shared/api/errors.ts';
import type { Cell } from '../../../../../shared/exchange/index.ts';
import { isWorksheetPart } from '../cell-counter.ts';
import { defaultWorkerUrl } from '../guarded.ts';
import { resolveLimits } from '../limits.ts';
import { readDirectory } from '../zip-guard.ts';
import type { ReadError, ReadLimits, ReadOk } from '../types.ts';
import { CONSUMED, POSTED, SLOTS, STOP, type StreamMessage, type StreamWorkerData } from './protocol.ts';
import { RowBatchDecoder } from './row-batch.ts';

/** The fast reader gave the file up part-way: read it whole and start the import again. */
export class StreamDeclined extends Error {}

/** How long the import waits at most between two looks at progress and cancel. */
const IDLE_MS = 100;
/**
 * A worker silent this long has died without a word (out of its heap, or it could not even load): the
 * file is then read whole in this thread, as before.
 */
const STALL_MS = 30_000;
/** The worker's heap beyond what the workbook's parts need: code, one batch, the reader's own pools. */
const WORKER_BASE_HEAP_MB = 64;

/**
 * The worker's old-generation heap: the base and twice the parts it keeps whole (the shared strings
 * above all; every part but the worksheets, which stream), from the zip's directory. Without a bound
 * V8 lets the worker's heap grow with its garbage, and beside the import's rows and page cache that
 * broke the 500 MB an import of 100,000 rows may use (570 MiB against 495 MiB bounded, measured).
 * Null when the directory cannot be read: the whole read then says what is wrong with the file.
 */
function workerHeapMb(path: string, limits: ReadLimits): number | null {
  const bytes = readFileSync(path);
  const dir = readDirectory(new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength), limits);
  if (!dir.ok) return null;
  let kept = 0;
  for (const e of dir.entries) if (!isWorksheetPart(e.name)) kept += e.uncompressedSize;
  return WORKER_BASE_HEAP_MB + Math.ceil((2 * kept) / (1024 * 1024));
}

export interface RowStream {
  /** The workbook as read so far: its one sheet's rows grow as fill and finish take them. */
  readonly read: ReadOk;
  /** Rows the sheet announces (its <dimension>), 0 when unknown, else at least the rows taken so far. */
  expectedRows(): number;
  /**
   * Takes rows until the sheet holds at least `upTo` or the read ended; answers the rows held. Throws
   * the read's failure, or StreamDeclined.
   */
  fill(upTo: number, idle?: () => void): number;
  /** Takes every row and the verdict; the read is then whole (trailing blank rows dropped). */
  finish(idle?: () => void): ReadOk;
  readonly ended: boolean;
  /** Stops the worker (idempotent); call in a finally. */
  close(): void;
}

export interface StreamOptions {
  limits?: Partial<ReadLimits> | undefined;
  workerUrl?: URL | undefined;
  /** The worker's heap bound in MiB (default: workerHeapMb) and how long a silent worker is waited for. */
  heapMb?: number | undefined;
  stallMs?: number | undefined;
  /** Stream whatever the machine's load (tests); default: only with a core to spare (coresToSpare). */
  anyLoad?: boolean | undefined;
}

function readFailure(r: ReadError): ApiError {
  return new ApiError('invalid_input', r.message);
}

/**
 * Starts the streamed read of `path`: null when the file is not for it (the caller reads it whole as
 * before) or no thread could start. Throws a read failure found before the first row.
 */
export function openRowStream(path: string, opts: StreamOptions = {}): RowStream | null {
  if (!(opts.anyLoad ? availableParallelism() >= 2 : coreToSpare())) return null;
  const url = opts.workerUrl ?? defaultWorkerUrl();
  if (!url) return null;
  const heapMb = opts.heapMb ?? workerHeapMb(path, resolveLimits(opts.limits));
  const stallMs = opts.stallMs ?? STALL_MS;
  if (heapMb === null) return null;
  const signal = new SharedArrayBuffer(4 * SLOTS);
  const slots = new Int32Array(signal);
  const { port1, port2 } = new MessageChannel();
  let worker: Worker;
  try {
    const data: StreamWorkerData = { mode: 'stream', path, limits: opts.limits, signal, port: port2 };
    worker = new Worker(url, {
      workerData: data,
      transferList: [port2],
      resourceLimits: { maxOldGenerationSizeMb: heapMb },
    });
  } catch {
    port1.close();
    return null;
  }
  // This thread waits on the port, not on events; a leftover worker must not keep a process alive.
  worker.unref();
  // A worker out of its heap ends without a message: the wait below gives up on it and the file is
  // read whole. Its 'error' event comes later, on the event loop, and must not crash the process.
  worker.on('error', () => {});
  let closed = false;
  const close = () => {
    if (closed) return;
    closed = true;
    Atomics.store(slots, STOP, 1);
    Atomics.notify(slots, CONSUMED);
    void worker.terminate();
    port1.close();
  };
  let received = 0;
  const receive = (idle?: () => void): StreamMessage => {
    let lastHeard = performance.now();
    for (;;) {
      const got = receiveMessageOnPort(port1 as MessagePort);
      if (got) {
        received++;
        return got.message as StreamMessage;
      }
      const posted = Atomics.load(slots, POSTED);
      // Posted but not yet visible on the port: look again at once.
      if (posted > received) continue;
      Atomics.wait(slots, POSTED, posted, IDLE_MS);
      idle?.();
      if (Atomics.load(slots, POSTED) !== posted) lastHeard = performance.now();
      else if (performance.now() - lastHeard > stallMs) {
        close();
        throw new StreamDeclined('读取线程没有响应');
      }
    }
  };

  let first: StreamMessage;
  try {
    first = receive();
  } catch (e) {
    close();
    if (e instanceof StreamDeclined) return null;
    throw e;
  }
  if (first.type !== 'workbook') {
    close();
    if (first.type === 'end' && !first.result.ok) throw readFailure(first.result);
    // Declined, failed (a worker that could not load) or an odd order: read whole as before.
    return null;
  }
  const rows: Cell[][] = [];
  const read: ReadOk = {
    ok: true,
    format: 'xlsx',
    date1904: first.date1904,
    sheets: [{ name: first.sheet.name, hidden: first.sheet.hidden, rows, columnCount: 0 }],
    warnings: [],
    fastPath: 'streamed',
  };
  const decoder = new RowBatchDecoder();
  let expected = 0;
  let ended = false;
  let taken = 0;

  /** Takes one message; false once the read ended. */
  const step = (idle?: () => void): boolean => {
    if (ended) return false;
    let m: StreamMessage;
    try {
      m = receive(idle);
    } catch (e) {
      close();
      throw e;
    }
    switch (m.type) {
      case 'rows': {
        if (m.batch.from !== rows.length) {
          close();
          throw new StreamDeclined('行不连续');
        }
        for (const row of decoder.decode(m.batch)) rows.push(row);
        expected = m.expected;
        Atomics.store(slots, CONSUMED, ++taken);
        Atomics.notify(slots, CONSUMED);
        return true;
      }
      case 'end': {
        ended = true;
        close();
        if (!m.result.ok) throw readFailure(m.result);
        const sheet = m.result.sheets[0];
        read.sheets[0]!.columnCount = sheet?.columnCount ?? 0;
        read.warnings = m.result.warnings;
        while (rows.length > 0 && rows[rows.length - 1]!.length === 0) rows.pop();
        return false;
      }
      case 'declined':
        close();
        throw new StreamDeclined(m.reason);
      case 'failed':
        close();
        // A reader bug is a damaged file to the user, as readSpreadsheet says for the in-process read.
        throw new StreamDeclined(m.message);
      default:
        close();
        throw new StreamDeclined('读取顺序异常');
    }
  };

  return {
    read,
    expectedRows: () => Math.max(expected, rows.length),
    fill(upTo, idle) {
      while (rows.length < upTo && step(idle)) {}
      return rows.length;
    },
    finish(idle) {
      while (step(idle)) {}
      return read;
    },
    get ended() {
      return ended;
    },
    close,
  };
}
