/**
 * The bureau server's request threads: the main thread keeps HTTP(S), static files, cookies and rate
 * limits (bureau-http.ts) and hands each /api call to one of N worker threads (request-thread.ts), each
 * with its own PostgreSQL connection, so N calls wait on the database at once and PostgreSQL's MVCC and
 * row locks arbitrate between them.
 *
 * - Pinning: the calls of one session go to one thread (by its token's hash), so what a thread keeps in
 *   memory stays coherent for that officer; calls without a token (the sign-in screen) go to the least
 *   busy thread.
 * - The job slot (job-slot.ts) is here: one job at a time for the whole server, its progress, owner,
 *   cancel flag and job thread. Threads ask for it by message. app.progress is answered here without a
 *   hop when the caller brought no token or its session was seen open moments ago.
 * - Failure: a thread that dies answers its calls in flight with an error saying the operation was not
 *   completed, frees the job slot if its own in-thread job held it, is logged and replaced.
 */
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { contract } from '../../../shared/api/contract.ts';
import { ApiError } from '../../../shared/api/errors.ts';
import { errorData } from '../../backend/jobs/job-protocol.ts';
import type { JobKindName } from '../../backend/jobs/job-kinds.ts';
import type { ScryptParams } from '../../db/keyfile.ts';
import type { BureauAnswer, BureauCall } from './bureau-backend.ts';
import { JobSlot, NO_JOB_THREAD } from './job-slot.ts';
import type { FromThread, RequestThreadData, SlotQuestion, ToThread } from './request-thread-protocol.ts';

/** What the transport needs of a backend: BureauBackend in one thread, or these threads. */
export interface BureauDispatcher {
  dispatch(method: unknown, input: unknown, call: BureauCall): Promise<BureauAnswer>;
}

export interface RequestThreadsOptions {
  url: string;
  dataDir: string;
  threads: number;
  scrypt?: ScryptParams;
  checkOutputs?: boolean;
  log?: (message: string) => void;
  /** The thread's entry file; tests give one that wraps the real one. Default: defaultRequestThreadUrl(). */
  workerUrl?: URL;
  /** The job thread's entry file; null: no job thread, jobs run in the asking request thread (tests). */
  jobWorkerUrl?: URL | null;
}

/** The TypeScript source beside this module (tests, CLI from source), or the bundle's entry file. */
export function defaultRequestThreadUrl(): URL | null {
  for (const rel of [
    './request-thread-entry.ts',
    './request-thread-entry.js',
    '../request-thread-entry.js',
    '../../request-thread-entry.js',
  ]) {
    const url = new URL(rel, import.meta.url);
    if (url.protocol === 'file:' && existsSync(url)) return url;
  }
  return null;
}

const tokenKey = (token: string) => createHash('sha256').update(token).digest();

/** The thread a session's calls go to: the same for every call with this token. */
export function threadIndexFor(token: string, threads: number): number {
  return tokenKey(token).readUInt32BE(0) % threads;
}

const UNREACHABLE_DATABASE =
  '暂时无法连接单位数据库服务器，操作未完成。请稍后重试；如持续出现，请联系管理员。';
const SERVER_STOPPING = '单位服务器正在停止，操作未完成。';
const THREAD_STOPPED = '服务器处理本次请求的线程意外停止，操作未完成。请重试；如反复出现，请联系管理员。';
/** How long a session seen open lets app.progress be answered here without asking its thread. */
const SEEN_OPEN_MS = 15_000;
/** A thread that dies before it could open its connection is started again after this pause. */
const RESTART_PAUSE_MS = 1_000;

interface Thread {
  index: number;
  worker: Worker;
  /** Calls sent and not yet answered. */
  pending: Map<number, (answer: BureauAnswer) => void>;
  ready: boolean;
  stopped: boolean;
}

export class RequestThreads implements BureauDispatcher {
  readonly slot: JobSlot;
  private readonly opts: RequestThreadsOptions;
  private readonly workerUrl: URL;
  private readonly threads: Thread[];
  private nextCall = 1;
  /** Where the search for the least busy thread starts, turning, so ties spread over the threads. */
  private turn = 0;
  private closed = false;
  /** Sessions (by token hash) a thread found open, until when app.progress may skip the hop. */
  private readonly seenOpen = new Map<string, number>();

  constructor(opts: RequestThreadsOptions) {
    const url = opts.workerUrl ?? defaultRequestThreadUrl();
    if (!url) throw new Error('request thread entry file not found');
    if (!(opts.threads >= 1)) throw new Error('at least one request thread');
    this.opts = opts;
    this.workerUrl = url;
    this.slot = new JobSlot({
      dbPath: `${opts.dataDir}/server`,
      url: opts.url,
      threads: opts.threads,
      log: (m) => this.log(m),
      ...(opts.jobWorkerUrl !== undefined ? { jobWorkerUrl: opts.jobWorkerUrl } : {}),
    });
    this.threads = Array.from({ length: opts.threads }, (_, i) => this.start(i));
  }

  /** Resolves once every thread has opened its connection (tests; the server answers before that). */
  async ready(): Promise<void> {
    while (!this.closed && this.threads.some((t) => !t.ready)) await new Promise((r) => setTimeout(r, 20));
  }

  dispatch(method: unknown, input: unknown, call: BureauCall): Promise<BureauAnswer> {
    if (this.closed) return Promise.resolve(failed('internal', SERVER_STOPPING));
    if (method === 'app.progress' && this.progressHere(input, call.token)) {
      return Promise.resolve({ envelope: { ok: true, value: this.slot.progress() }, cookie: null });
    }
    const thread =
      this.threads[call.token ? threadIndexFor(call.token, this.threads.length) : this.leastBusy()];
    if (!thread) throw new Error('no request thread');
    // Stopped and waiting to be replaced: it could not open its connection (see onExit).
    if (thread.stopped) return Promise.resolve(failed('database_unreadable', UNREACHABLE_DATABASE));
    const id = this.nextCall++;
    return new Promise<BureauAnswer>((resolve) => {
      thread.pending.set(id, (answer) => {
        this.remember(call.token, answer);
        resolve(answer);
      });
      thread.worker.postMessage({ type: 'call', id, method, input, call } satisfies ToThread);
    });
  }

  /**
   * app.progress is answered here, without waiting behind the officer's thread (which may be blocked
   * in the database for another call), when nothing of the session lookup matters: no token (the
   * lookup finds nothing, as in a thread), or a session a thread found open in the last SEEN_OPEN_MS.
   * Otherwise the thread looks the token up as before (ends an idle session, clears an unknown cookie).
   */
  private progressHere(input: unknown, token: string | null): boolean {
    if (!contract['app.progress'].input.safeParse(input ?? {}).success) return false;
    if (!token) return true;
    return (this.seenOpen.get(tokenKey(token).toString('hex')) ?? 0) > Date.now();
  }

  private remember(token: string | null, answer: BureauAnswer): void {
    if (answer.cookie && answer.cookie !== 'clear') {
      this.seenOpen.set(tokenKey(answer.cookie.set).toString('hex'), Date.now() + SEEN_OPEN_MS);
    }
    if (!token) return;
    const key = tokenKey(token).toString('hex');
    if (answer.sessionOpen && answer.cookie === null) this.seenOpen.set(key, Date.now() + SEEN_OPEN_MS);
    else this.seenOpen.delete(key);
    if (this.seenOpen.size > 10_000) {
      const now = Date.now();
      for (const [k, until] of this.seenOpen) if (until <= now) this.seenOpen.delete(k);
    }
  }

  private leastBusy(): number {
    const n = this.threads.length;
    this.turn = (this.turn + 1) % n;
    let best = this.turn;
    for (let k = 1; k < n; k++) {
      const i = (this.turn + k) % n;
      if ((this.threads[i]?.pending.size ?? 0) < (this.threads[best]?.pending.size ?? 0)) best = i;
    }
    return best;
  }

  private start(index: number): Thread {
    const data: RequestThreadData = {
      url: this.opts.url,
      dataDir: this.opts.dataDir,
      slotFlags: this.slot.shared,
      index,
      ...(this.opts.scrypt ? { scrypt: this.opts.scrypt } : {}),
      ...(this.opts.checkOutputs !== undefined ? { checkOutputs: this.opts.checkOutputs } : {}),
    };
    const worker = new Worker(this.workerUrl, { workerData: data });
    const thread: Thread = { index, worker, pending: new Map(), ready: false, stopped: false };
    worker.on('message', (m: FromThread) => this.onMessage(thread, m));
    worker.on('error', (e) => this.log(`request thread ${index}: ${e.stack ?? e.message}`));
    worker.on('exit', (code) => this.onExit(thread, code));
    return thread;
  }

  private onMessage(thread: Thread, m: FromThread): void {
    switch (m.type) {
      case 'ready':
        thread.ready = true;
        return;
      case 'answer': {
        const answered = thread.pending.get(m.id);
        thread.pending.delete(m.id);
        answered?.(m.answer);
        return;
      }
      case 'report':
        this.slot.report(m.progress, thread.index);
        return;
      case 'release':
        this.slot.release(thread.index);
        return;
      case 'log':
        this.log(m.message);
        return;
      case 'ask':
        void this.answerSlot(thread, m.id, m);
        return;
    }
  }

  /** A thread's question about the job slot; the answer goes back to that very thread, if it still runs. */
  private async answerSlot(thread: Thread, id: number, q: SlotQuestion): Promise<void> {
    let reply: ToThread;
    try {
      const value = await this.slotAnswer(thread, q);
      reply =
        value === NO_JOB_THREAD
          ? { type: 'slotAnswer', id, value: null, noJobThread: true }
          : { type: 'slotAnswer', id, value };
    } catch (e) {
      reply = { type: 'slotFailed', id, error: errorData(e) };
    }
    if (!thread.stopped) thread.worker.postMessage(reply);
  }

  private slotAnswer(thread: Thread, q: SlotQuestion): unknown {
    switch (q.op) {
      case 'claim':
        return this.slot.claim(q.owner, q.progress, thread.index);
      case 'progress':
        return this.slot.progress();
      case 'cancel':
        return this.slot.requestCancel(q.user);
      case 'runKind':
        // Runs on the job thread here: it goes on, and frees the slot, even if the asking thread dies.
        return this.slot.runKind(q.kind as JobKindName, q.input as never, q.user, q.at, q.stage);
    }
  }

  private onExit(thread: Thread, code: number): void {
    thread.stopped = true;
    const lost = [...thread.pending.values()];
    thread.pending.clear();
    for (const answer of lost) answer(failed('internal', this.closed ? SERVER_STOPPING : THREAD_STOPPED));
    if (this.closed) return;
    const freed = this.slot.releaseIfHeldBy(thread.index);
    this.slot.clearLockWaits(thread.index);
    this.log(
      `request thread ${thread.index} stopped (exit code ${code}); ${lost.length} call(s) answered as not completed` +
        `${freed ? ', its job rolled back and the job slot freed' : ''}; starting a replacement`,
    );
    const replace = () => {
      if (!this.closed) this.threads[thread.index] = this.start(thread.index);
    };
    // One that never got its connection (database down) is not restarted in a tight loop; meanwhile
    // its sessions' calls are told the database cannot be reached (dispatch).
    if (thread.ready) replace();
    else setTimeout(replace, RESTART_PAUSE_MS).unref();
  }

  private log(message: string): void {
    this.opts.log?.(message);
  }

  /** Ends every request thread (their calls in flight answer as not completed) and the job thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all(this.threads.map((t) => t.worker.terminate()));
    this.slot.close();
  }
}

function failed(code: 'internal' | 'database_unreadable', message: string): BureauAnswer {
  return { envelope: { ok: false, error: new ApiError(code, message).toData() }, cookie: null };
}
