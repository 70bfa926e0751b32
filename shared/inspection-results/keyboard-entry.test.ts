import { describe, expect, it } from 'vitest';
import {
  applyKey,
  countRows,
  type EntryRow,
  type EntryState,
  hasResult,
  initialEntryState,
  queueMany,
  reconcile,
  restored,
  type SaveJob,
  saveFailed,
  saveSucceeded,
  selectionOf,
  untouchedRows,
} from './keyboard-entry.ts';

const plan = (n: number, stored: Record<number, string[]> = {}): EntryRow[] =>
  Array.from({ length: n }, (_, i) => ({ entityId: 100 + i, stored: stored[100 + i] ?? null }));

function type(state: EntryState, rows: EntryRow[], keys: string[]) {
  const jobs: SaveJob[] = [];
  const notices: string[] = [];
  for (const k of keys) {
    const out = applyKey(state, rows, k);
    state = out.state;
    if (out.save) jobs.push(out.save);
    if (out.notice) notices.push(out.notice);
  }
  return { state, jobs, notices };
}

describe('keyboard results entry', () => {
  it('turns “1⏎” typed fifty times, with no save finished, into fifty saves of fifty rows in order', () => {
    const rows = plan(342);
    const keys = Array.from({ length: 50 }, () => ['1', 'Enter']).flat();
    const { state, jobs, notices } = type(initialEntryState(rows), rows, keys);
    expect(notices).toEqual([]);
    expect(jobs.map((j) => j.entityId)).toEqual(rows.slice(0, 50).map((r) => r.entityId));
    expect(jobs.every((j) => j.codes.join() === '1')).toBe(true);
    expect(new Set(jobs.map((j) => j.job)).size).toBe(50);
    expect(state.cursor).toBe(50);
    expect(countRows(state, rows)).toEqual({ saved: 0, pending: 50, failed: 0, remaining: 292 });
  });

  it('applies keys typed while saves are settling, in order, and shows each row saved', () => {
    const rows = plan(5);
    let { state, jobs } = type(initialEntryState(rows), rows, ['1', 'Enter', 'b']);
    state = saveSucceeded(state, jobs[0]!.job, [jobs[0]!.entityId]);
    const more = type(state, rows, ['Enter', '1', 'Enter']);
    state = more.state;
    jobs = [...jobs, ...more.jobs];
    expect(jobs.map((j) => [j.entityId, j.codes.join()])).toEqual([
      [100, '1'],
      [101, 'B'],
      [102, '1'],
    ]);
    state = saveSucceeded(state, jobs[1]!.job, [101], ['A', 'B']);
    expect(state.overlay.get(100)?.status).toBe('saved');
    expect(state.overlay.get(101)).toMatchObject({ status: 'saved', codes: ['A', 'B'] });
    expect(state.overlay.get(102)?.status).toBe('queued');
    expect(state.cursor).toBe(3);
  });

  it('skips rows that already have a result and refuses Enter on an empty selection', () => {
    const rows = plan(4, { 101: ['1'] });
    const init = initialEntryState(rows);
    expect(init.cursor).toBe(0);
    const { state, jobs, notices } = type(init, rows, ['Enter', '7', 'Enter']);
    expect(notices).toEqual(['请先选择检查结果（按图例中的键）']);
    expect(jobs.map((j) => j.entityId)).toEqual([100]);
    expect(state.cursor).toBe(2);
  });

  it('keeps a newer edit when an older save of the same row settles, and marks failures', () => {
    const rows = plan(3);
    const typed = type(initialEntryState(rows), rows, ['1', 'Enter', 'ArrowUp', '8']);
    let state = typed.state;
    expect(selectionOf(state, rows[0]!)).toEqual(['8']);
    state = saveSucceeded(state, typed.jobs[0]!.job, [100]);
    expect(state.overlay.get(100)).toMatchObject({ status: 'editing', codes: ['8'] });
    const again = type(state, rows, ['Enter']);
    state = saveFailed(again.state, again.jobs[0]!.job, [100], '检查日期不能早于任务开始日期');
    expect(state.overlay.get(100)).toMatchObject({ status: 'failed', error: '检查日期不能早于任务开始日期' });
    expect(hasResult(state, rows[0]!)).toBe(false);
    expect(countRows(state, rows)).toMatchObject({ failed: 1, remaining: 3 });
    expect(again.jobs.map((j) => j.codes)).toEqual([['8']]);
  });

  it('toggles codes: 未发现问题 excludes the others; Backspace clears; arrows stay inside the plan', () => {
    const rows = plan(2);
    let { state } = type(initialEntryState(rows), rows, ['b', '6', 'B']);
    expect(selectionOf(state, rows[0]!)).toEqual(['6']);
    state = type(state, rows, ['1']).state;
    expect(selectionOf(state, rows[0]!)).toEqual(['1']);
    state = type(state, rows, ['Backspace']).state;
    expect(selectionOf(state, rows[0]!)).toEqual([]);
    state = type(state, rows, ['ArrowUp', 'ArrowDown', 'ArrowDown', 'ArrowDown']).state;
    expect(state.cursor).toBe(1);
    expect(applyKey(state, rows, 'x').handled).toBe(false);
  });

  it('fills only untouched rows, and a fresh read of the plan retires the saved overlays it confirms', () => {
    const rows = plan(5, { 100: ['8'] });
    let { state } = type(initialEntryState(rows), rows, ['1', 'Enter', 'c']);
    // 100 stored, 101 queued, 102 selected but unsaved: 103 and 104 are untouched.
    const untouched = untouchedRows(state, rows).map((r) => r.entityId);
    expect(untouched).toEqual([103, 104]);
    const q = queueMany(state, untouched, ['1']);
    state = saveSucceeded(q.state, q.job, untouched);
    expect(countRows(state, rows)).toEqual({ saved: 3, pending: 1, failed: 0, remaining: 1 });
    const fresh = rows.map((r) => (untouched.includes(r.entityId) ? { ...r, stored: ['1'] } : r));
    state = reconcile(state, fresh);
    expect(state.overlay.has(103)).toBe(false);
    expect(state.overlay.get(101)?.status).toBe('queued');
    expect(state.overlay.get(102)?.status).toBe('editing');
  });
  it('queues what an undo restores and puts the cursor back on the row', () => {
    const rows = plan(4);
    const typed = type(initialEntryState(rows), rows, ['1', 'Enter', '8', 'Enter']);
    let state = saveSucceeded(typed.state, typed.jobs[1]!.job, [101]);
    const undo = restored(state, rows, new Map([[101, []]]));
    expect(undo.state.cursor).toBe(1);
    expect(undo.state.overlay.get(101)).toMatchObject({ codes: [], status: 'queued', job: undo.job });
    expect(undo.state.nextJob).toBe(undo.job + 1);
    state = saveSucceeded(undo.state, undo.job, [101]);
    expect(hasResult(state, rows[1]!)).toBe(false);
    expect(untouchedRows(state, rows).map((r) => r.entityId)).toEqual([101, 102, 103]);
  });
});
