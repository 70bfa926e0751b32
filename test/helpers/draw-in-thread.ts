/**
 * A second officer's draw on a connection of its own, in a thread of its own (the PostgreSQL bridge
 * blocks its caller, so two draws that wait on each other need two threads): draws the task once and
 * answers what happened — the plan, or the refusal — with how long the draw took.
 */
import { parentPort, workerData } from 'node:worker_threads';
import { openPgDb } from '../../electron/db/postgres/pg-db.ts';
import type { Actor } from '../../electron/services/authz.ts';
import { drawTask } from '../../electron/services/sampling/draw-service.ts';

export type DrawInThreadAnswer =
  | { ok: true; planId: number; ms: number }
  | { ok: false; code: string | undefined; message: string; ms: number };

const { url, taskId, at, actor } = workerData as { url: string; taskId: number; at: string; actor: Actor };
const db = openPgDb(url);
const started = performance.now();
let answer: DrawInThreadAnswer;
try {
  answer = { ok: true, planId: drawTask(db, actor, taskId, at).planId, ms: performance.now() - started };
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
