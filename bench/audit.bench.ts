/**
 * Audit log benchmark (issue 6; no SPEC §10 target): append N entries through appendAudit (each
 * chains to the head, as every audited change does) and verify the whole chain, against raw
 * baselines in the same run and the same encrypted database:
 *   - append vs raw: a bare prepared INSERT of the same rows with a sha256 each, no chain lookup.
 *   - verify vs raw: iterate every row and sha256 its fields, without the chain checks.
 * Size: BENCH_AUDIT_ENTRIES (default 200000 — years of a county bureau's activity).
 */
import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openAndMigrate } from '../electron/db/open.ts';
import { appendAudit } from '../electron/services/audit/log.ts';
import { verifyAuditChain } from '../electron/services/audit/verify.ts';

const N = Number(process.env.BENCH_AUDIT_ENTRIES ?? 200_000);
const dir = mkdtempSync(join(tmpdir(), 'creditdesk-bench-audit-'));
const key = randomBytes(32);

function entry(i: number) {
  return {
    at: new Date(Date.UTC(2026, 0, 1) + i * 60_000).toISOString(),
    actor: `user${i % 40}`,
    action: ['session.login', 'exchange.import', 'grading.run', 'sampling.draw'][i % 4]!,
    target: i % 3 ? `task:${i}` : null,
    detail: { n: i, note: '示范县市场监督管理局' },
  };
}

try {
  const db = openAndMigrate(join(dir, 'audit.db'), key, { create: true });
  db.exec(
    'CREATE TABLE raw_log (id INTEGER PRIMARY KEY, at TEXT, actor TEXT, action TEXT, target TEXT, detail TEXT, hash TEXT)',
  );

  let t = performance.now();
  const ins = db.prepare(
    'INSERT INTO raw_log (at, actor, action, target, detail, hash) VALUES (?, ?, ?, ?, ?, ?)',
  );
  db.transaction(() => {
    for (let i = 0; i < N; i++) {
      const e = entry(i);
      const d = JSON.stringify(e.detail);
      ins.run(e.at, e.actor, e.action, e.target, d, createHash('sha256').update(d).digest('hex'));
    }
  })();
  const rawAppend = performance.now() - t;

  t = performance.now();
  db.transaction(() => {
    for (let i = 0; i < N; i++) appendAudit(db, entry(i));
  })();
  const ourAppend = performance.now() - t;

  t = performance.now();
  let sink = 0;
  for (const r of db.prepare('SELECT * FROM raw_log ORDER BY id').iterate() as Iterable<
    Record<string, string>
  >) {
    sink += createHash('sha256')
      .update(JSON.stringify([r.at, r.actor, r.action, r.target, r.detail]))
      .digest()[0]!;
  }
  const rawVerify = performance.now() - t;

  t = performance.now();
  const result = verifyAuditChain(db);
  const ourVerify = performance.now() - t;
  db.close();
  if (!result.intact || result.entries !== N) throw new Error(`unexpected result ${JSON.stringify(result)}`);

  const rss = Math.round(process.resourceUsage().maxRSS / 1024);
  const line = (name: string, ours: number, raw: number) =>
    console.log(
      `${name.padEnd(16)} ${(ours / 1000).toFixed(2)} s   raw ${(raw / 1000).toFixed(2)} s   ratio ${(ours / raw).toFixed(2)}×`,
    );
  console.log(`audit log, ${N.toLocaleString('en')} entries (sink ${sink % 10})`);
  line('append (1 txn)', ourAppend, rawAppend);
  line('verify chain', ourVerify, rawVerify);
  console.log(`peak RSS ${rss} MiB`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
