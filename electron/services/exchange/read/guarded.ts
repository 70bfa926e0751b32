/**
 * readSpreadsheetGuarded: readSpreadsheet in a worker thread with a time limit and a heap limit
 * (SPEC §7: hostile files end with a clear message, “never a hang or a crash”). The fuzz test found
 * damaged .xls files on which SheetJS loops (its ARRAY-formula parser overshoots a damaged length) or
 * spends minutes decoding a string whose length field was corrupted; no pre-check can rule every such
 * path out, so the parse runs where it can be stopped.
 *
 * The worker entry is reader-worker.ts beside this file when running from TypeScript sources (tests,
 * CLI); a bundle emits it as its own entry `reader-worker.js` (vite.electron.config.ts), found beside
 * the bundle's entries.
 * If the worker cannot be started at all, the file is read in-process (no time limit) rather than
 * refused, and the result carries a warning.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { resolveLimits } from './limits.ts';
import { fail, MSG } from './messages.ts';
import { readSpreadsheet } from './read.ts';
import type { ReadOptions, ReadResult } from './types.ts';

export interface GuardOptions extends ReadOptions {
  /** Give up after this long (default 180 s: a 100,000-row workbook takes ~10 s on a slow PC). */
  timeoutMs?: number;
  /** The worker's V8 old-generation heap limit in MB (default 2048). */
  maxHeapMb?: number;
  /** Where reader-worker lives (default: beside this module). */
  workerUrl?: URL;
}

const DEFAULT_TIMEOUT_MS = 180_000;

/**
 * The worker entry: the TypeScript source beside this module, or — in a bundle, where this code sits in
 * the entry or in a shared chunk one folder down — the `reader-worker.js` entry emitted beside the
 * bundle's other entries. Null when none exists (the caller then reads in-process).
 */
export function defaultWorkerUrl(): URL | null {
  for (const rel of ['./reader-worker.ts', './reader-worker.js', '../reader-worker.js']) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === 'file:' && existsSync(url)) return url;
  }
  return null;
}

function cannotStart(e: unknown): boolean {
  const code = (e as { code?: string } | null)?.code ?? '';
  return (
    code === 'ERR_MODULE_NOT_FOUND' ||
    code === 'MODULE_NOT_FOUND' ||
    code === 'ERR_WORKER_PATH' ||
    code === 'ENOENT' ||
    code === 'ERR_UNKNOWN_FILE_EXTENSION'
  );
}

export function readSpreadsheetGuarded(
  bytes: Uint8Array,
  fileName: string,
  opts: GuardOptions = {},
): Promise<ReadResult> {
  // onProgress stays here: a function cannot be cloned into the worker.
  const {
    timeoutMs = DEFAULT_TIMEOUT_MS,
    maxHeapMb = 2048,
    workerUrl,
    onProgress: _local,
    ...readOpts
  } = opts;
  return new Promise((resolve) => {
    let settled = false;
    let timer: NodeJS.Timeout | undefined;
    const finish = (r: ReadResult) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve(r);
    };
    let worker: Worker;
    const url = workerUrl ?? defaultWorkerUrl();
    if (!url) {
      finish(inProcess(bytes, fileName, readOpts, new Error('找不到 reader-worker')));
      return;
    }
    try {
      worker = new Worker(url, {
        workerData: { bytes, fileName, opts: readOpts },
        resourceLimits: { maxOldGenerationSizeMb: maxHeapMb },
        stdout: true, // SheetJS logs “Missing Info for XLS Record …” on damaged files: keep it out of the app's output
        stderr: true,
      });
    } catch (e) {
      finish(inProcess(bytes, fileName, readOpts, e));
      return;
    }
    worker.stdout.resume();
    worker.stderr.resume();
    timer = setTimeout(() => {
      void worker.terminate();
      finish(fail('timeout', MSG.timeout(Math.max(1, Math.ceil(timeoutMs / 1000)))));
    }, timeoutMs);
    worker.once('message', (r: ReadResult) => {
      finish(r);
      void worker.terminate();
    });
    worker.once('error', (e: Error & { code?: string }) => {
      // Module-loading errors only happen while the worker starts, before any file is parsed.
      if (cannotStart(e)) finish(inProcess(bytes, fileName, readOpts, e));
      else if (e.code === 'ERR_WORKER_OUT_OF_MEMORY') finish(fail('too-large', MSG.outOfMemory));
      else finish(fail('corrupt', MSG.corrupt(e.message.slice(0, 120))));
    });
    worker.once('exit', (code) => {
      finish(fail('corrupt', MSG.corrupt(`读取线程意外退出（${code}）`)));
    });
  });
}

function inProcess(bytes: Uint8Array, fileName: string, opts: ReadOptions, why: unknown): ReadResult {
  const r = readSpreadsheet(bytes, fileName, opts);
  if (r.ok)
    r.warnings.push(
      `未能启动独立的读取线程（${(why as Error)?.message ?? why}），本次在主线程中读取，没有超时保护`,
    );
  return r;
}

/** readSpreadsheetGuarded for a file on disk; the size is checked before the file is loaded. */
export async function readSpreadsheetFileGuarded(path: string, opts: GuardOptions = {}): Promise<ReadResult> {
  const limits = resolveLimits(opts.limits);
  let bytes: Uint8Array;
  try {
    const size = statSync(path).size;
    if (size > limits.maxFileBytes) return fail('too-large', MSG.tooLarge(size, limits.maxFileBytes));
    const b = readFileSync(path);
    bytes = new Uint8Array(b.buffer, b.byteOffset, b.byteLength);
  } catch (e) {
    const code = (e as NodeJS.ErrnoException).code;
    if (code === 'ENOENT') return fail('unsupported', `找不到文件：${path}`);
    if (code === 'EACCES' || code === 'EPERM') return fail('unsupported', `没有权限读取文件：${path}`);
    return fail('corrupt', MSG.corrupt(e instanceof Error ? e.message.slice(0, 120) : ''));
  }
  return readSpreadsheetGuarded(bytes, path, opts);
}
