#!/usr/bin/env node
// `npm run bench`: every benchmark in bench/, one after another (each prints ratios to its own raw baseline).
import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';

let failed = 0;
for (const f of readdirSync('bench')
  .filter((n) => n.endsWith('.bench.ts'))
  .sort()) {
  console.log(`\n== ${f}`);
  const r = spawnSync(process.execPath, [`bench/${f}`], { stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
