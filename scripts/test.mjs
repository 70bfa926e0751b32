#!/usr/bin/env node
// The one test command (README, CI): lint, type-check, build every bundle, run unit and end-to-end
// tests, and close with a plain "N passed, N failed, N skipped" line.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const run = (cmd, args) => {
  console.log(`\n▶ ${cmd} ${args.join(' ')}`);
  const r = spawnSync(cmd, args, { stdio: 'inherit', shell: process.platform === 'win32' });
  return r.status ?? 1;
};

const steps = [
  ['npm', ['run', 'lint']],
  ['npm', ['run', 'typecheck']],
  ['npm', ['run', 'build']],
];
for (const [cmd, args] of steps) {
  if (run(cmd, args) !== 0) {
    console.error(`\n✗ ${cmd} ${args.join(' ')} failed`);
    console.log('0 passed, 1 failed');
    process.exit(1);
  }
}

const out = mkdtempSync(join(tmpdir(), 'creditdesk-vitest-'));
const report = join(out, 'report.json');
const status = run('npx', [
  'vitest',
  'run',
  '--reporter=default',
  '--reporter=json',
  `--outputFile.json=${report}`,
]);
let summary = {
  numPassedTests: 0,
  numFailedTests: status === 0 ? 0 : 1,
  numPendingTests: 0,
  numTodoTests: 0,
};
try {
  summary = JSON.parse(readFileSync(report, 'utf8'));
} catch {
  console.error('vitest 没有写出 JSON 报告');
}
rmSync(out, { recursive: true, force: true });
const skipped = summary.numPendingTests + summary.numTodoTests;
console.log(
  `\ntests: ${summary.numPassedTests} passed, ${summary.numFailedTests} failed, ${skipped} skipped`,
);
process.exit(status === 0 && summary.numFailedTests === 0 ? 0 : 1);
