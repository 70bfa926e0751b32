/**
 * The parallel grading run's readers (issue 18 item 1): reader threads (grading-reader-worker.ts), each
 * on its own read-only connection to the same encrypted file, read and grade blocks of entity ids while
 * this thread — the run's one writer — inserts what they graded, in id order, in the run's one
 * transaction. Reading records and building credit files is most of a run's time, and it no longer
 * waits for the inserts, nor the inserts for it.
 *
 * The run stays synchronous: it takes each block's message off the reader's port with
 * receiveMessageOnPort and sleeps on an Atomics slot in between, calling `idle` at least every 100 ms so
 * progress and cancel go on. A reader that fails posts its error, which is thrown here; the run's
 * transaction then rolls back as for any failure.
 *
 * The entry is grading-reader-worker.ts beside this module when running from TypeScript sources (tests,
 * CLI); a bundle emits it as its own entry `grading-reader-worker.js` (vite.*.config.ts) beside the
 * bundle's entries — the same pattern as the spreadsheet reader (exchange/read/guarded.ts). Without an
 * entry, or for a small database, the caller grades serially.
 */
import { coreToSpare } from '../../spare-core.ts';
import { type BreakdownTexts, BreakdownEncoderV3 } from '../breakdown-texts.ts';
import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { MessageChannel, type MessagePort, receiveMessageOnPort, Worker } from 'node:worker_threads';
import { ApiError } from '../../../../shared/api/errors.ts';
import type { GradingModel } from '../../../../shared/grading/types.ts';
import type { Db } from '../../../db/open.ts';
import { type GradedChunk, gradeInto, newChunk, trimmed } from '../graded-chunk.ts';
import type { GradedSource } from '../graded-source.ts';
import { annualReportCoverage } from '../repository/coverage.ts';
import { creditFilesInRange, entityIdSpan } from '../repository/credit-files.ts';
import { evaluatorFor } from '../model-store.ts';
import type { RunSummaryTally } from '../run-summary-tally.ts';
import { blockRange, planBlocks } from './block-plan.ts';
import { CONSUMED, POSTED, type ReaderMessage, type ReaderWorkerData, STOP } from './protocol.ts';

export interface ParallelReaders {
  dbPath: string;
  /** The data key; each reader gets its own copy (the caller keeps and zeroes this one). */
  key: Uint8Array;
  /**
   * Reader threads. Default: defaultReaders(), and none (serial) on one core or a busy machine
   * (coresToSpare); a number given here is used whatever the load (tests, the bench).
   */
  readers?: number;
  /**
   * Below this many entities the run stays serial: starting the readers (a thread, its modules and a
   * keyed connection each, ~0.3–0.5 s) costs more than it saves.
   */
  minEntities?: number;
  /** Blocks this thread grades itself while the readers start (default headBlocks(); tests set it). */
  headBlocks?: number;
  workerUrl?: URL;
}

export const PARALLEL_MIN_ENTITIES = 20_000;
/** Entities per block: ~0.1 s of reading, small enough that the writer starts soon and waits little. */
const BLOCK_ENTITIES = 2000;
/**
 * The first blocks are graded here, by the writer, while the readers start: a reader needs ~0.3–0.6 s
 * to load its modules and key its connection, and until its first block arrives the run would show no
 * progress and the writer would sit idle. Eight blocks (~16,000 entities) take this thread about as
 * long; a quarter of a small run at most, so the readers still do most of it.
 */
function headBlocks(blocks: number): number {
  return Math.min(8, Math.floor(blocks / 4));
}
/** How long the writer waits at most between two looks at progress and cancel. */
const IDLE_MS = 100;
/** A reader silent this long has died without a word (it could not even load): the run fails. */
const STALL_MS = 120_000;

/**
 * One reader per core, at most 4: the writer waits most of the time (reading is ~3/4 of a run's CPU),
 * so on 2 cores two readers beside it keep both cores busy, where one left the second idle half the
 * time (bench/regrade.bench.ts prints each thread's CPU). Beyond 4 the one writer is the bound.
 */
export function defaultReaders(): number {
  return Math.max(1, Math.min(4, availableParallelism()));
}

function defaultWorkerUrl(): URL | null {
  for (const rel of [
    './grading-reader-worker.ts',
    './grading-reader-worker.js',
    '../grading-reader-worker.js',
  ]) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === 'file:' && existsSync(url)) return url;
  }
  return null;
}

/** Starts the readers, or answers null when the run should stay serial (small database, no entry). */
export function parallelSource(
  db: Db,
  model: GradingModel,
  breakdownTexts: BreakdownTexts,
  asOf: string,
  summary: RunSummaryTally,
  opts: ParallelReaders,
): GradedSource | null {
  if (opts.readers === undefined && !coreToSpare()) return null;
  const span = entityIdSpan(db);
  if (span.count < (opts.minEntities ?? PARALLEL_MIN_ENTITIES)) return null;
  const url = opts.workerUrl ?? defaultWorkerUrl();
  if (!url) return null;
  const plan = planBlocks(span, BLOCK_ENTITIES);
  const head = Math.max(0, Math.min(opts.headBlocks ?? headBlocks(plan.blocks), plan.blocks - 1));
  const readers = Math.max(1, Math.min(opts.readers ?? defaultReaders(), plan.blocks));
  const coverage = annualReportCoverage(db);
  const signal = new SharedArrayBuffer(4 * (POSTED + readers));
  const slots = new Int32Array(signal);
  const workers: Worker[] = [];
  const ports: MessagePort[] = [];

  const close = () => {
    Atomics.store(slots, STOP, 1);
    Atomics.notify(slots, CONSUMED);
    for (const w of workers) void w.terminate();
    for (const p of ports) p.close();
    workers.length = 0;
    ports.length = 0;
  };

  try {
    for (let r = 0; r < readers; r++) {
      const { port1, port2 } = new MessageChannel();
      ports.push(port1);
      const key = new Uint8Array(32);
      key.set(opts.key);
      const data: ReaderWorkerData = {
        dbPath: opts.dbPath,
        key,
        model,
        breakdownTexts,
        asOf,
        coverage,
        plan,
        firstBlock: head,
        blockEntities: BLOCK_ENTITIES,
        reader: r,
        readers,
        signal,
        port: port2,
      };
      const worker = new Worker(url, { workerData: data, transferList: [port2, key.buffer] });
      // This thread waits on the port, not on events; a leftover reader must not keep a process alive.
      worker.unref();
      workers.push(worker);
    }
  } catch {
    // No thread could be started here (resources): grade serially rather than fail.
    close();
    return null;
  }

  const received = new Array<number>(readers).fill(0);
  const receive = (r: number, idle: () => void): ReaderMessage => {
    const port = ports[r] as MessagePort;
    let lastHeard = performance.now();
    for (;;) {
      const got = receiveMessageOnPort(port);
      if (got) {
        received[r] = (received[r] ?? 0) + 1;
        const m = got.message as ReaderMessage;
        if (m.type === 'error') throw m.api ? ApiError.fromData(m.api) : new Error(m.message);
        return m;
      }
      const posted = Atomics.load(slots, POSTED + r);
      // Posted but not yet visible on the port: look again at once.
      if (posted > (received[r] ?? 0)) continue;
      Atomics.wait(slots, POSTED + r, posted, IDLE_MS);
      idle();
      if (Atomics.load(slots, POSTED + r) === posted && performance.now() - lastHeard > STALL_MS) {
        throw new ApiError('internal', '评价读取线程没有响应，本次评价未保存。');
      }
      if (Atomics.load(slots, POSTED + r) !== posted) lastHeard = performance.now();
    }
  };

  return {
    *chunks(idle: () => void): Generator<GradedChunk> {
      if (head > 0) {
        // On this connection, inside the run's transaction: the rows the serial run would read.
        const evaluate = evaluatorFor(model);
        const { encode } = new BreakdownEncoderV3(breakdownTexts);
        for (let b = 0; b < head; b++) {
          const { after, upTo } = blockRange(plan, b);
          const chunk = newChunk(BLOCK_ENTITIES);
          for (const f of creditFilesInRange(db, after, upTo, coverage)) {
            gradeInto(chunk, f, evaluate, asOf, summary, encode);
          }
          yield trimmed(chunk);
          Atomics.store(slots, CONSUMED, b + 1);
          Atomics.notify(slots, CONSUMED);
        }
      }
      for (let b = head; b < plan.blocks; b++) {
        const m = receive((b - head) % readers, idle);
        if (m.type !== 'chunk' || m.block !== b) throw new Error(`grading reader: block ${b} expected`);
        yield m.chunk;
        Atomics.store(slots, CONSUMED, b + 1);
        Atomics.notify(slots, CONSUMED);
      }
      for (let r = 0; r < readers; r++) {
        const m = receive(r, idle);
        if (m.type !== 'done') throw new Error('grading reader: end expected');
        summary.addRows(m.summary);
      }
    },
    close,
  };
}
