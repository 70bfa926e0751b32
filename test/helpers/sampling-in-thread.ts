/**
 * A second officer's change of a task on a connection of its own, in a thread of its own (the
 * PostgreSQL bridge blocks its caller, so two changes that wait on each other need two threads): runs
 * one service call — a draw, or submitting the results — and answers what happened, the outcome or
 * the refusal, with how long the call took.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openPgDb } from '../../electron/db/postgres/pg-db.ts';
import type { Actor } from '../../electron/services/authz.ts';
import { drawTask } from '../../electron/services/sampling/draw-service.ts';
import { completeResults } from '../../electron/services/sampling/lifecycle.ts';

export type SamplingCall = 'draw' | 'completeResults';

export interface SamplingInThread {
  url: string;
  call: SamplingCall;
  taskId: number;
  at: string;
  actor: Actor;
}

export type SamplingInThreadAnswer =
  | { ok: true; planId: number | null; ms: number }
  | { ok: false; code: string | undefined; message: string; ms: number };

const { url, call, taskId, at, actor } = workerData as SamplingInThread;
const db = openPgDb(url);
const started = performance.now();
let answer: SamplingInThreadAnswer;
try {
  let planId: number | null = null;
  if (call === 'draw') planId = drawTask(db, actor, taskId, at).planId;
  else completeResults(db, actor, taskId, at);
  answer = { ok: true, planId, ms: performance.now() - started };
} catch (e) {
  answer = {
    ok: false,
    code: (e as { code?: string }).code,
    message: e instanceof Error ? e.message : String(e),
    ms: performance.now() - started,
  };
} finally {
  db.close();
}
parentPort?.postMessage(answer);
