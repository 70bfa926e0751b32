/**
 * A one-sheet .xlsx read in a worker while the import takes its rows (read/streamed/) imports exactly
 * what the same file read whole imports: counts, issues, rows, name indexes — with shared or inline
 * strings, blank rows inside and after the list, a title above the header. A file the streamed read
 * gives up part-way (a row out of order) is read whole and imported the same; a file found over a limit
 * only at its end, and a cancel while rows stream, leave nothing; a preview read this way serves the
 * commit after it.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { strFromU8, strToU8, unzipSync, zipSync } from 'fflate';
import * as XLSX from 'xlsx';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ApiError } from '../../shared/api/errors.ts';
import { commitImport, previewImport } from '../../electron/services/exchange/import-service.ts';
import {
  cachedStaged,
  forgetStaged,
  stagedCacheKey,
} from '../../electron/services/exchange/import/staged-cache.ts';
import { readSpreadsheetFile } from '../../electron/services/exchange/read/index.ts';
import { DEMO_COUNTY, generateDemoCounty } from '../../shared/demo/index.ts';
import { checkNameIndexes, dumpTables, type Fixture, openFixture } from './exchange-fixture.ts';

const AT = '2026-11-01T08:00:00.000Z';
/** Streams any file, however small. */
const STREAM = { streamFrom: 0, streamAnyLoad: true };
/** Reads every file whole. */
const WHOLE = { streamFrom: Number.POSITIVE_INFINITY };

/** 4,500 entities (more than two of the worker's batches), a title row, blank rows, a bad date, a repeat. */
function sheetRows(seed: string): unknown[][] {
  const rows: unknown[][] = [
    ['示范县市场主体名录（2026 年 10 月）'],
    ['统一社会信用代码', '企业名称', '成立日期', '法定代表人', '主体类型'],
  ];
  for (const { entity } of generateDemoCounty({
    entities: 6000,
    seed,
    county: DEMO_COUNTY,
    asOf: '2026-10-31',
  })) {
    if (!entity.uscc) continue;
    rows.push([entity.uscc, entity.name, entity.establishedOn ?? '', entity.legalRep ?? '', '企业']);
    if (rows.length === 1000 || rows.length === 2500) rows.push([], []);
    if (rows.length > 4500) break;
  }
  rows[7]![2] = '2026-13-45';
  rows.push([...rows[9]!]);
  rows.push([], [], []);
  return rows;
}

function writeBook(path: string, rows: unknown[][], sst: boolean): string {
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows), '名录');
  writeFileSync(path, XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', bookSST: sst }));
  return path;
}

/** Rewrites the one worksheet's XML of an .xlsx. */
function editSheet(path: string, edit: (xml: string) => string): void {
  const parts = unzipSync(readFileSync(path));
  const name = Object.keys(parts).find((n) => n.startsWith('xl/worksheets/sheet'))!;
  parts[name] = strToU8(edit(strFromU8(parts[name]!)));
  writeFileSync(path, zipSync(parts));
}

/** The read kept for the fixture's list.xlsx after its import. */
function readOf(fx: Fixture) {
  const read = cachedStaged(stagedCacheKey(join(fx.dir, 'list.xlsx')));
  if (!read) throw new Error('no read kept');
  return read;
}

const request = (path: string) => ({ file: { path, fileName: 'list.xlsx' }, kind: 'entities' as const });

describe('streamed import', () => {
  let f: Fixture;
  let g: Fixture;
  beforeEach(async () => {
    f = await openFixture();
    g = await openFixture();
  });
  afterEach(() => {
    f.close();
    g.close();
  });

  for (const sst of [false, true]) {
    it(`imports what the whole read imports (${sst ? 'shared' : 'inline'} strings)`, () => {
      const rows = sheetRows(`stream-${sst}`);
      const streamed = commitImport(
        f.db,
        f.actor,
        request(writeBook(join(f.dir, 'list.xlsx'), rows, sst)),
        AT,
        STREAM,
      );
      // One read is kept at a time (the last file's): looked at before the other import.
      expect(readOf(f).fastPath).toBe('streamed');
      const whole = commitImport(
        g.db,
        g.actor,
        request(writeBook(join(g.dir, 'list.xlsx'), rows, sst)),
        AT,
        WHOLE,
      );
      expect(streamed.counts).toEqual(whole.counts);
      expect(streamed.counts.inserted).toBe(4494);
      expect(streamed.counts.errors).toBe(1);
      expect(streamed.counts.warnings).toBeGreaterThan(0);
      expect(streamed.rows).toEqual(whole.rows);
      expect(dumpTables(f.db)).toEqual(dumpTables(g.db));
      checkNameIndexes(f.db);
      expect(readOf(g).fastPath).toBe('used');
    }, 120_000);
  }

  it('reads whole and imports the same when a row comes out of order', () => {
    const rows = sheetRows('stream-order');
    const edit = (xml: string) => {
      // Excel row 10 moved after the last row: the streamed read has handed it on already.
      const at = xml.indexOf('<row r="10"');
      const end = xml.indexOf('</row>', at) + 6;
      const moved = xml.slice(at, end);
      const rest = xml.slice(0, at) + xml.slice(end);
      return rest.replace('</sheetData>', `${moved}</sheetData>`);
    };
    const a = writeBook(join(f.dir, 'list.xlsx'), rows, false);
    editSheet(a, edit);
    const b = writeBook(join(g.dir, 'list.xlsx'), rows, false);
    editSheet(b, edit);
    const streamed = commitImport(f.db, f.actor, request(a), AT, STREAM);
    // Given up part-way, then read whole in this thread.
    expect(readOf(f).fastPath).toBe('used');
    const whole = commitImport(g.db, g.actor, request(b), AT, WHOLE);
    expect(streamed.counts).toEqual(whole.counts);
    expect(streamed.counts.inserted).toBe(4494);
    expect(streamed.rows).toEqual(whole.rows);
    expect(dumpTables(f.db)).toEqual(dumpTables(g.db));
  }, 120_000);

  it('leaves nothing when the file is found over a limit only at its end', () => {
    const rows = sheetRows('stream-limit');
    // A value in column 1,001 of the last row: the read refuses the file once the sheet is read.
    const last = new Array<unknown>(1001).fill(null);
    last[1000] = '多余';
    rows.push(last);
    const path = writeBook(join(f.dir, 'list.xlsx'), rows, false);
    const before = dumpTables(f.db);
    const batches = () => f.db.prepare('SELECT count(*) FROM import_batches').pluck().get();
    const batchesBefore = batches();
    let streamedError: unknown;
    try {
      commitImport(f.db, f.actor, request(path), AT, STREAM);
    } catch (e) {
      streamedError = e;
    }
    expect(streamedError).toBeInstanceOf(ApiError);
    expect(() => commitImport(f.db, f.actor, request(path), AT, WHOLE)).toThrow(
      (streamedError as Error).message,
    );
    expect((streamedError as Error).message).toMatch(/列/);
    expect(dumpTables(f.db)).toEqual(before);
    expect(batches()).toBe(batchesBefore);
  }, 120_000);

  it('leaves nothing when cancelled while rows stream, and imports the file afterwards', () => {
    const path = writeBook(join(f.dir, 'list.xlsx'), sheetRows('stream-cancel'), false);
    const before = dumpTables(f.db);
    const job = {
      progress(done: number) {
        if (done >= 1500) throw new ApiError('cancelled', '操作已取消');
      },
      checkCancelled() {},
    };
    expect(() => commitImport(f.db, f.actor, request(path), AT, { ...STREAM, job })).toThrow(/取消/);
    expect(dumpTables(f.db)).toEqual(before);
    expect(commitImport(f.db, f.actor, request(path), AT, STREAM).counts.inserted).toBe(4494);
  }, 120_000);

  it('keeps a streamed preview for the commit after it', () => {
    const rows = sheetRows('stream-preview');
    const path = writeBook(join(f.dir, 'list.xlsx'), rows, false);
    const preview = previewImport(f.db, f.actor, request(path), AT, undefined, STREAM);
    expect(preview.counts.inserted).toBe(4494);
    expect(f.db.prepare('SELECT count(*) FROM entities').pluck().get()).toBe(0);
    // The read kept for the commit is the whole sheet, as the reader gives it read whole.
    const kept = cachedStaged(stagedCacheKey(path));
    const whole = readSpreadsheetFile(path);
    if (!whole.ok) throw new Error(whole.message);
    expect(kept?.sheets[0]?.rows).toEqual(whole.sheets[0]!.rows);
    expect(kept?.sheets[0]?.columnCount).toBe(whole.sheets[0]!.columnCount);
    expect(kept?.date1904).toBe(whole.date1904);
    const commit = commitImport(f.db, f.actor, request(path), AT, STREAM);
    expect(commit.counts).toEqual(preview.counts);
    const alone = commitImport(
      g.db,
      g.actor,
      request(writeBook(join(g.dir, 'list.xlsx'), rows, false)),
      AT,
      WHOLE,
    );
    expect(commit.rows).toEqual(alone.rows);
    expect(dumpTables(f.db).fts).toEqual(dumpTables(g.db).fts);
    forgetStaged(path);
  }, 120_000);
});
