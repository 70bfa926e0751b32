/**
 * A grading run asked of the app (the job worker, whose reader threads open their own connections with
 * the session's key) stores what the serial run stores on the same database, explains an entity from
 * its stored breakdown, and leaves the app answering. CREDITDESK_GRADING_READERS=2 makes this
 * small county take the parallel path at any load (job-kinds.ts).
 */
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { Backend } from '../../electron/backend/backend.ts';
import { runGrading } from '../../electron/services/grading/run-grading.ts';
import { FAST_SCRYPT, TEST_COUNTY, tempDir } from '../helpers/tmp.ts';

const ADMIN = { username: 'admin', displayName: '管理员', password: 'grading-parallel' };
const REQ = { modelId: 'samr-risk', modelVersion: null, asOf: '2026-10-31' };

describe('a grading run of the app, read in threads', () => {
  let backend: Backend | undefined;
  let cleanup = () => {};
  const before = process.env.CREDITDESK_GRADING_READERS;
  afterEach(() => {
    backend?.close();
    backend = undefined;
    cleanup();
    if (before === undefined) delete process.env.CREDITDESK_GRADING_READERS;
    else process.env.CREDITDESK_GRADING_READERS = before;
  });

  for (const jobWorker of [true, false]) {
    it(`stores what the serial run stores (${jobWorker ? 'job worker' : 'in-process, as the command line'})`, async () => {
      process.env.CREDITDESK_GRADING_READERS = '2';
      const t = tempDir();
      cleanup = t.cleanup;
      const b = new Backend({
        dbPath: join(t.dir, 'creditdesk.db'),
        firstRunDemo: null,
        scrypt: FAST_SCRYPT,
        idleTimer: false,
        jobWorker,
      });
      backend = b;
      await b.call('app.setup', { admin: ADMIN, county: TEST_COUNTY, demo: { entities: 600, seed: 'par' } });
      const { run } = await b.call('grading.run', REQ);
      expect(run.entityCount + run.skippedCount).toBe(600);

      const serial = runGrading(b.db(), b.user(), REQ, '2026-11-01T08:00:00.000Z');
      const rows = (runId: number) =>
        b
          .db()
          .prepare(
            'SELECT entity_id, score, score_grade, grade, breakdown FROM grading_results WHERE run_id = ? ORDER BY entity_id',
          )
          .raw()
          .all(runId);
      expect(rows(run.id)).toEqual(rows(serial.id));
      expect([run.entityCount, run.skippedCount]).toEqual([serial.entityCount, serial.skippedCount]);

      const first = rows(run.id)[0] as [number, ...unknown[]];
      const explained = await b.call('grading.explain', { runId: run.id, entityId: first[0] });
      expect(JSON.stringify(explained)).toMatch(/[\u4e00-\u9fff]/);
      expect(await b.call('app.progress', {})).toMatchObject({ job: null });
    }, 120_000);
  }
});
