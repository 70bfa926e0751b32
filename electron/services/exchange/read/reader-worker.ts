/**
 * Worker-thread entry of readSpreadsheetGuarded: reads one file and posts the ReadResult back. Kept
 * separate so a parser stuck in a loop (SheetJS can spend minutes on a damaged length field) or out of
 * memory takes down only this thread, which the caller terminates.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { readSpreadsheet } from './read.ts';
import type { ReadOptions } from './types.ts';

const { bytes, fileName, opts } = workerData as { bytes: Uint8Array; fileName: string; opts: ReadOptions };
parentPort?.postMessage(readSpreadsheet(bytes, fileName, opts));
