/**
 * The keyboard results entry as a pure state machine (issue 10 item 2): every key is applied at once,
 * in order, to this state, whatever saves are still in flight, so no keystroke is ever lost. Enter
 * turns the row's selection into a save job and moves on; the screen runs the jobs one after another
 * and reports back with `saveSucceeded` / `saveFailed`. Rows show whether they are being edited,
 * queued, saved or failed.
 */
import { RESULT_CODES } from './index.ts';

export interface EntryRow {
  entityId: number;
  /** The result codes stored for this row when the plan was last read; null: none. */
  stored: readonly string[] | null;
}

export type RowStatus = 'editing' | 'queued' | 'saved' | 'failed';

/** What the screen knows about a row beyond the stored plan. `codes` empty + saved = cleared (undo). */
export interface RowOverlay {
  codes: readonly string[];
  status: RowStatus;
  /** The save job that will settle this row (a newer job or an edit supersedes it). */
  job: number | null;
  error: string | null;
}

export interface EntryState {
  cursor: number;
  overlay: ReadonlyMap<number, RowOverlay>;
  nextJob: number;
}

export interface SaveJob {
  job: number;
  entityId: number;
  codes: string[];
}

export interface KeyOutcome {
  state: EntryState;
  /** Set when the key asks for a save (Enter on a row with a selection). */
  save: SaveJob | null;
  /** A notice for the user (e.g. Enter with nothing selected). */
  notice: string | null;
  /** Whether the key was one of ours (the browser's default action is then suppressed). */
  handled: boolean;
}

const BY_KEY = new Map(RESULT_CODES.map((c) => [c.key, c.code]));

export function initialEntryState(rows: readonly EntryRow[]): EntryState {
  return {
    cursor: Math.max(
      0,
      rows.findIndex((r) => r.stored === null),
    ),
    overlay: new Map(),
    nextJob: 1,
  };
}

/** The codes the row shows: the screen's own (edited, queued, saved) before the stored ones. */
export function selectionOf(state: EntryState, row: EntryRow): readonly string[] {
  return state.overlay.get(row.entityId)?.codes ?? row.stored ?? [];
}

/** The row has a result, or one is on its way (queued saves count: the cursor skips them). */
export function hasResult(state: EntryState, row: EntryRow): boolean {
  const o = state.overlay.get(row.entityId);
  if (!o) return row.stored !== null;
  if (o.status === 'queued' || o.status === 'saved') return o.codes.length > 0;
  return row.stored !== null;
}

/** Toggles a code: 未发现问题 excludes everything else, and anything else excludes it. */
export function toggleCode(codes: readonly string[], code: string): string[] {
  if (codes.includes(code)) return codes.filter((c) => c !== code);
  if (code === '1') return ['1'];
  return [...codes.filter((c) => c !== '1'), code];
}

function withOverlay(state: EntryState, entityId: number, o: RowOverlay): EntryState {
  const overlay = new Map(state.overlay);
  overlay.set(entityId, o);
  return { ...state, overlay };
}

function edit(state: EntryState, row: EntryRow, codes: readonly string[]): EntryState {
  return withOverlay(state, row.entityId, { codes, status: 'editing', job: null, error: null });
}

const outcome = (state: EntryState, handled = true): KeyOutcome => ({
  state,
  save: null,
  notice: null,
  handled,
});

/** Applies one key to the state. `key` is KeyboardEvent.key. */
export function applyKey(state: EntryState, rows: readonly EntryRow[], key: string): KeyOutcome {
  const last = rows.length - 1;
  if (key === 'ArrowDown' || key === 'j')
    return outcome({ ...state, cursor: Math.min(state.cursor + 1, last) });
  if (key === 'ArrowUp' || key === 'k') return outcome({ ...state, cursor: Math.max(state.cursor - 1, 0) });
  const row = rows[state.cursor];
  if (!row) return outcome(state, false);
  if (key === 'Enter') return enter(state, rows, row);
  if (key === 'Backspace') return outcome(edit(state, row, []));
  const code = BY_KEY.get(key.toLowerCase());
  if (code) return outcome(edit(state, row, toggleCode(selectionOf(state, row), code)));
  return outcome(state, false);
}

function enter(state: EntryState, rows: readonly EntryRow[], row: EntryRow): KeyOutcome {
  const codes = [...selectionOf(state, row)];
  if (codes.length === 0) return { ...outcome(state), notice: '请先选择检查结果（按图例中的键）' };
  const job = state.nextJob;
  let next = withOverlay(state, row.entityId, { codes, status: 'queued', job, error: null });
  next = { ...next, nextJob: job + 1, cursor: nextCursor(next, rows, state.cursor) };
  return { state: next, save: { job, entityId: row.entityId, codes }, notice: null, handled: true };
}

/** The next row after `from` without a result; else simply the next row (the last stays put). */
function nextCursor(state: EntryState, rows: readonly EntryRow[], from: number): number {
  for (let i = from + 1; i < rows.length; i++) if (!hasResult(state, rows[i]!)) return i;
  return Math.min(from + 1, rows.length - 1);
}

/** Rows queued by one job for several entities (其余全部未发现问题) or settled by an undo. */
export function queueMany(
  state: EntryState,
  entityIds: readonly number[],
  codes: readonly string[],
): { state: EntryState; job: number } {
  const job = state.nextJob;
  const overlay = new Map(state.overlay);
  for (const id of entityIds) overlay.set(id, { codes, status: 'queued', job, error: null });
  return { state: { ...state, overlay, nextJob: job + 1 }, job };
}

function settle(
  state: EntryState,
  job: number,
  entityIds: readonly number[],
  f: (o: RowOverlay) => RowOverlay,
) {
  const overlay = new Map(state.overlay);
  for (const id of entityIds) {
    const o = overlay.get(id);
    // A later edit or save of the same row supersedes this job's outcome.
    if (o && o.job === job) overlay.set(id, f(o));
  }
  return { ...state, overlay };
}

/** `codes`: what the backend stored (a child code brings its parent, e.g. 6 → A, 6). */
export function saveSucceeded(
  state: EntryState,
  job: number,
  entityIds: readonly number[],
  codes?: readonly string[],
): EntryState {
  return settle(state, job, entityIds, (o) => ({
    ...o,
    codes: codes ?? o.codes,
    status: 'saved',
    error: null,
  }));
}

export function saveFailed(
  state: EntryState,
  job: number,
  entityIds: readonly number[],
  error: string,
): EntryState {
  return settle(state, job, entityIds, (o) => ({ ...o, status: 'failed', error }));
}

/** Queues the values an undo restores (codes empty: no result), and puts the cursor on the first row. */
export function restored(
  state: EntryState,
  rows: readonly EntryRow[],
  values: ReadonlyMap<number, readonly string[]>,
): { state: EntryState; job: number } {
  const job = state.nextJob;
  const overlay = new Map(state.overlay);
  for (const [id, codes] of values) overlay.set(id, { codes, status: 'queued', job, error: null });
  const first = rows.findIndex((r) => values.has(r.entityId));
  return {
    state: { ...state, overlay, nextJob: job + 1, cursor: first >= 0 ? first : state.cursor },
    job,
  };
}

/**
 * After the plan is read again: saved rows the stored plan now agrees with need no overlay any more
 * (rows still being edited, queued or failed keep theirs).
 */
export function reconcile(state: EntryState, rows: readonly EntryRow[]): EntryState {
  let overlay: Map<number, RowOverlay> | null = null;
  for (const r of rows) {
    const o = state.overlay.get(r.entityId);
    if (o?.status !== 'saved') continue;
    const stored = r.stored ?? [];
    if (stored.length === o.codes.length && stored.every((c, i) => c === o.codes[i])) {
      overlay ??= new Map(state.overlay);
      overlay.delete(r.entityId);
    }
  }
  return overlay ? { ...state, overlay } : state;
}

export interface EntryCounts {
  saved: number;
  pending: number;
  failed: number;
  remaining: number;
}

/** Rows with a result (stored or saved), saves in flight, failed saves, rows with nothing yet. */
export function countRows(state: EntryState, rows: readonly EntryRow[]): EntryCounts {
  const c: EntryCounts = { saved: 0, pending: 0, failed: 0, remaining: 0 };
  for (const r of rows) {
    const o = state.overlay.get(r.entityId);
    if (o?.status === 'queued') c.pending++;
    else if (o?.status === 'failed') c.failed++;
    if (o?.status === 'queued') continue;
    const done = o?.status === 'saved' ? o.codes.length > 0 : r.stored !== null;
    if (done) c.saved++;
    else c.remaining++;
  }
  return c;
}

/** Rows “其余全部未发现问题” would fill: no result, none on its way, nothing selected but unsaved. */
export function untouchedRows(state: EntryState, rows: readonly EntryRow[]): EntryRow[] {
  return rows.filter((r) => !hasResult(state, r) && selectionOf(state, r).length === 0);
}
