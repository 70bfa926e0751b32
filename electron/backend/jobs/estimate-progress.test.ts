import { afterEach, describe, expect, it, vi } from 'vitest';
import type { JobProgress } from '../../../shared/api/contract.ts';
import { estimateProgress } from './estimate-progress.ts';
import { WATCH_EVERY_MS } from './watch-file-growth.ts';

afterEach(() => {
  vi.useRealTimers();
});

describe('estimateProgress (a backup check that blocks the job worker)', () => {
  it('reports elapsed over expected time every 200 ms, says it is an estimate, never claims 100 %', () => {
    vi.useFakeTimers();
    let clock = 0;
    const reports: JobProgress[] = [];
    const stop = estimateProgress(
      { job: 'backup.create', stage: '正在校验备份', done: 0, total: 100 },
      2000,
      (p) => reports.push(p),
      () => clock,
    );
    const advance = (ms: number) => {
      for (let t = 0; t < ms; t += WATCH_EVERY_MS) {
        clock += WATCH_EVERY_MS;
        vi.advanceTimersByTime(WATCH_EVERY_MS);
      }
    };
    advance(1000);
    expect(reports[0]).toMatchObject({ job: 'backup.create', done: 0, total: 100 });
    expect(reports.at(-1)).toEqual({
      job: 'backup.create',
      stage: '正在校验备份… 约 50%（估计）',
      done: 50,
      total: 100,
    });
    expect(reports).toHaveLength(1 + 1000 / WATCH_EVERY_MS);
    const done = reports.map((r) => r.done);
    expect(done).toEqual([...done].sort((a, b) => a - b));

    // Past the expected time: held below 100 %, and the text says it takes longer than expected.
    advance(3000);
    expect(reports.at(-1)).toMatchObject({ stage: '正在校验备份… 用时比预计长，已 4 秒', done: 99 });
    expect(Math.max(...reports.map((r) => r.done))).toBe(99);

    stop();
    const count = reports.length;
    advance(1000);
    expect(reports).toHaveLength(count);
  });
});
