import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { JobProgress } from '../../../shared/api/contract.ts';
import { watchFileGrowth } from './watch-file-growth.ts';

const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe('watchFileGrowth (backup progress while VACUUM INTO blocks the job worker)', () => {
  it('reports the file growing at least every 500 ms, and nothing once stopped', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'watch-'));
    dirs.push(dir);
    const path = join(dir, 'backup.db');
    const reports: { at: number; p: JobProgress }[] = [];
    const stop = watchFileGrowth(
      path,
      { job: 'backup.create', stage: '正在写入加密备份', done: 0, total: 4000 },
      (p) => reports.push({ at: performance.now(), p }),
    );
    for (let i = 0; i < 8; i++) {
      await new Promise((r) => setTimeout(r, 150));
      appendFileSync(path, Buffer.alloc(500));
    }
    stop();
    const count = reports.length;
    await new Promise((r) => setTimeout(r, 450));
    expect(reports.length).toBe(count);

    const gaps = reports.slice(1).map((r, i) => r.at - (reports[i]?.at ?? 0));
    expect(Math.max(...gaps)).toBeLessThan(500);
    const done = reports.map((r) => r.p.done);
    expect(done[0]).toBe(0);
    expect(done).toEqual([...done].sort((a, b) => a - b));
    expect(Math.max(...done)).toBeGreaterThanOrEqual(3000);
    expect(reports.every((r) => r.p.total === 4000 && r.p.stage === '正在写入加密备份')).toBe(true);
  });
});
