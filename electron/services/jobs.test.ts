import { describe, expect, it, vi } from 'vitest';
import { inStage, type JobControl, rowReporter } from './jobs.ts';

function recording(): JobControl & { calls: string[] } {
  const calls: string[] = [];
  return {
    calls,
    progress: (done, total, stage) => calls.push(`progress ${done}/${total}${stage ? ` ${stage}` : ''}`),
    checkCancelled: () => calls.push('check'),
  };
}

describe('job control', () => {
  it('inStage names the stage unless the service names its own', () => {
    const job = recording();
    const staged = inStage(job, '正在导出');
    staged.progress(1, 2);
    staged.progress(2, 2, '正在收尾');
    staged.checkCancelled();
    expect(job.calls).toEqual(['progress 1/2 正在导出', 'progress 2/2 正在收尾', 'check']);
  });

  it('rowReporter checks for a cancel, then reports, only on every nth row once the interval passed', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const job = recording();
      const report = rowReporter(job, 1000, 100, 200);
      report(0);
      report(100); // too early
      vi.advanceTimersByTime(250);
      report(150); // not a multiple of 100
      report(200);
      report(300); // too early again
      expect(job.calls).toEqual(['check', 'progress 200/1000']);
    } finally {
      vi.useRealTimers();
    }
  });

  it('a cancel thrown by the check stops before progress is reported', () => {
    vi.useFakeTimers({ toFake: ['performance'] });
    try {
      const progress = vi.fn();
      const report = rowReporter(
        {
          progress,
          checkCancelled: () => {
            throw new Error('已取消');
          },
        },
        10,
        1,
        0,
      );
      vi.advanceTimersByTime(1);
      expect(() => report(1)).toThrow('已取消');
      expect(progress).not.toHaveBeenCalled();
    } finally {
      vi.useRealTimers();
    }
  });
});
