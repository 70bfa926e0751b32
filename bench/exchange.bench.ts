/**
 * Excel exchange benchmark (SPEC §10, issue 18 item 5): import a generated 100,000-row, 20-column .xlsx
 * of market entities, and export 100,000 rows, each measured against a raw baseline in the same run:
 *   - import vs floors: the bare floor = what any import of this sheet must at least do — inflate the worksheet
 *     part with fflate, decode it, find every cell's value with a hand indexOf scan (no entity decoding,
 *     no types), and insert each row's 20 values with one prepared statement into a bare table of an
 *     equally encrypted database, in one transaction. Ours = the real pipeline (streaming reader with
 *     the zip guard's checks, header detection, normalisation and validation of every cell, upsert by
 *     identifier with undo log, FTS indexes, audit) in one transaction.
 *   - read alone: the streaming reader vs the floor's unzip + scan (both without the database).
 *   - schema floor: the same unzip + scan, then the rows inserted into the real `entities` table (its
 *     UNIQUE codes, secondary indexes, CHECKs and both fts5 name indexes, maintained the cheapest way
 *     we know: the import's own deferred builds), commit included. The import's ≤ 2× is judged against
 *     this one: an import must leave the product's indexes complete, and at 100,000 rows they cost more
 *     CPU than the whole bare floor. Both ratios are printed.
 *   - SheetJS (BENCH_SHEETJS=1): the old baseline, SheetJS's dense parse + the same bare insert, for
 *     comparison with earlier figures (slow: 20–40 s on the 2-core machine).
 *   - the import both ways: read in a worker while it writes, then read whole in its own thread (the
 *     app streams a large one-sheet .xlsx only with a core to spare; this runs both whatever the load),
 *     with the writing thread's own CPU: with a core free for the worker, about the streamed wall time.
 *   - preview then commit: the app's path — a preview runs every check and rolls back; the commit
 *     after it reuses the read workbook and the rows the preview normalised.
 *   - export: the target pool of the imported database written with our streaming writer (SheetJS CE
 *     cannot write the text formats, so the baseline is SheetJS's own unstyled writer on the same rows).
 * Each phase runs in its own child process so its peak RSS is its own; wall and CPU time are both
 * reported (CPU shows what the phase costs on a loaded machine). CPU ratios compare the phases' own
 * CPU time: the floor's and the import's both from the phase's start, not the process's (Node's start
 * and this file's imports are no part of either). Size: BENCH_ROWS (default 100000).
 * Every connection that writes here commits as the app's job thread does: without merging the log into
 * the database file inside the commit (checkpoint.ts); the import's merge after its answer is timed apart.
 * Targets: import ≤ 5 s on 2 cores, ≤ 2× the schema floor, peak RSS ≤ 500 MB; export ≤ 10 s.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { leaveWalForLater, mergeWalSoon } from '../electron/db/checkpoint.ts';
import { openAndMigrate, openDatabase } from '../electron/db/open.ts';
import type { Actor } from '../electron/services/authz.ts';
import { runExport } from '../electron/services/exchange/export/run-export.ts';
import { commitImport, previewImport } from '../electron/services/exchange/import-service.ts';
import {
  cachedStaged,
  forgetStaged,
  stagedCacheKey,
} from '../electron/services/exchange/import/staged-cache.ts';
import { insertExcelBatch } from '../electron/services/exchange/repository/batches.ts';
import { deferIndexesForLoad } from '../electron/services/entities/repository/bulk-load.ts';
import { deferEntityIndexing } from '../electron/services/exchange/repository/deferred-index.ts';
import { readSpreadsheetFile } from '../electron/services/exchange/read/index.ts';
import { undoBatch } from '../electron/services/exchange/undo.ts';
import { writeEntitySheet } from './entity-sheet.ts';
import { scanSheet, scanSheetPlaced } from './sheet-scan.ts';

const N = Number(process.env.BENCH_ROWS ?? 100_000);
const ACTOR: Actor = { username: 'bench', displayName: '基准测试', role: 'admin' };
const AT = '2026-11-01T00:00:00.000Z';

interface PhaseResult {
  ms: number;
  /** User + system CPU time of the whole phase process. */
  cpuMs: number;
  rssMiB: number;
  detail?: Record<string, unknown>;
}

function finish(ms: number, detail?: Record<string, unknown>): void {
  const rssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  const cpu = process.cpuUsage();
  const cpuMs = Math.round((cpu.user + cpu.system) / 1000);
  console.log(`RESULT ${JSON.stringify({ ms, cpuMs, rssMiB, detail } satisfies PhaseResult)}`);
}

function insertBare(dir: string, name: string, rows: readonly (readonly unknown[])[]): void {
  const db = openDatabase(join(dir, name), randomBytes(32), { create: true });
  leaveWalForLater(db); // as the import's connection: commits without merging the log
  db.exec(`CREATE TABLE t (${Array.from({ length: 20 }, (_, c) => `c${c}`).join(', ')})`);
  const ins = db.prepare(`INSERT INTO t VALUES (${Array.from({ length: 20 }, () => '?').join(', ')})`);
  db.transaction(() => {
    for (let r = 1; r < rows.length; r++) {
      const row = rows[r] ?? [];
      const vals = new Array(20);
      for (let c = 0; c < 20; c++) vals[c] = row[c] ?? null;
      ins.run(...vals);
    }
  })();
  db.close();
}

/** CPU time (user + system) since `from`, in ms. */
function cpuSince(from: NodeJS.CpuUsage): number {
  const c = process.cpuUsage(from);
  return Math.round((c.user + c.system) / 1000);
}

function phaseFloor(file: string, dir: string): void {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const rows = scanSheet(file);
  const tScan = performance.now();
  const scanCpuMs = cpuSince(cpu0);
  insertBare(dir, 'floor.db', rows);
  const t1 = performance.now();
  // The phase's own CPU, like the import's importCpuMs: the process's total also counts starting
  // Node and loading this file's imports (SheetJS, the database, the demo), which the import's figure
  // leaves out — comparing the two made the ratio look better than it was.
  finish(t1 - t0, {
    scanMs: Math.round(tScan - t0),
    insertMs: Math.round(t1 - tScan),
    scanCpuMs,
    floorCpuMs: cpuSince(cpu0),
    rows: rows.length - 1,
  });
}

/**
 * The second floor, the one the import's ≤ 2× is judged against: the floor's unzip + scan, then the
 * same rows inserted into the real `entities` table of a migrated, equally encrypted database — its
 * two UNIQUE codes, its five secondary indexes (two over the monitoring keys SQLite computes through
 * JS functions), its CHECKs and its two fts5 name indexes — in one transaction, commit included. The
 * indexes are maintained the cheapest way we know, the import's own: name indexes filled set-based at
 * the end (triggers dropped and re-created), secondary indexes built sorted at the end. No lookup,
 * normalisation, undo log, after-images or audit. The bare floor leaves out work the import must do
 * (a product list without its indexes cannot be searched), so a ratio to it mostly measures the schema.
 */
function phaseSchemaFloor(file: string, dir: string): void {
  const db = openAndMigrate(join(dir, 'schema.db'), Buffer.from(readFileSync(join(dir, 'key'))), {
    create: true,
  });
  leaveWalForLater(db); // as the import's connection
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const rows = scanSheetPlaced(file);
  const tScan = performance.now();
  const columns = [
    'uscc',
    'reg_no',
    'name',
    'legal_rep',
    'region_code',
    'township',
    'jurisdiction',
    'industry_code',
    'industry_name',
    'address',
    'established_on',
    'phone',
  ];
  // The scanned row's cells for those columns (the generated file's column order, entity-columns.ts).
  const cells = [0, 1, 2, 4, 5, 6, 7, 8, 9, 10, 11, 14];
  db.transaction(() => {
    const batchId = insertExcelBatch(db, { kind: 'entities', fileName: 'bench.xlsx', at: AT, by: 'bench' });
    const names = deferEntityIndexing(db, batchId);
    const indexes = deferIndexesForLoad(db, 'entities', rows.length - 1);
    const ins = db.prepare(
      `INSERT INTO entities (${columns.join(', ')}, kind, status, tags, batch_id, created_at, updated_at)
       VALUES (${columns.map(() => '?').join(', ')}, 'enterprise', 'active', '[]', ?, ?, ?)`,
    );
    const vals = new Array<unknown>(cells.length + 3);
    vals[cells.length] = batchId;
    vals[cells.length + 1] = AT;
    vals[cells.length + 2] = AT;
    for (let r = 1; r < rows.length; r++) {
      const row = rows[r] ?? [];
      for (let i = 0; i < cells.length; i++) vals[i] = row[cells[i]!] ?? null;
      ins.run(...vals);
    }
    indexes?.rebuild();
    names?.finish();
  })();
  const t1 = performance.now();
  const schemaFloorCpuMs = cpuSince(cpu0);
  db.close();
  finish(t1 - t0, {
    scanMs: Math.round(tScan - t0),
    insertMs: Math.round(t1 - tScan),
    schemaFloorCpuMs,
    rows: rows.length - 1,
  });
}

function phaseRead(file: string): void {
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  let progressCalls = 0;
  const r = readSpreadsheetFile(file, { onProgress: () => progressCalls++ });
  const ms = performance.now() - t0;
  const readCpuMs = cpuSince(cpu0);
  if (!r.ok) throw new Error(r.message);
  finish(ms, { rows: r.sheets[0]!.rows.length - 1, fastPath: r.fastPath, progressCalls, readCpuMs });
}

function phaseSheetjs(file: string, dir: string): void {
  const t0 = performance.now();
  const wb = XLSX.read(readFileSync(file), { type: 'buffer', dense: true });
  const ws = wb.Sheets[wb.SheetNames[0]!]!;
  const data = ws['!data'] as XLSX.CellObject[][];
  const rows = data.map((row) => (row ?? []).map((c) => c?.v ?? null));
  const tParse = performance.now();
  insertBare(dir, 'sheetjs.db', rows);
  const t1 = performance.now();
  finish(t1 - t0, {
    parseMs: Math.round(tParse - t0),
    insertMs: Math.round(t1 - tParse),
    rows: data.length - 1,
  });
}

function phaseImport(file: string, dir: string): void {
  const db = openAndMigrate(join(dir, 'real.db'), Buffer.from(readFileSync(join(dir, 'key'))), {
    create: true,
  });
  // As the app's job thread (job-worker.ts): the log is merged after the import answers, timed apart.
  leaveWalForLater(db);
  const load = loadavg()[0];
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  const run = commitImport(db, ACTOR, { file: { path: file, fileName: 'bench.xlsx' }, kind: 'entities' }, AT);
  const ms = performance.now() - t0;
  const cpu = process.cpuUsage(cpu0);
  const importCpuMs = Math.round((cpu.user + cpu.system) / 1000);
  const rssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  const tMerge = performance.now();
  mergeWalSoon(db);
  const mergeMs = Math.round(performance.now() - tMerge);
  // Whether the app's rule let the read stream from a worker (a core to spare at the start) or not.
  const read = cachedStaged(stagedCacheKey(file))?.fastPath;
  // Undo of the whole batch, then the same import again so the export phase has the rows.
  const t1 = performance.now();
  undoBatch(db, ACTOR, run.batchId!, AT);
  const undoMs = Math.round(performance.now() - t1);
  commitImport(db, ACTOR, { file: { path: file, fileName: 'bench.xlsx' }, kind: 'entities' }, AT);
  db.close();
  finish(ms, { ...run.counts, undoMs, mergeMs, importRssMiB: rssMiB, importCpuMs, read, load });
}

/**
 * The same import both ways in one process, the file streamed from a worker whatever the load and then
 * read whole in this thread (each into a fresh database): what the worker buys on this machine now.
 */
function phaseImportBothWays(file: string, dir: string): void {
  const key = Buffer.from(readFileSync(join(dir, 'key')));
  const req = { file: { path: file, fileName: 'bench.xlsx' }, kind: 'entities' as const };
  const out: Record<string, number> = {};
  for (const [name, choice] of [
    ['streamed', { streamFrom: 0, streamAnyLoad: true }],
    ['whole', { streamFrom: Number.POSITIVE_INFINITY }],
  ] as const) {
    const db = openAndMigrate(join(dir, `${name}.db`), key, { create: true });
    forgetStaged(file);
    const t0 = performance.now();
    const cpu0 = process.cpuUsage();
    const thread0 = process.threadCpuUsage();
    commitImport(db, ACTOR, req, AT, choice);
    out[`${name}Ms`] = Math.round(performance.now() - t0);
    out[`${name}CpuMs`] = cpuSince(cpu0);
    // This thread's own CPU: with a core free for the worker, the import's wall time is about this.
    const thread = process.threadCpuUsage(thread0);
    out[`${name}ThreadCpuMs`] = Math.round((thread.user + thread.system) / 1000);
    db.close();
  }
  finish(0, out);
}

/**
 * What the app does: a preview (every check, writes rolled back), then the commit of the same upload,
 * which reuses the read workbook and the rows the preview normalised.
 */
function phasePreviewCommit(file: string, dir: string): void {
  const db = openAndMigrate(join(dir, 'pc.db'), Buffer.from(readFileSync(join(dir, 'key'))), {
    create: true,
  });
  const req = { file: { path: file, fileName: 'bench.xlsx' }, kind: 'entities' as const };
  const t0 = performance.now();
  const cpu0 = process.cpuUsage();
  previewImport(db, ACTOR, req, AT);
  const previewMs = Math.round(performance.now() - t0);
  const previewCpuMs = cpuSince(cpu0);
  const t1 = performance.now();
  const cpu1 = process.cpuUsage();
  commitImport(db, ACTOR, req, AT);
  const commitMs = Math.round(performance.now() - t1);
  const commitCpuMs = cpuSince(cpu1);
  db.close();
  finish(performance.now() - t0, { previewMs, previewCpuMs, commitMs, commitCpuMs });
}

function phaseExport(dir: string): void {
  const db = openAndMigrate(join(dir, 'real.db'), Buffer.from(readFileSync(join(dir, 'key'))));
  const t0 = performance.now();
  const r = runExport(db, ACTOR, { kind: 'target_pool' }, join(dir, 'out.xlsx'), { at: AT });
  const ms = performance.now() - t0;
  // Our peak, before the baseline below loads every row into memory.
  const rssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  // Baseline: the same rows through SheetJS's unstyled writer.
  const rows = db.prepare('SELECT * FROM entities ORDER BY id').raw().all() as unknown[][];
  const t1 = performance.now();
  const wb = XLSX.utils.book_new();
  XLSX.utils.book_append_sheet(wb, XLSX.utils.aoa_to_sheet(rows, { dense: true }), 'raw');
  writeFileSync(
    join(dir, 'raw-out.xlsx'),
    XLSX.write(wb, { type: 'buffer', bookType: 'xlsx', compression: true }),
  );
  const rawMs = performance.now() - t1;
  db.close();
  finish(ms, { rows: r.rows, rawMs: Math.round(rawMs), exportRssMiB: rssMiB });
}

function child(phase: string, dir: string, file: string): PhaseResult {
  const r = spawnSync(process.execPath, [fileURLToPath(import.meta.url)], {
    env: { ...process.env, BENCH_PHASE: phase, BENCH_DIR: dir, BENCH_FILE: file },
    encoding: 'utf8',
    maxBuffer: 64 * 1024 * 1024,
  });
  const line = r.stdout.split('\n').find((l) => l.startsWith('RESULT '));
  if (r.status !== 0 || !line) throw new Error(`phase ${phase} failed:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(line.slice(7)) as PhaseResult;
}

const phase = process.env.BENCH_PHASE;
if (phase) {
  const dir = process.env.BENCH_DIR!;
  const file = process.env.BENCH_FILE!;
  if (phase === 'floor') phaseFloor(file, dir);
  else if (phase === 'read') phaseRead(file);
  else if (phase === 'schema-floor') phaseSchemaFloor(file, dir);
  else if (phase === 'sheetjs') phaseSheetjs(file, dir);
  else if (phase === 'import') phaseImport(file, dir);
  else if (phase === 'import-both') phaseImportBothWays(file, dir);
  else if (phase === 'preview-commit') phasePreviewCommit(file, dir);
  else if (phase === 'export') phaseExport(dir);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'creditdesk-bench-exchange-'));
  try {
    writeFileSync(join(dir, 'key'), randomBytes(32));
    const file = join(dir, 'entities.xlsx');
    const t = performance.now();
    writeEntitySheet(file, N, 'bench-exchange');
    console.log(
      `generated ${N} rows × 20 columns in ${((performance.now() - t) / 1000).toFixed(1)} s (${(readFileSync(file).length / 1048576).toFixed(1)} MiB)`,
    );
    const floor = child('floor', dir, file);
    const read = child('read', dir, file);
    const schema = child('schema-floor', dir, file);
    const imp = child('import', dir, file);
    const both = child('import-both', dir, file);
    const pc = child('preview-commit', dir, file);
    const exp = child('export', dir, file);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    const floorCpuMs = Number(floor.detail?.floorCpuMs);
    console.log(
      `floor (unzip + scan + bare insert): ${s(floor.ms)} wall, ${s(floorCpuMs)} CPU (scan ${floor.detail?.scanMs} ms, ` +
        `${floor.detail?.scanCpuMs} ms CPU; insert ${floor.detail?.insertMs} ms), peak RSS ${floor.rssMiB} MiB; ` +
        `whole process with Node's start ${s(floor.cpuMs)} CPU`,
    );
    console.log(
      `read alone (streaming reader): ${s(read.ms)} wall, ${s(Number(read.detail?.readCpuMs))} CPU, peak RSS ${read.rssMiB} MiB, ${JSON.stringify(read.detail)}; ` +
        `ratio to the floor's unzip + scan ${(read.ms / Number(floor.detail?.scanMs)).toFixed(2)}× wall, ` +
        `${(Number(read.detail?.readCpuMs) / Number(floor.detail?.scanCpuMs)).toFixed(2)}× CPU`,
    );
    const schemaFloorCpuMs = Number(schema.detail?.schemaFloorCpuMs);
    console.log(
      `schema floor (unzip + scan + insert into the real entities table, its indexes maintained the cheapest known way): ` +
        `${s(schema.ms)} wall, ${s(schemaFloorCpuMs)} CPU (scan ${schema.detail?.scanMs} ms; insert, index builds and commit ` +
        `${schema.detail?.insertMs} ms), peak RSS ${schema.rssMiB} MiB`,
    );
    const importCpuMs = Number(imp.detail?.importCpuMs);
    console.log(
      `import ${N} rows: ${s(imp.ms)} wall, ${s(importCpuMs)} CPU (target ≤ 5 s); ` +
        `ratio to the schema floor ${(imp.ms / schema.ms).toFixed(2)}× wall, ${(importCpuMs / schemaFloorCpuMs).toFixed(2)}× CPU ` +
        `(target ≤ 2×, judged against the schema floor: the import must keep the product's indexes, which the bare table has not); ` +
        `to the bare floor ${(imp.ms / floor.ms).toFixed(2)}× wall, ${(importCpuMs / floorCpuMs).toFixed(2)}× CPU; ` +
        `peak RSS ${imp.detail?.importRssMiB} MiB (target ≤ 500 MiB); the log merged after the answer ${s(Number(imp.detail?.mergeMs))}; undo of the batch ${s(Number(imp.detail?.undoMs))}; ` +
        `counts ${JSON.stringify(imp.detail)}`,
    );
    console.log(
      `the same import both ways, one after the other: read whole in its thread ${s(Number(both.detail?.wholeMs))} wall, ` +
        `${s(Number(both.detail?.wholeCpuMs))} CPU; read in a worker while it writes ${s(Number(both.detail?.streamedMs))} wall, ` +
        `${s(Number(both.detail?.streamedCpuMs))} CPU, of which the writing thread ${s(Number(both.detail?.streamedThreadCpuMs))} ` +
        `(read whole: ${s(Number(both.detail?.wholeThreadCpuMs))}) (the app streams only with a core to spare; above: ${imp.detail?.read === 'streamed' ? 'streamed' : 'read whole'} at load ${Number(imp.detail?.load).toFixed(2)})`,
    );
    console.log(
      `preview then commit (the app's path): preview ${s(Number(pc.detail?.previewMs))} wall, ${s(Number(pc.detail?.previewCpuMs))} CPU; ` +
        `commit after it ${s(Number(pc.detail?.commitMs))} wall, ${s(Number(pc.detail?.commitCpuMs))} CPU ` +
        `(${(Number(pc.detail?.commitCpuMs) / schemaFloorCpuMs).toFixed(2)}× the schema floor's CPU); peak RSS ${pc.rssMiB} MiB`,
    );
    if (process.env.BENCH_SHEETJS === '1') {
      const sj = child('sheetjs', dir, file);
      console.log(
        `SheetJS parse + bare insert (the old baseline): ${s(sj.ms)} (parse ${sj.detail?.parseMs} ms), peak RSS ${sj.rssMiB} MiB; ` +
          `import / SheetJS ${(imp.ms / sj.ms).toFixed(2)}×`,
      );
    }
    console.log(
      `export ${exp.detail?.rows} rows: ${s(exp.ms)} (target ≤ 10 s); SheetJS unstyled writer on the same rows ${s(Number(exp.detail?.rawMs))}; ` +
        `ratio ${(exp.ms / Number(exp.detail?.rawMs)).toFixed(2)}×; peak RSS ${exp.detail?.exportRssMiB} MiB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
