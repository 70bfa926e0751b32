/**
 * The results screen's engine (issue 10 item 2). Keys go straight into a state held in a ref, so a
 * key typed while a save is in flight is applied in order like any other; saves run one after another
 * in a queue; the screen re-renders after each change. Keeps an undo stack of entries and reads the
 * plan again (onSaved) only once the queue is empty.
 */
import { useCallback, useEffect, useRef, useState } from 'react';
import type { PlanEntry } from '../../../../shared/api/contracts/sampling.ts';
import {
  applyKey,
  type EntryRow,
  type EntryState,
  initialEntryState,
  queueMany,
  reconcile,
  restored,
  saveFailed,
  saveSucceeded,
  untouchedRows,
} from '../../../../shared/inspection-results/keyboard-entry.ts';
import { resultText } from '../../../../shared/inspection-results/index.ts';
import { ApiError, api, errorMessage } from '../../api.ts';

export interface EntryMessage {
  color: 'teal' | 'orange' | 'red';
  text: string;
}

interface Written {
  results: string[];
  checkedOn: string;
  followUp: string | null;
  note: string | null;
}

/** One undoable entry: the rows it wrote and what they held before (null: no result). */
interface UndoStep {
  label: string;
  before: Map<number, Written | null>;
}

const RELOAD_AFTER_IDLE_MS = 800;

/** Another officer changed the row since it was shown: the plan is read again at once. */
const isStale = (e: unknown) => e instanceof ApiError && e.code === 'conflict';

const versionsOf = (entries: readonly PlanEntry[]) =>
  new Map(entries.map((e) => [e.entityId, e.result?.version ?? 0]));

const rowsOf = (entries: readonly PlanEntry[]): EntryRow[] =>
  entries.map((e) => ({ entityId: e.entityId, stored: e.result?.results ?? null }));

export function useResultsEntry(opts: {
  taskId: number;
  entries: readonly PlanEntry[];
  date: string;
  onSaved: () => void;
}) {
  const { taskId, entries, onSaved } = opts;
  const rowsRef = useRef<EntryRow[]>(rowsOf(entries));
  const stateRef = useRef<EntryState>(initialEntryState(rowsRef.current));
  const [, setVersion] = useState(0);
  const [message, setMessage] = useState<EntryMessage | null>(null);
  const [undoLabel, setUndoLabel] = useState<string | null>(null);
  const queue = useRef<Promise<void>>(Promise.resolve());
  const inFlight = useRef(0);
  const undoStack = useRef<UndoStep[]>([]);
  /** What each row will hold once the queue has run (the “before” of the next entry). */
  const written = useRef(new Map<number, Written | null>());
  const dateRef = useRef(opts.date);
  dateRef.current = opts.date;
  const onSavedRef = useRef(onSaved);
  onSavedRef.current = onSaved;
  /**
   * The version of each row's result as this screen last knew it (0: none): every save names it, so
   * a result another officer changed meanwhile is refused instead of overwritten.
   */
  const versions = useRef(versionsOf(entries));

  const update = useCallback((f: (s: EntryState) => EntryState) => {
    stateRef.current = f(stateRef.current);
    setVersion((v) => v + 1);
  }, []);

  // A fresh read of the plan: new stored values; saved rows it confirms drop their overlay.
  useEffect(() => {
    rowsRef.current = rowsOf(entries);
    // A read that raced a queued save may predate it; the save's own answer is newer then.
    if (inFlight.current === 0) versions.current = versionsOf(entries);
    update((s) => reconcile(s, rowsRef.current));
  }, [entries, update]);

  const nameOf = useCallback((id: number) => entries.find((e) => e.entityId === id)?.name ?? '', [entries]);

  const before = useCallback(
    (id: number): Written | null => {
      if (written.current.has(id)) return written.current.get(id) ?? null;
      const r = entries.find((e) => e.entityId === id)?.result;
      return r ? { results: r.results, checkedOn: r.checkedOn, followUp: r.followUp, note: r.note } : null;
    },
    [entries],
  );

  /**
   * Runs `task` after every save queued before it. The plan is read again only once the queue has
   * stayed empty for a moment: reading and redrawing it between keys would slow the typing down.
   */
  const idleTimer = useRef<ReturnType<typeof setTimeout> | null>(null);
  const enqueue = useCallback((task: () => Promise<void>) => {
    inFlight.current++;
    if (idleTimer.current) clearTimeout(idleTimer.current);
    queue.current = queue.current.then(task).finally(() => {
      inFlight.current--;
      if (inFlight.current > 0) return;
      idleTimer.current = setTimeout(() => {
        if (inFlight.current === 0) onSavedRef.current();
      }, RELOAD_AFTER_IDLE_MS);
    });
  }, []);
  useEffect(
    () => () => {
      if (idleTimer.current) clearTimeout(idleTimer.current);
    },
    [],
  );

  const pushUndo = useCallback((step: UndoStep) => {
    undoStack.current.push(step);
    setUndoLabel(step.label);
  }, []);
  /** A refused save wrote nothing: there is nothing to undo. */
  const dropUndo = useCallback((step: UndoStep) => {
    undoStack.current = undoStack.current.filter((s) => s !== step);
    setUndoLabel(undoStack.current.at(-1)?.label ?? null);
  }, []);

  const onKey = useCallback(
    (key: string): boolean => {
      const out = applyKey(stateRef.current, rowsRef.current, key);
      if (out.state !== stateRef.current) update(() => out.state);
      if (out.notice) setMessage({ color: 'orange', text: out.notice });
      const job = out.save;
      if (!job) return out.handled;
      const checkedOn = dateRef.current;
      const name = nameOf(job.entityId);
      const step = { label: name, before: new Map([[job.entityId, before(job.entityId)]]) };
      pushUndo(step);
      written.current.set(job.entityId, { results: job.codes, checkedOn, followUp: null, note: null });
      enqueue(async () => {
        try {
          const r = await api.call('sampling.results.enter', {
            taskId,
            entityId: job.entityId,
            results: job.codes,
            checkedOn,
            followUp: null,
            note: null,
            expectedVersion: versions.current.get(job.entityId) ?? 0,
          });
          versions.current.set(job.entityId, r.version);
          update((s) => saveSucceeded(s, job.job, [job.entityId], r.results));
          const follow = r.followUps.map((f) => f.text).join('；');
          setMessage({
            color: follow ? 'orange' : 'teal',
            text: `已保存 ${name}：${resultText(r.results)}${follow ? `。后续处置：${follow}` : ''}。还剩 ${r.remaining} 户。`,
          });
        } catch (e) {
          written.current.delete(job.entityId);
          dropUndo(step);
          update((s) => saveFailed(s, job.job, [job.entityId], errorMessage(e)));
          setMessage({
            color: 'red',
            text: isStale(e)
              ? `${errorMessage(e)}（已重新读取该行）`
              : `${name} 未能保存：${errorMessage(e)}。该行已标红，可修改后再按 Enter。`,
          });
          if (isStale(e)) onSavedRef.current();
        }
      });
      return true;
    },
    [taskId, update, enqueue, nameOf, before, pushUndo, dropUndo],
  );

  /** 其余全部未发现问题: the rows it would fill, for the confirmation. */
  const untouched = useCallback(() => untouchedRows(stateRef.current, rowsRef.current), []);

  const fillRemaining = useCallback(
    (ids: readonly number[]) => {
      if (ids.length === 0) return;
      const checkedOn = dateRef.current;
      const q = queueMany(stateRef.current, ids, ['1']);
      update(() => q.state);
      const step = { label: `其余 ${ids.length} 户`, before: new Map(ids.map((id) => [id, before(id)])) };
      pushUndo(step);
      for (const id of ids)
        written.current.set(id, { results: ['1'], checkedOn, followUp: null, note: null });
      enqueue(async () => {
        try {
          const r = await api.call('sampling.results.enterMany', {
            taskId,
            entityIds: [...ids],
            results: ['1'],
            checkedOn,
          });
          // Rows without a result got version 1; rows that had one were skipped, untouched.
          for (const id of ids) if (!versions.current.get(id)) versions.current.set(id, 1);
          update((s) => saveSucceeded(s, q.job, ids));
          setMessage({
            color: 'teal',
            text: `已将 ${r.entered} 户录入为“未发现问题”${r.skipped ? `（${r.skipped} 户已有结果，未改动）` : ''}。还剩 ${r.remaining} 户。`,
          });
        } catch (e) {
          for (const id of ids) written.current.delete(id);
          dropUndo(step);
          update((s) => saveFailed(s, q.job, ids, errorMessage(e)));
          setMessage({ color: 'red', text: `未能批量录入：${errorMessage(e)}` });
        }
      });
    },
    [taskId, update, enqueue, before, pushUndo, dropUndo],
  );

  const undo = useCallback(() => {
    const step = undoStack.current.pop();
    setUndoLabel(undoStack.current.at(-1)?.label ?? null);
    if (!step) return;
    const values = new Map([...step.before].map(([id, w]) => [id, w?.results ?? []]));
    const { state, job } = restored(stateRef.current, rowsRef.current, values);
    update(() => state);
    for (const [id, w] of step.before) written.current.set(id, w);
    enqueue(async () => {
      const ids = [...step.before.keys()];
      try {
        const clear = ids.filter((id) => step.before.get(id) === null);
        if (clear.length > 0) await api.call('sampling.results.clear', { taskId, entityIds: clear });
        for (const id of clear) versions.current.set(id, 0);
        for (const [entityId, w] of step.before) {
          if (!w) continue;
          const expectedVersion = versions.current.get(entityId) ?? 0;
          const r = await api.call('sampling.results.enter', { taskId, entityId, ...w, expectedVersion });
          versions.current.set(entityId, r.version);
        }
        update((s) => saveSucceeded(s, job, ids));
        setMessage({ color: 'teal', text: `已撤销：${step.label}` });
      } catch (e) {
        // Still undoable: the step goes back on the stack for another try.
        pushUndo(step);
        update((s) => saveFailed(s, job, ids, errorMessage(e)));
        setMessage({ color: 'red', text: `未能撤销 ${step.label}：${errorMessage(e)}` });
        if (isStale(e)) onSavedRef.current();
      }
    });
  }, [taskId, update, enqueue, pushUndo]);

  const setCursor = useCallback((i: number) => update((s) => ({ ...s, cursor: i })), [update]);

  return {
    state: stateRef.current,
    rows: rowsRef.current,
    message,
    undoLabel,
    onKey,
    setCursor,
    untouched,
    fillRemaining,
    undo,
  };
}
