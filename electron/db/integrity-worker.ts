/**
 * Worker-thread entry of the background integrity check (integrity-check.ts): quick_check of the
 * database on a read-only connection of its own, so the session's thread stays free while ~1 GB of
 * pages are read. The data key arrives as a transferred (not cloned) 32-byte array and is zeroed by
 * checkFile once the connection is keyed.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { checkFile } from './integrity-check.ts';

const { dbPath, key } = workerData as { dbPath: string; key: Uint8Array };
parentPort?.postMessage(checkFile(dbPath, key));
