/**
 * The server's one job slot (job-slot.ts) on its own: one holder at a time, progress and release only
 * from the holder, who may cancel, the lock-wait notice summed over threads and cleared for a dead one,
 * and a dead thread's in-thread job freeing the slot.
 */
import { describe, expect, it } from 'vitest';
import { IDLE_PROGRESS } from '../../../shared/api/contract.ts';
import type { UserInfo } from '../../../shared/domain/users.ts';
import { WRITE_WAITING_NOTICE } from '../../db/write-errors.ts';
import { JobSlot, lockWaitSlot, NO_JOB_THREAD, SLOT_FLAGS } from './job-slot.ts';

const ADMIN: UserInfo = { username: 'admin', displayName: '王管理', role: 'admin' };
const LI: UserInfo = { username: 'li', displayName: '李科长', role: 'supervisor' };
const ZHANG: UserInfo = { username: 'zhang', displayName: '张执法', role: 'officer' };
const GRADING = { job: 'grading.run', stage: '正在准备信用评价', done: 0, total: 0 };

describe('the job slot', () => {
  it('has one holder at a time; only the holder reports and releases', () => {
    const slot = new JobSlot({ dbPath: '/nowhere/server', threads: 2 });
    const flags = new Int32Array(slot.shared);
    slot.claim('li', GRADING, 1);
    expect(slot.running()).toBe(true);
    expect(Atomics.load(flags, SLOT_FLAGS.RUNNING)).toBe(1);
    expect(() => slot.claim('admin', { ...GRADING, job: 'monitoring.run' }, 0)).toThrow(
      /另一项较长的操作正在进行（正在准备信用评价）/,
    );
    slot.report({ ...GRADING, done: 5, total: 10 }, 0);
    expect(slot.progress()).toEqual(GRADING);
    slot.report({ ...GRADING, done: 5, total: 10 }, 1);
    expect(slot.progress()).toMatchObject({ done: 5, total: 10 });
    slot.release(0);
    expect(slot.running()).toBe(true);
    slot.release(1);
    expect(slot.running()).toBe(false);
    expect(slot.progress()).toEqual(IDLE_PROGRESS);
    expect(Atomics.load(flags, SLOT_FLAGS.RUNNING)).toBe(0);
  });

  it('lets the owner or a 管理员 cancel, nobody else; a new claim clears the flag', () => {
    const slot = new JobSlot({ dbPath: '/nowhere/server' });
    const flags = new Int32Array(slot.shared);
    expect(slot.requestCancel(ADMIN)).toBe(false);
    slot.claim('li', GRADING);
    expect(() => slot.requestCancel(ZHANG)).toThrow(/只有发起该操作的人员或管理员可以取消它/);
    expect(slot.requestCancel(null)).toBe(false);
    expect(Atomics.load(flags, SLOT_FLAGS.CANCEL)).toBe(0);
    expect(slot.requestCancel(LI)).toBe(true);
    expect(slot.local().cancelled()).toBe(true);
    slot.release();
    slot.claim('admin', GRADING);
    expect(slot.local().cancelled()).toBe(false);
    expect(slot.requestCancel(ADMIN)).toBe(true);
  });

  it('shows the lock-wait notice while any thread waits, and forgets a dead thread’s waits', () => {
    const slot = new JobSlot({ dbPath: '/nowhere/server', threads: 3 });
    const flags = new Int32Array(slot.shared);
    Atomics.add(flags, lockWaitSlot(2), 1);
    expect(slot.progress().notice).toBe(WRITE_WAITING_NOTICE);
    slot.local().lockWaiting(1);
    Atomics.sub(flags, lockWaitSlot(2), 1);
    expect(slot.progress().notice).toBe(WRITE_WAITING_NOTICE);
    slot.local().lockWaiting(-1);
    expect(slot.progress().notice).toBeUndefined();
    Atomics.add(flags, lockWaitSlot(0), 2);
    slot.clearLockWaits(0);
    expect(slot.progress().notice).toBeUndefined();
  });

  it('frees the slot of a thread that died during its in-thread job, and only that thread’s', () => {
    const slot = new JobSlot({ dbPath: '/nowhere/server', threads: 2 });
    slot.claim('li', GRADING, 1);
    expect(slot.releaseIfHeldBy(0)).toBe(false);
    expect(slot.running()).toBe(true);
    expect(slot.releaseIfHeldBy(1)).toBe(true);
    expect(slot.running()).toBe(false);
  });

  it('without a database address has no job thread: the asker runs the job itself', async () => {
    const slot = new JobSlot({ dbPath: '/nowhere/server' });
    expect(await slot.runKind('audit.verify', {}, ADMIN, '2026-12-04T09:00:00Z', '正在校验')).toBe(
      NO_JOB_THREAD,
    );
    expect(slot.running()).toBe(false);
  });
});
