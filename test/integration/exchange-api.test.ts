/**
 * The exchange calls through the backend dispatcher, exactly as IPC and HTTP carry them: chunked upload,
 * preview, commit, history, undo, export and chunked download, with progress and permissions.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as XLSX from 'xlsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Output } from '../../shared/api/contract.ts';
import { ApiError } from '../../shared/api/errors.ts';
import type { Backend } from '../../electron/backend/backend.ts';
import { stagingDir } from '../../electron/services/exchange/staging.ts';
import { type Fixture, openFixture, writeSheet } from './exchange-fixture.ts';

async function upload(b: Backend, bytes: Buffer, fileName: string, chunk = 4096): Promise<string> {
  const { uploadId } = await b.call('exchange.uploadBegin', { fileName, size: bytes.length });
  for (let i = 0, off = 0; off < bytes.length; i++, off += chunk) {
    await b.call('exchange.uploadChunk', {
      uploadId,
      index: i,
      base64: bytes.subarray(off, off + chunk).toString('base64'),
    });
  }
  return uploadId;
}

async function download(b: Backend, d: Output<'exchange.export'>): Promise<Buffer> {
  const parts: Buffer[] = [];
  let offset = 0;
  for (;;) {
    const r = await b.call('exchange.download', { fileId: d.fileId, offset });
    parts.push(Buffer.from(r.base64, 'base64'));
    offset = r.nextOffset;
    if (r.done) break;
  }
  return Buffer.concat(parts);
}

describe('exchange API', () => {
  let f: Fixture;
  beforeEach(async () => {
    f = await openFixture(50);
  });
  afterEach(() => f.close());

  it('uploads in chunks, previews, commits, lists, undoes, exports and downloads', async () => {
    const b = f.backend;
    const rows: unknown[][] = [['统一社会信用代码/注册号', '企业名称']];
    for (let i = 0; i < 1200; i++)
      rows.push([`3303821017${String(i).padStart(5, '0')}`, `测试${i}号有限公司`]);
    const bytes = readFileSync(writeSheet(join(f.dir, 'many.xlsx'), rows));
    const uploadId = await upload(b, bytes, 'many.xlsx');
    // Chunks must come in order.
    await expect(b.call('exchange.uploadChunk', { uploadId, index: 0, base64: 'AA==' })).rejects.toThrow(
      /顺序/,
    );

    const preview = await b.call('exchange.preview', { uploadId, kind: 'entities' });
    expect(preview.counts).toMatchObject({ rows: 1200, inserted: 1200 });
    expect(preview.columns.map((c) => c.field)).toEqual(['id', 'name']);
    expect(await b.call('app.progress', {})).toMatchObject({ job: null });

    // The user ignores the name column: the header then lacks a required column.
    const ignored = await b.call('exchange.preview', {
      uploadId,
      kind: 'entities',
      mapping: [{ index: 1, field: null }],
    });
    expect(ignored.missingRequired).toEqual(['企业名称']);
    await expect(
      b.call('exchange.commit', { uploadId, kind: 'entities', mapping: [{ index: 1, field: null }] }),
    ).rejects.toThrow(/企业名称/);

    const committed = await b.call('exchange.commit', { uploadId, kind: 'entities' });
    expect(committed.counts.inserted).toBe(1200);
    const list = await b.call('exchange.batches', {});
    expect(list.batches[0]).toMatchObject({
      id: committed.batchId,
      kind: 'entities',
      fileName: 'many.xlsx',
      undoable: true,
    });
    expect(list.batches.at(-1)).toMatchObject({ kind: 'demo', undoable: false });

    const undone = await b.call('exchange.undo', { batchId: committed.batchId! });
    expect(undone.deleted).toBe(1200);
    expect((f.db.prepare('SELECT count(*) AS n FROM entities').get() as { n: number }).n).toBe(50);

    const d = await b.call('exchange.export', { kind: 'target_pool' });
    const file = await download(b, d);
    expect(file.length).toBe(d.size);
    const wb = XLSX.read(file);
    expect(XLSX.utils.sheet_to_json(wb.Sheets[wb.SheetNames[0]!]!)).toHaveLength(50);
    // A download is removed once read; the upload when discarded.
    await expect(b.call('exchange.download', { fileId: d.fileId, offset: 0 })).rejects.toThrow(/失效/);
    await b.call('exchange.discard', { uploadId });
    expect(readdirSync(stagingDir(f.dbPath))).toEqual([]);
    expect(existsSync(stagingDir(f.dbPath))).toBe(true);
  });

  it('remembers a corrected mapping for the same header', async () => {
    const b = f.backend;
    const rows = [
      ['代码', '商号', '备注'],
      ['91330100716105852F', '恒达商贸有限公司', '无'],
    ];
    const bytes = readFileSync(writeSheet(join(f.dir, 'odd.xlsx'), rows));
    const first = await upload(b, bytes, 'odd.xlsx');
    const detected = await b.call('exchange.preview', { uploadId: first, kind: 'entities' });
    expect(detected.headerFound).toBe(false);
    // The user says the header is row 1 and maps the columns by hand.
    const named = await b.call('exchange.preview', { uploadId: first, kind: 'entities', headerRow: 1 });
    expect(named.columns.map((c) => c.header)).toEqual(['代码', '商号', '备注']);
    expect(named.missingRequired.length).toBeGreaterThan(0);
    const mapping = [
      { index: 0, field: 'id' },
      { index: 1, field: 'name' },
      { index: 2, field: null },
    ];
    const done = await b.call('exchange.commit', {
      uploadId: first,
      kind: 'entities',
      headerRow: 1,
      mapping,
    });
    expect(done.counts.inserted).toBe(1);
    // The same header next time: mapped without asking.
    const second = await upload(b, bytes, 'odd-again.xlsx');
    const again = await b.call('exchange.preview', { uploadId: second, kind: 'entities' });
    expect(again.columns.map((c) => c.field)).toEqual(['id', 'name', null]);
    expect(again.counts).toMatchObject({ rows: 1, unchanged: 1 });
  });

  it('refuses imports and undo to roles without the permission', async () => {
    const b = f.backend;
    // The same user, now a viewer: the session reads its role at login.
    f.db.prepare("UPDATE users SET role = 'viewer'").run();
    await b.call('session.logout', {});
    await b.call('session.login', { username: 'admin', password: 'county-secret-1' });
    await expect(b.call('exchange.uploadBegin', { fileName: 'x.xlsx', size: 10 })).rejects.toThrow(ApiError);
    await expect(b.call('exchange.undo', { batchId: 1 })).rejects.toThrow(/无权/);
    await expect(b.call('exchange.export', { kind: 'template', importKind: 'entities' })).rejects.toThrow(
      /无权/,
    );
  });
});
