/**
 * Issue 18 item 2: a large import and its undo report inside their set-based steps (name indexing and
 * deleting the inserted rows run in slices of ids, each followed by a report) and stay exact: the name
 * indexes agree with the table after the commit, and the undo leaves the tables as before the import.
 * A preview rolls back, so it does not build the name indexes at all.
 */
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_COUNTY, generateDemoCounty } from '../../shared/demo/index.ts';
import { commitImport, previewImport } from '../../electron/services/exchange/import-service.ts';
import { undoBatch } from '../../electron/services/exchange/undo.ts';
import type { JobControl } from '../../electron/services/jobs.ts';
import { checkNameIndexes, dumpTables, type Fixture, openFixture, writeSheet } from './exchange-fixture.ts';

const AT = '2026-11-01T08:00:00.000Z';
const LATER = '2026-11-03T08:00:00.000Z';
/** More than two slices of the deletion (1,000 ids) and of the name indexing (2,000 ids). */
const ROWS = 4500;

function recorder() {
  const reports: { done: number; total: number; stage: string | undefined }[] = [];
  const job: JobControl = {
    progress: (done, total, stage) => reports.push({ done, total, stage }),
    checkCancelled() {},
  };
  const inStage = (stage: string) => reports.filter((r) => r.stage === stage);
  return { job, reports, inStage };
}

function entitySheet(path: string, seed = 'progress-slices'): string {
  const rows: unknown[][] = [['统一社会信用代码', '企业名称', '成立日期', '登记状态']];
  for (const { entity } of generateDemoCounty({
    entities: ROWS * 4,
    seed,
    county: DEMO_COUNTY,
    asOf: '2026-10-31',
  })) {
    if (!entity.uscc || entity.status !== 'active') continue;
    rows.push([entity.uscc, entity.name, entity.establishedOn ?? '', '存续']);
    if (rows.length > ROWS) break;
  }
  return writeSheet(path, rows);
}

describe('a large entity import and its undo', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await openFixture();
  });
  afterEach(() => f.close());

  it('report each slice of their set-based steps and stay exact', () => {
    const req = {
      file: { path: entitySheet(join(f.dir, 'many.xlsx')), fileName: 'many.xlsx' },
      kind: 'entities' as const,
    };
    const before = dumpTables(f.db);

    const preview = recorder();
    expect(previewImport(f.db, f.actor, req, AT, preview.job).counts.inserted).toBe(ROWS);
    expect(preview.inStage('正在建立名称索引')).toEqual([]);
    expect(dumpTables(f.db)).toEqual(before);

    const commit = recorder();
    const run = commitImport(f.db, f.actor, req, AT, { job: commit.job });
    expect(run.counts.inserted).toBe(ROWS);
    // Two name indexes, each in slices of 2,000 ids: a report after every slice, ending at the total.
    const indexing = commit.inStage('正在建立名称索引').filter((r) => r.total > 0);
    expect(indexing.length).toBeGreaterThanOrEqual(6);
    expect(indexing.at(-1)).toMatchObject({ done: ROWS * 2, total: ROWS * 2 });
    expect(indexing.map((r) => r.done)).toEqual([...indexing.map((r) => r.done)].sort((a, b) => a - b));
    checkNameIndexes(f.db);
    const found = f.db
      .prepare(
        'SELECT count(*) FROM entities_fts WHERE rowid IN (SELECT id FROM entities WHERE batch_id = ?)',
      )
      .pluck()
      .get(run.batchId);
    expect(found).toBe(ROWS);
    expect(commit.reports.at(-1)?.stage).toBe('正在保存');

    const undo = recorder();
    expect(undoBatch(f.db, f.actor, run.batchId!, LATER, undo.job).deleted).toBe(ROWS);
    const deleting = undo.inStage('正在删除导入的数据').filter((r) => r.total > 0);
    expect(deleting.length).toBeGreaterThanOrEqual(5);
    expect(deleting.at(-1)).toMatchObject({ done: ROWS, total: ROWS });
    expect(dumpTables(f.db)).toEqual(before);
    checkNameIndexes(f.db);
  }, 120_000);

  it('undo removes only the batch’s entities from the name indexes, set-based, and keeps the triggers', () => {
    const earlier = commitImport(
      f.db,
      f.actor,
      {
        file: { path: entitySheet(join(f.dir, 'earlier.xlsx'), 'earlier'), fileName: 'earlier.xlsx' },
        kind: 'entities',
      },
      AT,
    );
    expect(earlier.counts.inserted).toBeGreaterThan(0);
    const before = dumpTables(f.db);
    const run = commitImport(
      f.db,
      f.actor,
      {
        file: { path: entitySheet(join(f.dir, 'later.xlsx'), 'later'), fileName: 'later.xlsx' },
        kind: 'entities',
      },
      LATER,
    );
    const kept = f.db
      .prepare('SELECT id, name FROM entities WHERE batch_id = ? ORDER BY id LIMIT 1')
      .get(earlier.batchId) as {
      id: number;
      name: string;
    };
    const gone = f.db
      .prepare('SELECT id, name FROM entities WHERE batch_id = ? ORDER BY id LIMIT 1')
      .get(run.batchId) as {
      id: number;
      name: string;
    };
    const chars = (id: number) =>
      f.db.prepare('SELECT count(*) FROM entities_chars WHERE rowid = ?').pluck().get(id) as number;
    expect([chars(kept.id), chars(gone.id)]).toEqual([1, 1]);

    expect(undoBatch(f.db, f.actor, run.batchId!, LATER).deleted).toBe(run.counts.inserted);
    expect(dumpTables(f.db)).toEqual(before);
    checkNameIndexes(f.db);
    expect([chars(kept.id), chars(gone.id)]).toEqual([1, 0]);
    const trigram = (name: string) =>
      f.db
        .prepare('SELECT rowid FROM entities_fts WHERE entities_fts MATCH ?')
        .pluck()
        .all(`"${name.replaceAll('"', '""')}"`) as number[];
    expect(trigram(kept.name)).toContain(kept.id);
    expect(trigram(gone.name)).not.toContain(gone.id);
  }, 120_000);
});
