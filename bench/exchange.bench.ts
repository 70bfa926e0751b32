/**
 * Excel exchange benchmark (SPEC §10): import a generated 100,000-row, 20-column .xlsx of market
 * entities, and export 100,000 rows, each measured against a raw baseline in the same run:
 *   - import vs raw: raw = SheetJS parse of the same file (dense mode) + a bare prepared-statement insert
 *     of every row's 20 cells into a bare table of an equally encrypted database. Ours = the real
 *     pipeline (reader with zip checks, header detection, normalisation and validation of every cell,
 *     upsert by identifier with undo log, FTS indexes, audit) in one transaction.
 *   - export: the target pool of the imported database written with our streaming writer (SheetJS CE
 *     cannot write the text formats, so the baseline is SheetJS's own unstyled writer on the same rows).
 * Each phase runs in its own child process so its peak RSS is its own. Size: BENCH_ROWS (default 100000).
 * Targets: import ≤ 15 s, ≤ 1.5× raw, peak RSS ≤ 1 GiB; export ≤ 10 s.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as XLSX from 'xlsx';
import { openAndMigrate, openDatabase } from '../electron/db/open.ts';
import type { Actor } from '../electron/services/authz.ts';
import { ENTITY_COLUMNS } from '../electron/services/exchange/export/entity-columns.ts';
import { runExport } from '../electron/services/exchange/export/run-export.ts';
import { writeXlsx } from '../electron/services/exchange/export/xlsx-writer.ts';
import { commitImport } from '../electron/services/exchange/import-service.ts';
import { undoBatch } from '../electron/services/exchange/undo.ts';
import { DEMO_COUNTY, generateDemoCounty } from '../shared/demo/index.ts';

const N = Number(process.env.BENCH_ROWS ?? 100_000);
const ACTOR: Actor = { username: 'bench', displayName: '基准测试', role: 'admin' };
const AT = '2026-11-01T00:00:00.000Z';
const EXTRA = ['许可证名称', '许可证编号', '许可批准日期', '有效期至'];

interface PhaseResult {
  ms: number;
  rssMiB: number;
  detail?: Record<string, unknown>;
}

function finish(ms: number, detail?: Record<string, unknown>): void {
  const rssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  console.log(`RESULT ${JSON.stringify({ ms, rssMiB, detail } satisfies PhaseResult)}`);
}

function makeFile(path: string): void {
  const columns = [...ENTITY_COLUMNS, ...EXTRA.map((header) => ({ header, value: () => null }))];
  let i = 0;
  function* rows() {
    for (const { entity } of generateDemoCounty({
      entities: N,
      seed: 'bench-exchange',
      county: DEMO_COUNTY,
      asOf: '2026-10-31',
    })) {
      i++;
      yield [
        ...ENTITY_COLUMNS.map((c) => c.value(entity)),
        '食品经营许可证',
        `JY1${String(330100 + (i % 900)).padStart(6, '0')}${String(i).padStart(7, '0')}`,
        '2021-06-29',
        i % 10 === 0 ? '9999-09-09' : '2026-06-28',
      ];
    }
  }
  writeXlsx(path, [{ name: '检查对象名录库', columns, rows: rows() }]);
}

function phaseRaw(file: string, dir: string): void {
  const t0 = performance.now();
  const wb = XLSX.read(readFileSync(file), { type: 'buffer', dense: true });
  const ws = wb.Sheets[wb.SheetNames[0]!]!;
  const data = ws['!data'] as XLSX.CellObject[][];
  const tParse = performance.now();
  const db = openDatabase(join(dir, 'raw.db'), randomBytes(32), { create: true });
  db.exec(`CREATE TABLE t (${Array.from({ length: 20 }, (_, c) => `c${c}`).join(', ')})`);
  const ins = db.prepare(`INSERT INTO t VALUES (${Array.from({ length: 20 }, () => '?').join(', ')})`);
  db.transaction(() => {
    for (let r = 1; r < data.length; r++) {
      const row = data[r] ?? [];
      const vals = new Array(20);
      for (let c = 0; c < 20; c++) vals[c] = row[c]?.v ?? null;
      ins.run(...vals);
    }
  })();
  db.close();
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
  const t0 = performance.now();
  const run = commitImport(db, ACTOR, { file: { path: file, fileName: 'bench.xlsx' }, kind: 'entities' }, AT);
  const ms = performance.now() - t0;
  const rssMiB = Math.round(process.resourceUsage().maxRSS / 1024);
  // Undo of the whole batch, then the same import again so the export phase has the rows.
  const t1 = performance.now();
  undoBatch(db, ACTOR, run.batchId!, AT);
  const undoMs = Math.round(performance.now() - t1);
  commitImport(db, ACTOR, { file: { path: file, fileName: 'bench.xlsx' }, kind: 'entities' }, AT);
  db.close();
  finish(ms, { ...run.counts, undoMs, importRssMiB: rssMiB });
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
  if (phase === 'raw') phaseRaw(file, dir);
  else if (phase === 'import') phaseImport(file, dir);
  else if (phase === 'export') phaseExport(dir);
} else {
  const dir = mkdtempSync(join(tmpdir(), 'creditdesk-bench-exchange-'));
  try {
    writeFileSync(join(dir, 'key'), randomBytes(32));
    const file = join(dir, 'entities.xlsx');
    const t = performance.now();
    makeFile(file);
    console.log(
      `generated ${N} rows × 20 columns in ${((performance.now() - t) / 1000).toFixed(1)} s (${(readFileSync(file).length / 1048576).toFixed(1)} MiB)`,
    );
    const raw = child('raw', dir, file);
    const imp = child('import', dir, file);
    const exp = child('export', dir, file);
    const s = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
    console.log(
      `import ${N} rows: ${s(imp.ms)} (target ≤ 15 s); raw SheetJS parse + prepared insert ${s(raw.ms)} ` +
        `(parse ${raw.detail?.parseMs} ms, insert ${raw.detail?.insertMs} ms); ratio ${(imp.ms / raw.ms).toFixed(2)}× (target ≤ 1.5×); ` +
        `peak RSS ${imp.detail?.importRssMiB} MiB (raw ${raw.rssMiB} MiB; target ≤ 1024 MiB); undo of the batch ${s(Number(imp.detail?.undoMs))}; ` +
        `counts ${JSON.stringify(imp.detail)}`,
    );
    console.log(
      `export ${exp.detail?.rows} rows: ${s(exp.ms)} (target ≤ 10 s); SheetJS unstyled writer on the same rows ${s(Number(exp.detail?.rawMs))}; ` +
        `ratio ${(exp.ms / Number(exp.detail?.rawMs)).toFixed(2)}×; peak RSS ${exp.detail?.exportRssMiB} MiB`,
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
