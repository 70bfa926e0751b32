/**
 * Demo generation benchmark (issue 18 item 7): writeDemoCounty into a fresh encrypted database against
 * raw floors of the same rows, measured in the same run, each phase in its own child process:
 *   - demo: the product's path (generate, upsert, records, name indexes, index builds, audit) through
 *     its commit, in WAL, as first-run setup runs it in the app (and `creditdesk demo` into an existing
 *     database).
 *   - demo, new file: the same into a file created just now, as `creditdesk demo` writes the database
 *     it creates: without the WAL, synced once at the end (electron/db/unjournaled-write.ts).
 *   - generate: the generator alone (entities with their records, stored JSON and natural keys), no
 *     database: the share of the demo no write path can remove.
 *   - floor, schema: the same rows, generated before the clock starts, inserted with bare prepared
 *     single-row INSERTs into the app's own `entities` and `records` tables (their constraints, indexes
 *     and name-index triggers as migrated) in one transaction, then committed. What a plain loader pays.
 *   - floor, bare: the same rows and statements into tables with the same columns and no constraint,
 *     index or trigger, in an equally encrypted database: below any writer that keeps the schema.
 *   - floor, bare, no journal: the same, without the WAL and without fsync (journal in memory,
 *     synchronous OFF): the floor of the new-file path, which writes that way too.
 * Ratios are demo over floor, by wall and by CPU time (the phases' own, from the phase's start; CPU is
 * what a loaded machine still shows fairly). Sizes: BENCH_DEMO_SIZES (default "20000,100000").
 * Targets: 20,000 (a county) in seconds; 1 M ≤ 5 min (run `creditdesk demo --entities 1000000` for it).
 */
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { newDataKey } from '../electron/db/keyfile.ts';
import { type Db, openAndMigrate, openDatabase } from '../electron/db/open.ts';
import { writeUnjournaled } from '../electron/db/unjournaled-write.ts';
import { writeDemoCounty } from '../electron/services/entities/demo-writer.ts';
import { trustedRecordJson } from '../electron/services/entities/record-data.ts';
import { DEMO_COUNTY, generateDemoCounty } from '../shared/demo/index.ts';
import { recordNaturalKey } from '../shared/domain/records.ts';

const AT = '2026-11-01T08:00:00.000Z';
const SEED = 'bench-demo';
type Phase = 'demo' | 'demo-new-file' | 'generate' | 'floor-schema' | 'floor-bare' | 'floor-bare-nojournal';

interface PhaseResult {
  ms: number;
  cpuMs: number;
  rssMiB: number;
  records: number;
}

const cpuMs = () => {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
};

const ENTITY_COLUMNS =
  'uscc, reg_no, name, kind, legal_rep, region_code, township, jurisdiction, industry_code, industry_name, address, established_on, status, capital_amount, capital_unit, capital_currency, phone, tags, batch_id, created_at, updated_at';
const RECORD_COLUMNS = 'entity_id, type, date, natural_key, source, batch_id, data, created_at';

/** The rows the demo stores, generated up front (the floors' clocks start after this). */
function generatedRows(n: number) {
  const rows: { entity: (string | number | null)[]; records: string[][] }[] = [];
  for (const { entity: e, records } of generateDemoCounty({
    entities: n,
    seed: SEED,
    county: DEMO_COUNTY,
    asOf: '2026-10-31',
  })) {
    rows.push({
      entity: [
        e.uscc,
        e.regNo,
        e.name,
        e.kind,
        e.legalRep,
        e.regionCode,
        e.township,
        e.jurisdiction,
        e.industryCode,
        e.industryName,
        e.address,
        e.establishedOn,
        e.status,
        e.capitalAmount,
        e.capitalUnit,
        e.capitalCurrency,
        e.phone,
        JSON.stringify(e.tags),
      ],
      records: records.map((r) => [r.type, r.date, recordNaturalKey(r), trustedRecordJson(r)]),
    });
  }
  return rows;
}

function insertAll(db: Db, rows: ReturnType<typeof generatedRows>): number {
  const entity = db.prepare(
    `INSERT INTO entities (${ENTITY_COLUMNS}) VALUES (${new Array(21).fill('?').join(', ')})`,
  );
  const record = db.prepare(`INSERT INTO records (${RECORD_COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`);
  let n = 0;
  db.transaction(() => {
    rows.forEach((row, i) => {
      entity.run(...row.entity, 1, AT, AT);
      for (const r of row.records) {
        record.run(i + 1, r[0], r[1], r[2], 'demo', 1, r[3], AT);
        n++;
      }
    });
  })();
  return n;
}

function runPhase(phase: Phase, n: number, dir: string): PhaseResult {
  const path = join(dir, `${phase}.db`);
  let records = 0;
  let t0 = performance.now();
  let c0 = cpuMs();
  if (phase === 'demo' || phase === 'demo-new-file') {
    const db = openAndMigrate(path, newDataKey(), { create: true });
    t0 = performance.now();
    c0 = cpuMs();
    const write = () =>
      writeDemoCounty(db, {
        entities: n,
        seed: SEED,
        county: DEMO_COUNTY,
        actor: 'bench',
        at: AT,
      }).recordsInserted;
    records = phase === 'demo' ? write() : writeUnjournaled(db, write);
  } else if (phase === 'generate') {
    for (const { records: rs } of generateDemoCounty({
      entities: n,
      seed: SEED,
      county: DEMO_COUNTY,
      asOf: '2026-10-31',
    })) {
      for (const r of rs) {
        recordNaturalKey(r);
        trustedRecordJson(r);
      }
      records += rs.length;
    }
  } else {
    const db =
      phase === 'floor-schema'
        ? openAndMigrate(path, newDataKey(), { create: true })
        : openDatabase(path, newDataKey(), { create: true });
    if (phase === 'floor-bare-nojournal') {
      db.pragma('journal_mode = MEMORY');
      db.pragma('synchronous = OFF');
    }
    if (phase === 'floor-schema') {
      db.prepare(
        `INSERT INTO import_batches (kind, source, file_name, created_at, created_by) VALUES ('demo', 'demo', NULL, ?, 'bench')`,
      ).run(AT);
    } else {
      const cols = (list: string) =>
        list
          .split(', ')
          .map((c) => `${c} ANY`)
          .join(', ');
      db.exec(`CREATE TABLE entities (id INTEGER PRIMARY KEY, ${cols(ENTITY_COLUMNS)});
               CREATE TABLE records (id INTEGER PRIMARY KEY, ${cols(RECORD_COLUMNS)});`);
    }
    // The same page cache as the demo's write, so neither pays for evictions the other avoids.
    db.pragma('cache_size = -524288');
    const rows = generatedRows(n);
    t0 = performance.now();
    c0 = cpuMs();
    records = insertAll(db, rows);
  }
  return {
    ms: performance.now() - t0,
    cpuMs: cpuMs() - c0,
    rssMiB: Math.round(process.resourceUsage().maxRSS / 1024),
    records,
  };
}

if (process.argv[2] === 'phase') {
  const result = runPhase(process.argv[3] as Phase, Number(process.argv[4]), process.argv[5] as string);
  console.log(JSON.stringify(result));
} else {
  const sizes = (process.env.BENCH_DEMO_SIZES ?? '20000,100000').split(',').map(Number);
  const self = fileURLToPath(import.meta.url);
  const dir = mkdtempSync(join(tmpdir(), 'creditdesk-bench-demo-'));
  const f1 = (x: number) => x.toFixed(1);
  const s = (ms: number) => f1(ms / 1000);
  try {
    for (const n of sizes) {
      const r = {} as Record<Phase, PhaseResult>;
      for (const phase of [
        'generate',
        'floor-bare',
        'floor-bare-nojournal',
        'floor-schema',
        'demo',
        'demo-new-file',
      ] as const) {
        const child = spawnSync(process.execPath, [self, 'phase', phase, String(n), dir], {
          encoding: 'utf8',
        });
        if (child.status !== 0) throw new Error(`${phase} ${n}: ${child.stderr}`);
        r[phase] = JSON.parse(child.stdout.trim().split('\n').at(-1) ?? '{}') as PhaseResult;
        rmSync(join(dir, `${phase}.db`), { force: true });
        rmSync(join(dir, `${phase}.db-wal`), { force: true });
        rmSync(join(dir, `${phase}.db-shm`), { force: true });
        rmSync(join(dir, `${phase}.db.incomplete`), { force: true });
      }
      const { demo, generate } = r;
      const newFile = r['demo-new-file'];
      const bare = r['floor-bare'];
      const bareNoJournal = r['floor-bare-nojournal'];
      const schema = r['floor-schema'];
      const vs = (a: PhaseResult, floor: PhaseResult) =>
        `${f1(a.ms / floor.ms)}× wall, ${f1(a.cpuMs / floor.cpuMs)}× CPU`;
      console.log(
        `demo ${n} entities, ${demo.records} records (load ${f1(loadavg()[0] ?? 0)}), wall / CPU / peak RSS:`,
      );
      console.log(
        `  demo, WAL (app's first run)      ${s(demo.ms)} s, ${s(demo.cpuMs)} s, ${demo.rssMiB} MiB`,
      );
      console.log(
        `  demo, new file (creditdesk demo) ${s(newFile.ms)} s, ${s(newFile.cpuMs)} s, ${newFile.rssMiB} MiB`,
      );
      console.log(`  generator alone                  ${s(generate.ms)} s, ${s(generate.cpuMs)} s`);
      console.log(
        `  floor, bare INSERTs, app schema  ${s(schema.ms)} s, ${s(schema.cpuMs)} s → demo WAL ${vs(demo, schema)}`,
      );
      console.log(
        `  floor, bare INSERTs, bare tables ${s(bare.ms)} s, ${s(bare.cpuMs)} s → demo WAL ${vs(demo, bare)}; new file ${vs(newFile, bare)}`,
      );
      console.log(
        `  floor, bare tables, no journal   ${s(bareNoJournal.ms)} s, ${s(bareNoJournal.cpuMs)} s → new file ${vs(newFile, bareNoJournal)}`,
      );
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
