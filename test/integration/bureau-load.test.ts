/**
 * The bureau server's bounded load test (bench/bureau-load.bench.ts), CI-sized: 4 officers for 3 s
 * per phase on 1,500 entities while a 300-row import and a grading run proceed. The bench exits 1 on
 * any refused call, any result read back or stored differently from what was entered, or a job that
 * did not complete; here it must exit 0 having done real work in both phases.
 */
import { spawnSync } from 'node:child_process';
import { expect, it } from 'vitest';
import { describePg } from '../helpers/pg-cluster.ts';

describePg('the bureau load test, CI-sized', () => {
  it('officers at work during an import and a grading run: no errors, no lost updates, both jobs complete', () => {
    const r = spawnSync(process.execPath, ['bench/bureau-load.bench.ts'], {
      encoding: 'utf8',
      env: {
        ...process.env,
        BENCH_ENTITIES: '1500',
        BENCH_OFFICERS: '4',
        BENCH_SECONDS: '3',
        BENCH_IMPORT_ROWS: '300',
      },
      timeout: 110_000,
    });
    const out = `${r.stdout}\n${r.stderr}`;
    // The latency tables (p50/p95 per method, both phases) stay visible in the test's output.
    console.log(out.slice(Math.max(0, out.indexOf('baseline:'))));
    expect(r.status, out).toBe(0);
    expect(out).toMatch(/^errors: 0$/m);
    expect(out).toMatch(/^lost updates: 0 \((\d+) plan entries/m);
    // Results were entered in both phases, and the import wrote all its rows.
    const entered = Number(out.match(/^lost updates: 0 \((\d+) plan entries/m)?.[1]);
    expect(entered).toBeGreaterThan(4);
    expect(out).toMatch(/"inserted":300/);
    expect(out).toMatch(/^sampling\.results\.enter\s+\d+/m);
    expect(out).toMatch(/grading run [\d.]+ s \(\d+ entities\)/);
  }, 120_000);
});
