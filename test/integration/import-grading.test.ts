/**
 * Issue 11 item 5: entities an import adds or changes are graded against each model's current run as
 * part of the import, and an empty 行政区划代码 is filled from the USCC (positions 3–8), with a warning when
 * the code is not a current division. Through the backend on a real encrypted demo database.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Backend } from '../../electron/backend/backend.ts';
import { orgCheckChar, usccCheckChar } from '../../shared/identifiers/checkchars.ts';
import { type Fixture, openFixture, writeSheet } from './exchange-fixture.ts';

/** A valid USCC: both check characters right. */
function uscc(region: string, org8: string): string {
  const body = `91${region}${org8}${orgCheckChar(org8)}`;
  return body + usccCheckChar(body);
}
const NEW_YEXIAN = uscc('410422', 'MA9H2K01'); // 叶县
const NEW_ABOLISHED = uscc('110103', 'MA9H2K02'); // 北京市崇文区, merged into 东城区 in 2010
const NEW_STATED = uscc('410422', 'MA9H2K03'); // the row states its own region code

async function importSheet(b: Backend, path: string) {
  const bytes = readFileSync(path);
  const { uploadId } = await b.call('exchange.uploadBegin', { fileName: 'new.xlsx', size: bytes.length });
  await b.call('exchange.uploadChunk', { uploadId, index: 0, base64: bytes.toString('base64') });
  const preview = await b.call('exchange.preview', { uploadId, kind: 'entities' });
  const commit = await b.call('exchange.commit', { uploadId, kind: 'entities' });
  return { preview, commit };
}

function entityId(f: Fixture, code: string): number {
  return (f.db.prepare('SELECT id FROM entities WHERE uscc = ?').get(code) as { id: number }).id;
}

describe('an import grades the entities it adds or changes', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await openFixture(120);
  });
  afterEach(() => f.close());

  it('grades new entities against the current run and fills the region code from the USCC', async () => {
    const b = f.backend;
    const { run } = await b.call('grading.run', {
      modelId: 'samr-risk',
      modelVersion: null,
      asOf: '2026-10-31',
    });
    const old = f.db
      .prepare(
        "SELECT id, uscc, name FROM entities WHERE status = 'active' AND uscc IS NOT NULL ORDER BY id LIMIT 1",
      )
      .get() as { id: number; uscc: string; name: string };
    expect((await b.call('grading.entity', { entityId: old.id })).current).toHaveLength(1);

    const sheet = writeSheet(join(f.dir, 'new.xlsx'), [
      ['统一社会信用代码', '企业名称', '成立日期', '登记状态', '行政区划代码'],
      [NEW_YEXIAN, '叶县新设商贸有限公司', '2016-05-01', '存续', ''],
      [NEW_ABOLISHED, '崇文老字号有限公司', '2008-03-01', '存续', null],
      [NEW_STATED, '叶县自填区划有限公司', '2016-05-01', '存续', '410402'],
      [old.uscc, old.name, null, '注销', null],
    ]);
    const { preview, commit } = await importSheet(b, sheet);
    expect(commit.counts).toMatchObject({ inserted: 3, updated: 1, errors: 0, warnings: 1 });
    const warned = preview.issues.filter((i) => i.severity === 'warning');
    expect(warned).toHaveLength(1);
    expect(warned[0]).toMatchObject({ row: 3, field: 'regionCode' });
    expect(warned[0]?.message).toMatch(/110103.*不在现行行政区划代码表中/);

    const region = async (code: string) =>
      (await b.call('entities.get', { id: entityId(f, code) })).entity.regionCode;
    expect(await region(NEW_YEXIAN)).toBe('410422');
    expect(await region(NEW_ABOLISHED)).toBe('110103');
    expect(await region(NEW_STATED)).toBe('410402');

    // Each new entity has a current grade under the run's model, explained like any other.
    for (const code of [NEW_YEXIAN, NEW_ABOLISHED, NEW_STATED]) {
      const g = await b.call('grading.entity', { entityId: entityId(f, code) });
      expect(g.current, code).toHaveLength(1);
      expect(g.current[0]).toMatchObject({ modelId: 'samr-risk', runId: run.id });
      expect(g.current[0]?.lines.length).toBeGreaterThan(0);
      expect(g.history).toEqual([]); // not in the run itself
    }

    // The entity the import deregistered has no current grade any more; the run keeps its result.
    expect((await b.call('grading.entity', { entityId: old.id })).current).toEqual([]);
    expect((await b.call('grading.explain', { runId: run.id, entityId: old.id })).entityId).toBe(old.id);

    // Undoing the import takes the new entities' grades along and restores the old one's.
    await b.call('exchange.undo', { batchId: commit.batchId! });
    expect(f.db.prepare('SELECT count(*) AS n FROM current_grades').get()).toEqual({ n: 1 });
    expect((await b.call('grading.entity', { entityId: old.id })).current).toHaveLength(1);
  }, 60_000);

  it('leaves a stored region code alone and grades nothing before the first run', async () => {
    const b = f.backend;
    const first = writeSheet(join(f.dir, 'a.xlsx'), [
      ['统一社会信用代码', '企业名称', '行政区划代码'],
      [NEW_YEXIAN, '叶县新设商贸有限公司', '410421'],
    ]);
    await importSheet(b, first);
    const again = writeSheet(join(f.dir, 'b.xlsx'), [
      ['统一社会信用代码', '企业名称', '联系电话'],
      [NEW_YEXIAN, '叶县新设商贸有限公司', '0375-1234567'],
    ]);
    const { commit } = await importSheet(b, again);
    expect(commit.counts).toMatchObject({ updated: 1, warnings: 0 });
    expect((await b.call('entities.get', { id: entityId(f, NEW_YEXIAN) })).entity.regionCode).toBe('410421');
    expect(f.db.prepare('SELECT count(*) AS n FROM current_grades').get()).toEqual({ n: 0 });
  }, 60_000);
});
